//! Which open item a mentee's "done: send the deck outline" names: the item that holds (nearly)
//! all of the words they wrote, whatever the case, punctuation or small differences of form
//! ("sent" for "send", "interviews" for "interview"). Words like "the" and "to" do not count.
//! An item is chosen only when it is clearly the best; otherwise none is, and nothing closes.

/// Words that say nothing about which item is meant.
const LITTLE_WORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "for", "on", "in", "at", "by", "with", "and", "or", "my", "our",
    "your", "her", "his", "their", "i", "we", "it", "is", "was", "be", "this", "that",
];

/// Share of the mentee's words an item must hold to be a candidate.
const MIN_SHARE: f64 = 0.6;
/// How far ahead of the second the best candidate must be.
const MIN_LEAD: f64 = 0.2;

/// What the mentee's words came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The index of the one item they name.
    One(usize),
    /// Several items fit about as well.
    Ambiguous,
    None,
}

/// The item of `items` (their texts) that `words` names.
pub fn match_item<S: AsRef<str>>(words: &str, items: &[S]) -> Match {
    let wanted = content_words(words);
    if wanted.is_empty() {
        return Match::None;
    }
    let mut scores: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let have = content_words(text.as_ref());
            let found = wanted
                .iter()
                .filter(|w| have.iter().any(|h| same_word(w, h)))
                .count();
            (i, found as f64 / wanted.len() as f64)
        })
        .filter(|(_, share)| *share >= MIN_SHARE)
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    match scores.as_slice() {
        [] => Match::None,
        [(best, _)] => Match::One(*best),
        [(best, first), (_, second), ..] if first - second >= MIN_LEAD => Match::One(*best),
        _ => Match::Ambiguous,
    }
}

fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !LITTLE_WORDS.contains(&w.as_str()))
        .collect()
}

/// The same word, or forms of one ("send"/"sent", "interview"/"interviews"): equal, or sharing
/// all but the last two letters of the shorter (at least three letters).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shared >= 3 && shared + 2 >= shorter && a.chars().count().abs_diff(b.chars().count()) <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEMS: [&str; 4] = [
        "Sam: send the roadmap deck outline to Maya by Friday",
        "Sam: shadow Priya's pricing review on 2 Dec",
        "Maya: introduce Sam to the risk team lead",
        "Run five discovery interviews",
    ];

    #[test]
    fn the_item_holding_the_words_is_chosen_whatever_their_form() {
        assert_eq!(match_item("send the deck outline", &ITEMS), Match::One(0));
        assert_eq!(match_item("Sent the deck outline!", &ITEMS), Match::One(0));
        assert_eq!(match_item("DECK OUTLINE", &ITEMS), Match::One(0));
        assert_eq!(
            match_item("shadowed the pricing review", &ITEMS),
            Match::One(1)
        );
        assert_eq!(
            match_item("ran the discovery interviews", &ITEMS),
            Match::One(3)
        );
    }

    #[test]
    fn words_no_item_holds_or_several_hold_close_nothing() {
        assert_eq!(match_item("book the offsite", &ITEMS), Match::None);
        assert_eq!(match_item("the", &ITEMS), Match::None);
        assert_eq!(match_item("Sam", &ITEMS), Match::Ambiguous);
        let twins = ["Send the deck to Maya", "Send the deck to Priya"];
        assert_eq!(match_item("send the deck", &twins), Match::Ambiguous);
        assert_eq!(match_item("send the deck to Priya", &twins), Match::One(1));
    }
}
