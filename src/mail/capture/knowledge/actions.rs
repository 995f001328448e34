//! How people commit to doing something in a reply ("I'll send the deck by Friday", "Next step:
//! book the room"). Mentors' notes have their own rules (`mail::notes`), reused as they are.

/// Phrases that commit the writer (or the pair) to a next step.
pub const COMMITMENTS: &[&str] = &[
    "i'll",
    "i will",
    "ill",
    "we'll",
    "we will",
    "i'm going to",
    "im going to",
    "i am going to",
    "we're going to",
    "i plan to",
    "we plan to",
    "i need to",
    "i have to",
    "i must",
    "i promised",
    "i committed to",
    "my next step",
    "next step is",
    "next steps are",
    "i'm gonna",
    "on my list",
    "will follow up",
    "to follow up",
];

/// Labels and headings whose items are action items ("Next steps:", "TODO:").
pub const LABELS: &[&str] = &[
    "next step",
    "next steps",
    "todo",
    "to do",
    "to-do",
    "action",
    "actions",
    "action item",
    "action items",
    "follow up",
    "follow-up",
    "follow-ups",
    "my todos",
    "for next week",
    "homework",
    "takeaways",
];

/// Commitments that are only a manner of speaking ("I'll be honest").
pub const IDIOMS: &[&str] = &[
    "i'll be honest",
    "i'll admit",
    "i will admit",
    "i'll say",
    "i'll keep you posted",
    "i'll let you know",
    "i'll see",
    "we'll see",
    "i'll try",
    "i have to say",
    "i must say",
    "i must admit",
    "i need to say",
    "i have to admit",
];

/// Words that leave a commitment open ("if I find the time I'll send it"): before a commitment in
/// its clause, they take it back, as negations do.
pub const DOUBTS: &[&str] = &["if", "whether", "unless", "maybe"];
