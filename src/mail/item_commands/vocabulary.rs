//! The words of item commands, one table per language. The parser knows no word of its own: a
//! language is added by adding a [`Vocabulary`] to [`LANGUAGES`] (and lines to the golden file).

/// What a command does to the items it numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Done,
    Drop,
    /// Moves the due date; the date is written in the same clause ("to 15 Jan", "next week").
    Move,
}

/// A phrase that is a date counted from the day the mail was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(i64),
    Months(i64),
}

/// The words of one language. Phrases are lower case, words separated by single spaces; the
/// parser tries the longest phrase first, so "next week" wins over "next".
#[derive(Debug)]
pub struct Vocabulary {
    pub language: &'static str,
    pub verbs: &'static [(&'static str, Verb)],
    /// Phrases that are a date on their own; in a clause without another verb they move the item.
    pub relative_dates: &'static [(&'static str, Span)],
    /// Words that may stand in a command line without changing it ("item", "to", "please"). A
    /// line with any other word is not a command, so prose mentioning a number is left alone.
    pub fillers: &'static [&'static str],
    /// Words joining clauses ("2 done and 3 dropped"), like a comma.
    pub joiners: &'static [&'static str],
}

pub const ENGLISH: Vocabulary = Vocabulary {
    language: "en",
    verbs: &[
        ("done", Verb::Done),
        ("is done", Verb::Done),
        ("are done", Verb::Done),
        ("closed", Verb::Done),
        ("close", Verb::Done),
        ("finished", Verb::Done),
        ("finish", Verb::Done),
        ("completed", Verb::Done),
        ("complete", Verb::Done),
        ("did", Verb::Done),
        ("ticked off", Verb::Done),
        ("tick off", Verb::Done),
        ("drop", Verb::Drop),
        ("dropped", Verb::Drop),
        ("cancel", Verb::Drop),
        ("cancelled", Verb::Drop),
        ("canceled", Verb::Drop),
        ("remove", Verb::Drop),
        ("removed", Verb::Drop),
        ("delete", Verb::Drop),
        ("deleted", Verb::Drop),
        ("scrap", Verb::Drop),
        ("scrapped", Verb::Drop),
        ("no longer needed", Verb::Drop),
        ("not needed", Verb::Drop),
        ("move", Verb::Move),
        ("moved", Verb::Move),
        ("postpone", Verb::Move),
        ("postponed", Verb::Move),
        ("push", Verb::Move),
        ("pushed", Verb::Move),
        ("push back", Verb::Move),
        ("pushed back", Verb::Move),
        ("defer", Verb::Move),
        ("deferred", Verb::Move),
        ("reschedule", Verb::Move),
        ("rescheduled", Verb::Move),
        ("due", Verb::Move),
        ("now due", Verb::Move),
    ],
    relative_dates: &[
        ("next week", Span::Days(7)),
        ("a week", Span::Days(7)),
        ("one week", Span::Days(7)),
        ("two weeks", Span::Days(14)),
        ("a fortnight", Span::Days(14)),
        ("next month", Span::Months(1)),
        ("a month", Span::Months(1)),
        ("tomorrow", Span::Days(1)),
        ("next session", Span::Days(7)),
    ],
    fillers: &[
        "item", "items", "action", "no", "number", "num", "nr", "to", "until", "till", "by", "for",
        "on", "in", "the", "is", "are", "it", "now", "please", "ok", "okay", "also", "as", "of",
        "re", "pls", "both", "all", "already", "i", "we", "have", "has", "been", "you", "can",
        "mark", "marked", "them", "that", "this", "thanks", "thank", "back", "with",
    ],
    joiners: &["and", "then", "plus"],
};

/// Every language the parser reads, tried in turn on each line.
pub const LANGUAGES: &[&Vocabulary] = &[&ENGLISH];
