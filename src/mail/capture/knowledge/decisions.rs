//! How people say they decided: verbs and phrases of deciding, the labels and headings that mark
//! a decision, and the answers that mean "no decision".

/// A phrase of deciding. `needs_subject`: only with a subject right before it ("I declined the
/// offer", not "traffic declined").
pub struct Cue {
    pub phrase: &'static str,
    pub needs_subject: bool,
}

const fn cue(phrase: &'static str) -> Cue {
    Cue {
        phrase,
        needs_subject: false,
    }
}

const fn with_subject(phrase: &'static str) -> Cue {
    Cue {
        phrase,
        needs_subject: true,
    }
}

/// Phrases that state a decision taken (finite forms only: "decide" alone is a plan or a question).
pub const CUES: &[Cue] = &[
    cue("decided"),
    cue("chose"),
    cue("have chosen"),
    cue("has chosen"),
    cue("i've chosen"),
    cue("we've chosen"),
    cue("opted"),
    cue("settled on"),
    cue("went with"),
    cue("voted to"),
    cue("voted for"),
    cue("went w"),
    cue("went w/"),
    with_subject("going w/"),
    cue("went ahead with"),
    cue("agreed to"),
    cue("agreed on"),
    cue("agreed that"),
    cue("agreed we"),
    cue("agreed with the team to"),
    cue("agreed i"),
    cue("agreed i'd"),
    cue("agreed i'll"),
    cue("agreed he"),
    cue("agreed he'd"),
    cue("agreed he'll"),
    cue("agreed she"),
    cue("agreed she'd"),
    cue("agreed she'll"),
    cue("agreed they"),
    cue("agreed they'll"),
    cue("agreed we'll"),
    cue("agreed we'd"),
    cue("made the call"),
    cue("made a call to"),
    cue("made the decision"),
    cue("made a decision"),
    cue("made my decision"),
    cue("took the decision"),
    cue("took a decision"),
    cue("made up my mind"),
    cue("made up our minds"),
    cue("landed on"),
    cue("decision to"),
    cue("decision was"),
    cue("decision is to"),
    cue("decision * was to"),
    cue("decision * is to"),
    cue("decision * was that"),
    cue("call * was to"),
    cue("the call was to"),
    cue("we're going ahead with"),
    cue("are going ahead with"),
    cue("said no to"),
    cue("said yes to"),
    cue("signed off on"),
    cue("gave the green light"),
    cue("greenlit"),
    cue("pulled the plug on"),
    with_subject("picked"),
    with_subject("selected"),
    with_subject("declined"),
    with_subject("turned down"),
    with_subject("accepted"),
    with_subject("going with"),
    with_subject("'ll go with"),
    with_subject("will go with"),
    with_subject("gonna go with"),
    with_subject("going to go with"),
    with_subject("'re going with"),
    with_subject("are going with"),
    with_subject("am going with"),
    with_subject("'m going with"),
    with_subject("sticking with"),
    with_subject("'re sticking with"),
    with_subject("'m sticking with"),
    with_subject("'ll stick with"),
    with_subject("will stick with"),
    cue("decided to stick with"),
];

/// Words that put a decision in the future or the passive to come ("it'll be decided", "to be
/// chosen"): the decision is not taken yet. Cues that start with "will" ("we'll go with") are
/// not taken back by their own first word.
pub const NOT_TAKEN_YET: &[&str] = &[
    "will", "it'll", "i'll", "we'll", "they'll", "he'll", "she'll", "you'll", "be", "gonna",
    "going to",
];

/// Phrases that contain a cue but decide nothing ("I picked up two bugs").
pub const NOT_DECISIONS: &[&str] = &[
    "picked up",
    "picked out",
    "accepted that",
    "went with my",
    "went with him",
    "went with her",
    "went with them",
    "went with us",
    "went with the flow",
    "selected for",
    "declined to comment",
];

/// Words that can be the subject right before a `needs_subject` cue.
pub const SUBJECTS: &[&str] = &[
    "i",
    "we",
    "i've",
    "we've",
    "they",
    "she",
    "he",
    "team",
    "finally",
    "eventually",
    "ultimately",
    "also",
    "then",
    "just",
    "i'll",
    "we'll",
    "i'm",
    "we're",
    "we've",
    "you",
    "ive",
    "weve",
    "im",
];

/// Labels that introduce a decision ("Decision: drop the tier") or head a list of them.
pub const LABELS: &[&str] = &[
    "decision",
    "decisions",
    "decided",
    "my decision",
    "final decision",
    "key decision",
    "key decisions",
    "decisions made",
    "decisions taken",
    "decision made",
    "decision log",
    "final call",
    "the call",
    "verdict",
    "agreed",
    "we agreed",
    "we decided",
    "i decided",
];

/// First words of an answer that say there was nothing ("None really", "Nothing new").
pub const NOTHING_FIRST: &[&str] = &["nothing", "none", "n/a", "nope", "tbd", "nil", "pending"];

/// Answers that say there was nothing to report ("Nothing this week", "n/a").
pub const NOTHING: &[&str] = &[
    "nothing",
    "none",
    "n/a",
    "na",
    "nope",
    "no",
    "not really",
    "not yet",
    "tbd",
    "pending",
    "nothing yet",
    "nothing major",
    "nothing big",
    "nothing this week",
    "none this week",
    "not this week",
    "nothing much",
    "no decisions",
    "no decision",
    "skip",
    "pass",
    "-",
];
