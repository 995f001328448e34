//! Words around which sentences do not end.

/// Words written with a full stop that do not end a sentence (lower case, without the dot).
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "approx", "incl", "esp", "fig",
    "cf", "dept", "mgr", "eg", "ie", "e.g", "i.e", "w.r.t", "a.k.a", "aka", "re", "min", "max",
    "avg", "est", "no", "nr", "vol", "ca", "resp", "wk", "mo", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun",
];

/// Words a wrapped line ends with when its sentence goes on (a line break after them never ends
/// a sentence).
pub const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "from",
    "by", "my", "our", "your", "their", "his", "her", "its", "that", "which", "who", "i", "we",
    "is", "are", "was", "were", "be", "been", "have", "has", "had", "will", "would", "so",
    "because", "as", "than", "then", "about", "into", "onto", "this", "these", "those", "not",
    "very", "more", "less", "also", "me", "us", "it", "if", "when", "while", "after", "before",
];
