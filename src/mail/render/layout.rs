//! The shape every mail shares. Each mail is written as a [`Mail`]: a subject and a list of
//! blocks (paragraphs, questions, a quote, lists with an optional heading). The askama templates
//! under `templates/mail/` turn it into both alternatives: `mail.html` (extending the one HTML
//! layout, `layout.html`: title, viewport, colour schemes, a 600px column, inline styles, the
//! footer) and `mail.txt` (extending `layout.txt`). Both are rendered from the same blocks, so the
//! plain text says what the HTML says; the HTML template escapes every value.

use askama::Template;

use super::Rendered;

/// The words of one mail before its footer links are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub programme: String,
    pub blocks: Vec<Block>,
    /// Why the recipient gets this mail, one sentence for the footer.
    pub reason: String,
    /// Who reads replies to this mail: whether a reply of "pause" or "stop" is a command.
    pub replies: Replies,
}

/// Where a reply to the mail goes, which decides how the footer says to stop mail without links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replies {
    /// The mentee's reply address: "pause 2 weeks" and "stop" are commands.
    MenteeCommands,
    /// The mentor's notes address: a reply is recorded as notes, not read as a command.
    MentorNotes,
    /// A notice answering the recipient's own mail: nothing to stop.
    Notice,
}

/// One block of a mail's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// Questions to answer, each on a line of its own in the text and set apart in the HTML, so
    /// that a reader can answer under each one (the parser maps such answers back by the
    /// question's text).
    Questions(Vec<String>),
    /// Words of the reader's own, quoted back to them.
    Quote(String),
    List {
        heading: Option<String>,
        items: Vec<Item>,
    },
}

/// A list item, with an optional bold label ("3 Dec", "Goal").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: Option<String>,
    pub text: String,
    /// Where the text links to (a kept file); shown after the text in the plain part.
    pub link: Option<String>,
}

impl Item {
    pub fn plain(text: impl Into<String>) -> Self {
        Item {
            label: None,
            text: text.into(),
            link: None,
        }
    }

    pub fn labelled(label: impl Into<String>, text: impl Into<String>) -> Self {
        Item {
            label: Some(label.into()),
            text: text.into(),
            link: None,
        }
    }

    /// `text` linking to `link`; plain text when the link is empty.
    pub fn linked(text: impl Into<String>, link: impl Into<String>) -> Self {
        let link = link.into();
        Item {
            label: None,
            text: text.into(),
            link: (!link.is_empty()).then_some(link),
        }
    }
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph(text.into())
    }

    /// A list under a heading; `None` when there is nothing to list, so empty sections vanish.
    pub fn list(heading: impl Into<String>, items: Vec<Item>) -> Option<Self> {
        (!items.is_empty()).then(|| Block::List {
            heading: Some(heading.into()),
            items,
        })
    }
}

/// The links in a mail's footer, known only when it is sent (they carry the recipient's signed
/// token). All `None` for notices and when the deployment has no HTTPS endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FooterLinks {
    pub preferences: Option<String>,
    pub unsubscribe: Option<String>,
    /// The `unsubscribe+TOKEN@` address, whose mail is read as "stop" (also in List-Unsubscribe).
    pub stop_address: Option<String>,
}

impl FooterLinks {
    pub fn has_links(&self) -> bool {
        self.preferences.is_some() || self.unsubscribe.is_some()
    }

    /// Without links: how the reader stops or pauses this mail by mail.
    pub fn how_to_stop(&self, mail: &Mail) -> Option<String> {
        match mail.replies {
            Replies::MenteeCommands => Some(
                "To take a break, reply \"pause 2 weeks\"; to stop these mails, reply \"stop\"."
                    .to_string(),
            ),
            Replies::MentorNotes => self
                .stop_address
                .as_ref()
                .map(|address| format!("To stop these mails, send any mail to {address}.")),
            Replies::Notice => None,
        }
    }
}

#[derive(Template)]
#[template(path = "mail/mail.html")]
struct HtmlMail<'a> {
    mail: &'a Mail,
    links: &'a FooterLinks,
}

#[derive(Template)]
#[template(path = "mail/mail.txt")]
struct TextMail<'a> {
    mail: &'a Mail,
    links: &'a FooterLinks,
}

impl Mail {
    /// Both alternatives, with `links` in the footer.
    pub fn render(&self, links: &FooterLinks) -> Rendered {
        let html = HtmlMail { mail: self, links }
            .render()
            .expect("the mail template renders (it only formats strings)");
        let text = TextMail { mail: self, links }
            .render()
            .expect("the text template renders (it only formats strings)");
        Rendered {
            subject: self.subject.clone(),
            text: tidy_text(&text),
            html: html.trim_start().to_string() + "\n",
        }
    }
}

/// No trailing spaces (but the signature separator's), at most one blank line in a row, one
/// final newline: the text template's loops leave some.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = if line == "-- " { line } else { line.trim_end() };
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// At most `max` characters of `text` on one line, cut at a word with "..." when longer.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(max) {
        Some((cut, _)) => {
            let head = &joined[..cut];
            // Cut inside a word: drop the word's start.
            let head = if joined[cut..].starts_with(' ') {
                head
            } else {
                head.rsplit_once(' ').map_or(head, |(words, _)| words)
            };
            format!("{}...", head.trim_end_matches([',', ';', ':', '.']))
        }
        None => joined,
    }
}

/// At most 300 characters of `text` on one line.
pub(super) fn one_line(text: &str) -> String {
    shorten(text, 300)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(replies: Replies) -> Mail {
        Mail {
            subject: "P: <subject> & more".into(),
            programme: "P".into(),
            blocks: vec![
                Block::paragraph("Hi <b>Sam</b>,"),
                Block::Questions(vec!["First?".into(), "Second & last?".into()]),
            ],
            reason: "Because.".into(),
            replies,
        }
    }

    #[test]
    fn html_escapes_every_value_and_text_keeps_it_verbatim() {
        let rendered = mail(Replies::Notice).render(&FooterLinks::default());
        assert!(
            rendered
                .html
                .contains("<title>P: &#60;subject&#62; &#38; more</title>")
        );
        assert!(rendered.html.contains("Hi &#60;b&#62;Sam&#60;/b&#62;,"));
        assert!(
            rendered
                .text
                .starts_with("Hi <b>Sam</b>,\n\nFirst?\n\nSecond & last?\n")
        );
    }

    #[test]
    fn the_footer_has_links_or_says_how_to_stop_by_mail() {
        let links = FooterLinks {
            preferences: Some("https://x.test/u/preferences?t=a&b".into()),
            unsubscribe: Some("https://x.test/u?t=a".into()),
            stop_address: Some("unsubscribe+t@x.test".into()),
        };
        let with_links = mail(Replies::MenteeCommands).render(&links);
        assert!(
            with_links
                .html
                .contains("href=\"https://x.test/u/preferences?t=a&#38;b\"")
        );
        assert!(
            with_links
                .text
                .contains("Preferences: https://x.test/u/preferences?t=a&b\nUnsubscribe: ")
        );
        assert!(!with_links.text.contains("reply \"stop\""));
        let local = FooterLinks {
            stop_address: links.stop_address.clone(),
            ..FooterLinks::default()
        };
        let mentee = mail(Replies::MenteeCommands).render(&local);
        assert!(mentee.text.contains("reply \"stop\"."), "{}", mentee.text);
        let mentor = mail(Replies::MentorNotes).render(&local);
        assert!(
            mentor
                .html
                .contains("send any mail to unsubscribe+t@x.test")
        );
        assert!(!mail(Replies::Notice).render(&local).text.contains("stop"));
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("ship the new pricing page", 12), "ship the new...");
        assert_eq!(shorten("short", 12), "short");
    }
}
