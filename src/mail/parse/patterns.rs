//! The vocabulary mail clients write: header labels of quoted and forwarded messages, attribution
//! verbs, forward separators and subject prefixes, mobile footers, in the languages clients are
//! localised into. Every pattern uses the `regex` crate (linear time, no backtracking).

use std::sync::LazyLock;

use regex::Regex;

/// Which header a label introduces in a quoted or forwarded header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKey {
    From,
    To,
    Cc,
    Date,
    Subject,
    ReplyTo,
}

// Longer labels come before their prefixes ("De la" before "De") so that the first alternative
// that lets the whole pattern match is the most specific one.
const FROM_LABELS: &[&str] = &[
    "From",
    "Von",
    "De la",
    "De",
    "Van",
    "Da",
    "Od",
    "Fra",
    "Från",
    "Frá",
    "Lähettäjä",
    "Feladó",
    "Šalje",
    "Expeditorul",
    "Отправитель",
    "От",
    "Від кого",
    "Від",
    "Kimden",
    "Gönderen",
    "Saatja",
    "Mittente",
    "Nadawca",
    "Afzender",
    "Remitente",
    "Remetente",
    "Expéditeur",
    "Absender",
    "送信元",
    "差出人",
    "发件人",
    "寄件者",
    "寄件人",
    "보낸 사람",
    "보낸사람",
];
const TO_LABELS: &[&str] = &[
    "To",
    "An",
    "À",
    "Aan",
    "Para",
    "Til",
    "Till",
    "Do",
    "Komu",
    "Kime",
    "Кому",
    "Címzett",
    "Vastaanottaja",
    "Prima",
    "Pre",
    "Pour",
    "Adresat",
    "Destinatarul",
    "Destinatario",
    "Destinataire",
    "Către",
    "Alıcı",
    "A",
    "收件人",
    "宛先",
    "送信先",
    "받는 사람",
    "받는사람",
];
const CC_LABELS: &[&str] = &[
    "Cc",
    "Kopie \\(CC\\)",
    "Kopie",
    "Kopio",
    "Kopi",
    "Kopia",
    "Kópia",
    "Másolatot kap",
    "Másolat",
    "Dw",
    "Копия",
    "Копія",
    "Bilgi",
    "Copie à",
    "Copie",
    "Cópia",
    "Copia",
    "抄送",
    "副本",
    "참조",
];
const DATE_LABELS: &[&str] = &[
    "Sent",
    "Date",
    "Datum",
    "Dato",
    "Envoyé le",
    "Envoyé",
    "Fecha",
    "Enviado el",
    "Enviado em",
    "Enviada em",
    "Enviado",
    "Päivämäärä",
    "Päiväys",
    "Lähetetty",
    "Dátum",
    "Data",
    "Dată",
    "Дата",
    "Отправлено",
    "Відправлено",
    "Tarih",
    "Gönderildi",
    "Gönderilen",
    "Gesendet",
    "Verzonden",
    "Verstuurd",
    "Inviato",
    "Wysłano",
    "Skickat",
    "Sendt",
    "Odesláno",
    "Odoslané",
    "Elküldve",
    "Trimis",
    "Poslano",
    "Message du",
    "日付",
    "日期",
    "发送时间",
    "送信日時",
    "날짜",
    "보낸 날짜",
];
const SUBJECT_LABELS: &[&str] = &[
    "Subject",
    "Betreff",
    "Objet",
    "Asunto",
    "Assunto",
    "Oggetto",
    "Onderwerp",
    "Emne",
    "Ämne",
    "Temat",
    "Předmět",
    "Predmet",
    "Tárgy",
    "Aihe",
    "Тема",
    "Konu",
    "Sujet",
    "Naslov",
    "Subiectul",
    "Subiect",
    "Efni",
    "主题",
    "主旨",
    "件名",
    "제목",
];
const REPLY_TO_LABELS: &[&str] = &[
    "Reply-To",
    "Antwort an",
    "Répondre à",
    "Responder a",
    "Rispondi a",
    "Antwoord aan",
    "Odpowiedź-do",
    "Svara till",
    "Svar til",
    "Odpověď na",
    "Odgovori na",
    "Ответ-Кому",
];

fn alternation(labels: &[&str]) -> String {
    labels.join("|")
}

fn header_groups() -> String {
    format!(
        "(?P<from>{})|(?P<to>{})|(?P<cc>{})|(?P<date>{})|(?P<subject>{})|(?P<replyto>{})",
        alternation(FROM_LABELS),
        alternation(TO_LABELS),
        alternation(CC_LABELS),
        alternation(DATE_LABELS),
        alternation(SUBJECT_LABELS),
        alternation(REPLY_TO_LABELS),
    )
}

/// A header line of a quoted or forwarded block: `From: …`, `*Sent:* …`, `Objet : …`, `件名：…`.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[ \t\u{{a0}}]*\*{{0,2}}[ \t]*(?:{})[ \t\u{{a0}}]*\*{{0,2}}[ \t\u{{a0}}]*[:：]\*{{0,2}}[ \t\u{{a0}}]*(?P<value>.*)$",
        header_groups()
    ))
    .expect("header line pattern")
});

/// The same labels found anywhere in a line, for clients (Yahoo) that run a header block into
/// one line: `From: A <a@b>To: c@d Subject: x`.
static HEADER_LABEL_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})[ \t\u{{a0}}]*[:：]", header_groups()))
        .expect("inline header pattern")
});

fn key_of(caps: &regex::Captures<'_>) -> Option<HeaderKey> {
    [
        ("from", HeaderKey::From),
        ("to", HeaderKey::To),
        ("cc", HeaderKey::Cc),
        ("date", HeaderKey::Date),
        ("subject", HeaderKey::Subject),
        ("replyto", HeaderKey::ReplyTo),
    ]
    .into_iter()
    .find(|(name, _)| caps.name(name).is_some())
    .map(|(_, key)| key)
}

/// `From: x` -> (From, "x"). None for a line that is no header line.
pub fn header_line(line: &str) -> Option<(HeaderKey, &str)> {
    // Cheap checks first: this runs on every line of every mail.
    if line.len() > 2000 || !line.contains([':', '：']) {
        return None;
    }
    let caps = HEADER_LINE.captures(line)?;
    let key = key_of(&caps)?;
    let value = caps.name("value").map_or("", |m| m.as_str());
    Some((key, value))
}

/// Yahoo drops the colon after a few localised labels in its one-line header block
/// ("…corp>Dw Walter …", "…CETAssunto Integer …").
static COLONLESS_INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<cc>Dw)|(?P<subject>Assunto))[ \t]").expect("colonless label pattern")
});

/// Split a one-line header block into (key, value) pairs, in order.
pub fn inline_headers(line: &str) -> Vec<(HeaderKey, String)> {
    let mut starts: Vec<(usize, usize, HeaderKey)> = Vec::new();
    for caps in COLONLESS_INLINE_LABEL.captures_iter(line) {
        let Some(whole) = caps.get(0) else { continue };
        let after_block = line[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c == '>' || c.is_uppercase() || c.is_ascii_digit());
        let key = if caps.name("cc").is_some() {
            HeaderKey::Cc
        } else {
            HeaderKey::Subject
        };
        if after_block {
            starts.push((whole.start(), whole.end(), key));
        }
    }
    for caps in HEADER_LABEL_ANYWHERE.captures_iter(line) {
        let Some(whole) = caps.get(0) else { continue };
        // A label glued to a lower-case letter is part of a word ("Nathan:"), not a label.
        let glued = line[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_lowercase());
        if glued {
            continue;
        }
        if let Some(key) = key_of(&caps) {
            starts.push((whole.start(), whole.end(), key));
        }
    }
    starts.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (i, &(_, value_start, key)) in starts.iter().enumerate() {
        let value_end = starts.get(i + 1).map_or(line.len(), |next| next.0);
        out.push((key, line[value_start..value_end].trim().to_string()));
    }
    out
}

/// The words clients use for "wrote" in an attribution line.
const WROTE: &str = r"wrote|writes|schrieb|schreibt|schreef|geschreven|a\s+écrit|écrit|escribió|escrit|escreveu|ha\s+scritto|scritto|skrev|skriver|napisał\(a\)|napisała|napisał|napsal\(a\)|napsala|napsal|pisze|kirjoitti|написал\(а\)|написала|написал|пише|написав|ezt\s+írta|írta|yazdı|a\s+scris|napísal|följande|έγραψε|写道|寫道|작성|のメッセージ";

/// An attribution line above a quote, in any language: it names the author (an address or a
/// date) and ends with the verb, or with a colon after it.
static ATTRIBUTION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[-\s]*\S.{{0,400}}?(?:^|[\s,>)\]»”]|\b)(?:{WROTE})(?:[^.!?]|\.\S|\.\s+(?-i:[^\sA-Z])){{0,120}}[:：]?[\s-]*$"
    ))
    .expect("attribution pattern")
});

/// Attributions without a verb: `2017-11-24 16:32 GMT+01:00 Name <a@b>:`,
/// `ср, 30 апр. 2025 г. в 15:19, Name <a@b>:`.
static ATTRIBUTION_ADDRESS_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-\s]*\S.{0,400}@[^\s<>()\[\]]+\s*[>)\]]\s*[:：]\s*$")
        .expect("attribution address pattern")
});

/// An attribution ends with a colon, or with the verb itself ("… wrote", "---- … wrote ----").
pub fn ends_like_attribution(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with([':', '：']) {
        return true;
    }
    let tail = text.trim_end_matches(['-', ' ']);
    let last_word = tail.rsplit(' ').next().unwrap_or(tail);
    last_word.eq_ignore_ascii_case("wrote") || last_word.ends_with("写道")
}

static DATE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,4}[:./\-年][0-9]").expect("date pattern"));

static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[-\s]*(?:on|le|am|el|il|em|op|den|dne|dnia|w dniu|in data|il giorno|kl\.|\d)\b",
    )
    .expect("opener pattern")
});

/// Does this (possibly joined) line read as an attribution ("On … wrote:")? It must name a date
/// or an address. `strict` (used when no `>` quote follows, so everything below would be cut)
/// also wants an address, a date-like number, or the usual opening word.
pub fn is_attribution(text: &str, strict: bool) -> bool {
    let text = text.trim().trim_start_matches('\u{feff}').trim();
    if !ends_like_attribution(text)
        || text.chars().count() > 500
        || !text.chars().any(|c| c.is_ascii_digit() || c == '@')
    {
        return false;
    }
    if strict && !(text.contains('@') || DATE_LIKE.is_match(text) || OPENER.is_match(text)) {
        return false;
    }
    ATTRIBUTION_VERB.is_match(text) || ATTRIBUTION_ADDRESS_COLON.is_match(text)
}

/// Closing phrases after which only a name and a signature follow.
static VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:best|kind|warm|warmest|many|with)\s+)?(?:\w+\s+and\s+)?(?:regards|wishes|cheers|cordialement|bien à vous|mit freundlichen grüßen|viele grüße|beste grüße|saludos|un saludo|atentamente|cordiali saluti|distinti saluti|met vriendelijke groet|vriendelijke groeten|pozdrawiam|с уважением|s pozdravem|med vänlig hälsning|vänliga hälsningar|venlig hilsen|med vennlig hilsen|atenciosamente|bonne (?:journée|soirée))\b[^\n]{0,12}$",
    )
    .expect("valediction pattern")
});

pub fn is_valediction(line: &str) -> bool {
    line.chars().count() <= 40 && VALEDICTION.is_match(line)
}

/// Short closings ("Best,", "Thanks,") that end a mail only when just a name follows.
static SHORT_VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:best|all the best|thanks|many thanks|thank you|thx|cheers|merci|danke|gracias|grazie|obrigad[oa]|dank je|tack|takk|dzięki|спасибо)\s*[,.!]?\s*$")
        .expect("short valediction pattern")
});

pub fn is_short_valediction(line: &str) -> bool {
    line.chars().count() <= 30 && SHORT_VALEDICTION.is_match(line)
}

/// Separators that open a forwarded message, whatever the subject says.
static FORWARD_SEPARATOR_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*-{2,}\s*(?:forwarded message|weitergeleitete nachricht|mensaje reenviado|message transféré|message transmis|messaggio inoltrato|doorgestuurd bericht|videresendt (?:meddelelse|melding|besked)|vidarebefordrat meddelande|przekazana wiadomość|treść przekazanej wiadomości|wiadomość przesłana dalej|mensagem (?:encaminhada|reencaminhada)|mesaj redirecționat|пересылаемое сообщение|перенаправленное сообщение|перенаправлене повідомлення|переслане повідомлення|přeposlaná zpráva|preposlaná správa(?:\s*-+\s*forwarded message)?|továbbított üzenet|edelleenlähetetty viesti|välitetty viesti(?:\s*/\s*fwd\.msg)?|proslijeđena poruka|i̇letilmiş mesaj|iletilmiş mesaj|İletilmiş Mesaj|i̇letilen i̇leti|iletilen ileti|İletilen İleti|メッセージを転送|转发的邮件|轉寄的郵件|전달된 메시지|forwarded e-?mail)\s*-{2,}(?P<rest>.*)$",
    )
    .expect("dashed forward separator")
});

/// Apple Mail's and MailMate's "Begin forwarded message:" in its localised forms.
static FORWARD_SEPARATOR_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:begin forwarded message|začátek přeposílané zprávy|start på videresendt besked|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|välitetty viesti alkaa|début du message réexpédié|début du message transféré|započni proslijeđenu poruku|továbbított levél kezdete|inizio messaggio inoltrato|begin doorgestuurd bericht|videresendt melding|początek przekazywanej wiadomości|início da mensagem reencaminhada|início da mensagem encaminhada|începe mesajul redirecționat|начало переадресованного сообщения|začiatok preposlanej správy|vidarebefordrat mejl|i̇leti başlangıcı|ileti başlangıcı|İleti başlangıcı|початок листа, що пересилається|forwarded message|転送されたメッセージ)\s*[:：]\s*$",
    )
    .expect("colon forward separator")
});

/// IONOS writes forwards under a long dashed "Original Message" line.
static FORWARD_SEPARATOR_LONG_ORIGINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*-{8,}\s*original message\s*-{8,}\s*$").expect("long original separator")
});

/// What a forward separator found on a line.
pub struct ForwardSeparator {
    /// Header text that follows the separator on the same line (Yahoo), if any.
    pub rest: String,
}

pub fn forward_separator(line: &str) -> Option<ForwardSeparator> {
    if line.len() > 4000 || !line.contains('-') && !line.trim_end().ends_with([':', '：']) {
        return None;
    }
    if let Some(caps) = FORWARD_SEPARATOR_DASHED.captures(line) {
        let rest = caps.name("rest").map_or("", |m| m.as_str()).trim();
        return Some(ForwardSeparator {
            rest: rest.to_string(),
        });
    }
    if FORWARD_SEPARATOR_COLON.is_match(line) || FORWARD_SEPARATOR_LONG_ORIGINAL.is_match(line) {
        return Some(ForwardSeparator {
            rest: String::new(),
        });
    }
    None
}

/// "-----Original Message-----" and its translations: the rest is quoted history.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*[-_=*]{2,}\s*(?:original message|oprindelig besked|opprinnelig melding|message d'origine|ursprüngliche nachricht|originalnachricht|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|origineel bericht|originalmeddelande|ursprungligt meddelande|alkuperäinen viesti|wiadomość oryginalna|oryginalna wiadomość|původní zpráva|pôvodná správa|eredeti üzenet|исходное сообщение|оригинальное сообщение|orijinal mesaj|mesaj original|原始邮件|原始郵件|元のメッセージ|원본 메시지|reply message|reply)\s*[-_=*]*\s*$",
    )
    .expect("original message pattern")
});

pub fn is_original_message_line(line: &str) -> bool {
    line.len() < 200
        && ["--", "__", "==", "**"]
            .iter()
            .any(|rule| line.contains(rule))
        && ORIGINAL_MESSAGE.is_match(line)
}

/// Subject prefixes that clients put on forwards (Fwd:, FW:, TR:, WG:, RV:, I:, VS:, PD:, …).
static FORWARD_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\[[^\]]{0,40}\]\s*)?(?:fwd?|tr|wg|rv|i|vs|vb|vl|pd|enc|redir\.?|videresend|doorst|i̇lt|ilt|İLT|trs|rif|转发|轉寄|转|전달|転送)\s*[:：]",
    )
    .expect("forward subject pattern")
});

pub fn is_forward_subject(subject: &str) -> bool {
    FORWARD_SUBJECT.is_match(subject)
}

/// The subject without its forward prefix.
pub fn strip_forward_prefix(subject: &str) -> String {
    match FORWARD_SUBJECT.find(subject) {
        Some(m) => subject[m.end()..].trim().to_string(),
        None => subject.trim().to_string(),
    }
}

/// Footers that mobile and web clients add, and the classic signature delimiters.
static SIGNATURE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:--\s?|sent from [^,!?<]{1,40}(?:<[^>]*>)?|sent with .{0,60}|sent via .{0,60}|get outlook for .*|get the .{1,40} app.*|envoyé de mon .*|envoyé depuis .*|envoyé à partir de .*|télécharger outlook pour .*|von meinem .{0,60} gesendet.*|gesendet von .*|gesendet mit .{0,60}|enviado desde .*|enviado do meu .*|enviado de meu .*|enviado a partir do .*|inviato da .*|inviato dal mio .*|verzonden vanaf .*|verstuurd vanaf .*|verzonden met .{0,60}|sendt fra .*|skickat från .*|lähetetty .{0,40}(?:iphone|ipad|android|laitteesta|puhelimesta).*|wysłane z .*|отправлено с .*|odesláno z .*|odoslané z .*|从我的.*发送|发自我的.{1,30}|從我的.{1,30}傳送|iphoneから送信|.{1,20}から送信|.{1,20}에서 보냄)$",
    )
    .expect("signature pattern")
});

pub fn is_signature_start(line: &str) -> bool {
    let trimmed = line.trim_end().trim_start_matches('\u{feff}');
    trimmed.chars().count() <= 100 && SIGNATURE_START.is_match(trimmed)
}

/// A line made only of rule characters (Outlook's underscores, dashes, equals signs).
pub fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 2 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_in_several_languages() {
        assert_eq!(
            header_line("From: A <a@b.c>").map(|h| h.0),
            Some(HeaderKey::From)
        );
        assert_eq!(
            header_line("Envoyé le :jeudi 15").map(|h| h.0),
            Some(HeaderKey::Date)
        );
        assert_eq!(
            header_line("   Objet : x").map(|h| h.0),
            Some(HeaderKey::Subject)
        );
        assert_eq!(
            header_line("*Sent:* Monday").map(|h| h.0),
            Some(HeaderKey::Date)
        );
        assert_eq!(
            header_line("件名：x").map(|h| h.0),
            Some(HeaderKey::Subject)
        );
        assert!(header_line("The data comes From: our database").is_none());
    }

    #[test]
    fn attributions_in_several_languages() {
        for line in [
            "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:",
            "Le lun. 15 nov. 2021 à 19:42, John <john@acme.com> a écrit :",
            "Am 13.12.2017 21:11 schrieb \"John <s@mail.com>:",
            "El 5 ene 2020, a las 10:00, Ana <ana@x.es> escribió:",
            "Op 12 december 2016 19:05 schreef Company <q@company.com>:",
            "W dniu 2017-01-09 11:59:39 użytkownik C <q@c.com> napisał:",
            "2017-11-24 16:32 GMT+01:00 Baptiste <b@crisp.chat>:",
            "ср, 30 апр. 2025 г. в 15:19, John Doe <doe@example.com>:",
            "On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote",
            "Ana <ana@x.hu> ezt írta (időpont: 2020. jan. 5., H, 10:00):",
            "Am Mo., 5. Jan. 2020 um 10:00 Uhr schrieb Ana <ana@x.de>:",
            "Den mån 5 jan. 2020 kl 10:00 skrev Ana <ana@x.se>:",
            "pon., 5 sty 2020 o 10:00 Ana <ana@x.pl> napisał(a):",
            "Em seg., 5 de jan. de 2020 às 10:00, Ana <ana@x.pt> escreveu:",
            "Il giorno lun 5 gen 2020 alle ore 10:00 Ana <ana@x.it> ha scritto:",
            "пн, 5 янв. 2020 г. в 10:00, Ана <ana@x.ru>:",
            "在 2020年1月5日 10:00，Ana <ana@x.cn> 写道：",
            "2020年1月5日(月) 10:00 Ana <ana@x.jp>:",
            "2020/01/05 10:00、Ana <ana@x.jp>のメッセージ:",
            "2020. 1. 5. 오전 10:00, Ana <ana@x.kr>님이 작성:",
            "Ana <ana@x.tr>, 5 Oca 2020 Pzt, 10:00 tarihinde şunu yazdı:",
        ] {
            assert!(is_attribution(line, true), "{line}");
        }
        for line in [
            "On the other hand, we should be careful about edge cases.",
            "Jan 15, 2024 at 14:30",
            "It's how they handled patterns like \"wrote:\" in them.",
            "One outstanding question I had:",
            "He wrote it in 2020. Here is what I think:",
        ] {
            assert!(!is_attribution(line, false), "{line}");
        }
    }

    #[test]
    fn mobile_footers() {
        for line in [
            "Sent from my iPhone",
            "Get Outlook for iOS<https://aka.ms/o0ukef>",
            "Von meinem iPhone gesendet",
            "Envoyé de mon iPhone",
            "Enviado desde mi iPhone",
            "Sent from Yahoo Mail on Android",
            "发自我的iPhone",
            "-- ",
        ] {
            assert!(is_signature_start(line), "{line}");
        }
        for line in [
            "Sent from my desk, is much easier then my mobile phone.",
            "-- first point",
            "----",
        ] {
            assert!(!is_signature_start(line), "{line}");
        }
    }

    #[test]
    fn forward_subjects() {
        assert!(is_forward_subject("Fwd: hello"));
        assert!(is_forward_subject("TR: hello"));
        assert!(!is_forward_subject("Re: Fwd: hello"));
        assert_eq!(strip_forward_prefix("WG: Integer"), "Integer");
    }

    #[test]
    fn yahoo_inline_headers_split() {
        let h = inline_headers("From: John <j@a.com>To: \"b@a.com\" <b@a.com>Subject: Hi");
        let keys: Vec<_> = h.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            vec![HeaderKey::From, HeaderKey::To, HeaderKey::Subject]
        );
        assert_eq!(h[2].1, "Hi");
    }
}
