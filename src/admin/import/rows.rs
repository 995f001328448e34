//! Reading a cohort file: a CSV export of a spreadsheet, one row per pair, checked row by row
//! before anything is written. No I/O: the bytes come in, valid rows and reasons come out.
//!
//! Spreadsheets differ in what they export, so the reader takes a UTF-8 byte-order mark, CRLF
//! line ends, quoted fields (with commas, quotes or line breaks inside), header names in any
//! case, order and spacing (`Mentor Email` is `mentor_email`), and rows left blank.

use std::collections::HashMap;
use std::fmt;

use jiff::civil::{Date, Time};
use serde::Serialize;

use crate::domain::dates::{find_date, strip_date_phrase};
use crate::domain::replies::GoalDraft;
use crate::domain::{Cadence, Email, Zone};

/// The columns of a cohort file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    MentorEmail,
    MentorName,
    MenteeEmail,
    MenteeName,
    MenteeTimeZone,
    MentorTimeZone,
    Cadence,
    At,
    Programme,
    Cohort,
    Goals,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::MentorEmail,
        Column::MentorName,
        Column::MenteeEmail,
        Column::MenteeName,
        Column::MenteeTimeZone,
        Column::MentorTimeZone,
        Column::Cadence,
        Column::At,
        Column::Programme,
        Column::Cohort,
        Column::Goals,
    ];

    /// The header name.
    pub fn name(self) -> &'static str {
        match self {
            Column::MentorEmail => "mentor_email",
            Column::MentorName => "mentor_name",
            Column::MenteeEmail => "mentee_email",
            Column::MenteeName => "mentee_name",
            Column::MenteeTimeZone => "mentee_time_zone",
            Column::MentorTimeZone => "mentor_time_zone",
            Column::Cadence => "cadence",
            Column::At => "at",
            Column::Programme => "programme",
            Column::Cohort => "cohort",
            Column::Goals => "goals",
        }
    }

    /// Whether a file must have the column (the others have defaults).
    pub fn required(self) -> bool {
        !matches!(
            self,
            Column::MentorTimeZone | Column::Programme | Column::Cohort | Column::Goals
        )
    }

    fn from_header(header: &str) -> Option<Column> {
        let name: String = header
            .trim()
            .to_lowercase()
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// At most this many goals in one row (a kickoff reply is read for at most as many).
pub const MAX_GOALS: usize = 10;

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowProblem {
    #[error("{column} is empty")]
    Missing {
        #[serde(serialize_with = "column_name")]
        column: Column,
    },
    #[error("{column}: {value:?} is not an e-mail address")]
    BadAddress {
        #[serde(serialize_with = "column_name")]
        column: Column,
        value: String,
    },
    #[error("{column}: unknown time zone {value:?} (use an IANA name such as Europe/London)")]
    UnknownTimeZone {
        #[serde(serialize_with = "column_name")]
        column: Column,
        value: String,
    },
    #[error(
        "cadence: {value:?} is not a cadence (use weekly:DAY, fortnightly:DAY or days:DAY,DAY)"
    )]
    BadCadence { value: String },
    #[error("at: {value:?} is not a time of day (use HH:MM)")]
    BadTime { value: String },
    #[error("goals: {value:?} has no goal before its date")]
    BadGoal { value: String },
    #[error("goals: {count} goals; at most {MAX_GOALS} a pair")]
    TooManyGoals { count: usize },
    #[error("{email} cannot mentor themselves")]
    SelfMentoring { email: String },
    #[error("duplicate row: line {first_line} already pairs {mentor} with {mentee}")]
    DuplicateRow {
        first_line: u64,
        mentor: String,
        mentee: String,
    },
    #[error("{email} has the {what} {this:?} here but {earlier:?} on line {first_line}")]
    Conflict {
        email: String,
        what: &'static str,
        this: String,
        earlier: String,
        first_line: u64,
    },
    #[error("{found} fields where the header has {expected}")]
    FieldCount { found: usize, expected: usize },
    #[error("not UTF-8 text (save the file as CSV UTF-8)")]
    NotUtf8,
}

fn column_name<S: serde::Serializer>(column: &Column, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(column.name())
}

/// A row that cannot be imported: its line in the file (the first line of a row whose quoted
/// fields span several), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    #[serde(flatten)]
    pub problem: RowProblem,
    /// The problem in words, for scripts that print it.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// Why a whole file cannot be read: nothing of it is imported, `--skip-invalid` or not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty: it needs a header row naming the columns")]
    Empty,
    #[error("the header has no column {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error(
        "the header names an unknown column {0:?} (the columns: mentor_email, mentor_name, \
         mentee_email, mentee_name, mentee_time_zone, mentor_time_zone, cadence, at, programme, \
         cohort, goals)"
    )]
    UnknownColumn(String),
    #[error("the header names the column {0} twice")]
    DuplicateColumn(&'static str),
    #[error("not readable as CSV: {0}")]
    Csv(String),
}

/// A valid row: a pair to enrol, as the file states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    pub line: u64,
    pub mentor: Email,
    pub mentor_name: String,
    /// Only when the file gives it: otherwise a known mentor keeps theirs, and a new one gets
    /// the mentee's.
    pub mentor_zone: Option<Zone>,
    pub mentee: Email,
    pub mentee_name: String,
    pub mentee_zone: Zone,
    pub cadence: Cadence,
    pub at: Time,
    pub programme: String,
    pub cohort: Option<String>,
    pub goals: Vec<GoalDraft>,
}

/// A cohort file read and checked: the rows that can be imported and the reasons the others
/// cannot, both in file order.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    pub rows: Vec<CohortRow>,
    pub errors: Vec<RowError>,
}

impl Cohort {
    /// Lines of rows with at least one problem (a row may have several).
    pub fn invalid_rows(&self) -> usize {
        let mut lines: Vec<u64> = self.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    }
}

/// Read `bytes` as a cohort file. `default_programme` fills rows without a programme; `today`
/// (the admin's date) anchors goal dates such as "by 15 Jan".
pub fn read_cohort(
    bytes: &[u8],
    default_programme: &str,
    today: Date,
) -> Result<Cohort, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| FileError::Csv(e.to_string()))?
        .clone();
    if headers
        .iter()
        .all(|h| h.iter().all(u8::is_ascii_whitespace))
    {
        return Err(FileError::Empty);
    }
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let header = String::from_utf8_lossy(header);
        if header.trim().is_empty() {
            // A trailing separator in the header row: an unnamed, unused column.
            continue;
        }
        let column =
            Column::from_header(&header).ok_or_else(|| FileError::UnknownColumn(header.into()))?;
        if columns.insert(column, index).is_some() {
            return Err(FileError::DuplicateColumn(column.name()));
        }
    }
    let missing: Vec<&'static str> = Column::ALL
        .into_iter()
        .filter(|c| c.required() && !columns.contains_key(c))
        .map(Column::name)
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }

    let mut checker = Checker {
        columns,
        expected: headers.len(),
        default_programme,
        today,
        pairs: HashMap::new(),
        names: HashMap::new(),
        zones: HashMap::new(),
    };
    let mut cohort = Cohort::default();
    let mut lines = LineCounter::new(bytes);
    for record in reader.byte_records() {
        let record = record.map_err(|e| FileError::Csv(e.to_string()))?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        match checker.row(line, &record) {
            Ok(row) => cohort.rows.push(row),
            Err(problems) => cohort
                .errors
                .extend(problems.into_iter().map(|problem| RowError {
                    line,
                    reason: problem.to_string(),
                    problem,
                })),
        }
    }
    Ok(cohort)
}

/// Line numbers of records from their byte offsets. The reader's own line count is one short
/// after CRLF line ends (it places a record at the end of the line before it), so lines are
/// counted here: a record's line is the first line after its offset that holds anything.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `offset` (offsets only grow).
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.offset {
            let newlines = self.bytes[self.offset..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += u64::try_from(newlines).unwrap_or(u64::MAX);
            self.offset = start;
        }
        self.line
    }
}

/// The checks of one row, and what earlier rows said, for duplicates and conflicts.
struct Checker<'a> {
    columns: HashMap<Column, usize>,
    expected: usize,
    default_programme: &'a str,
    today: Date,
    /// Each pair's first line.
    pairs: HashMap<(Email, Email), u64>,
    /// Each person's name as first given, and where.
    names: HashMap<Email, (String, u64)>,
    /// Each person's zone as first given, and where.
    zones: HashMap<Email, (Zone, u64)>,
}

impl Checker<'_> {
    fn row(&mut self, line: u64, record: &csv::ByteRecord) -> Result<CohortRow, Vec<RowProblem>> {
        let mut problems = Vec::new();
        // A trailing empty field is what a spreadsheet adds for an unnamed column; more fields
        // than that, or fewer than the header, means the row is shifted.
        let trailing_empty = record.len() > self.expected
            && record
                .iter()
                .skip(self.expected)
                .all(|f| f.iter().all(u8::is_ascii_whitespace));
        if record.len() != self.expected && !trailing_empty {
            problems.push(RowProblem::FieldCount {
                found: record.len(),
                expected: self.expected,
            });
            return Err(problems);
        }
        let mut fields: HashMap<Column, String> = HashMap::new();
        for (&column, &index) in &self.columns {
            let Some(raw) = record.get(index) else {
                continue;
            };
            match std::str::from_utf8(raw) {
                Ok(text) => {
                    let _ = fields.insert(column, text.trim().to_string());
                }
                Err(_) => return Err(vec![RowProblem::NotUtf8]),
            }
        }
        let text = |column: Column| fields.get(&column).map(String::as_str).unwrap_or("");
        let required = |column: Column, problems: &mut Vec<RowProblem>| {
            let value = text(column);
            if value.is_empty() {
                problems.push(RowProblem::Missing { column });
            }
            value.to_string()
        };
        let address = |column: Column, value: &str, problems: &mut Vec<RowProblem>| {
            if value.is_empty() {
                return None;
            }
            Email::parse(value)
                .map_err(|_| {
                    problems.push(RowProblem::BadAddress {
                        column,
                        value: value.to_string(),
                    })
                })
                .ok()
        };
        let zone = |column: Column, value: &str, problems: &mut Vec<RowProblem>| {
            if value.is_empty() {
                return None;
            }
            Zone::parse(value)
                .map_err(|_| {
                    problems.push(RowProblem::UnknownTimeZone {
                        column,
                        value: value.to_string(),
                    })
                })
                .ok()
        };

        let mentor_text = required(Column::MentorEmail, &mut problems);
        let mentor = address(Column::MentorEmail, &mentor_text, &mut problems);
        let mentor_name = required(Column::MentorName, &mut problems);
        let mentee_text = required(Column::MenteeEmail, &mut problems);
        let mentee = address(Column::MenteeEmail, &mentee_text, &mut problems);
        let mentee_name = required(Column::MenteeName, &mut problems);
        let mentee_zone_text = required(Column::MenteeTimeZone, &mut problems);
        let mentee_zone = zone(Column::MenteeTimeZone, &mentee_zone_text, &mut problems);
        let mentor_zone = zone(
            Column::MentorTimeZone,
            text(Column::MentorTimeZone),
            &mut problems,
        );
        let cadence_text = required(Column::Cadence, &mut problems);
        let cadence = match cadence_text.parse::<Cadence>() {
            Ok(cadence) => Some(cadence),
            Err(_) if cadence_text.is_empty() => None,
            Err(_) => {
                problems.push(RowProblem::BadCadence {
                    value: cadence_text,
                });
                None
            }
        };
        let at_text = required(Column::At, &mut problems);
        let at = match at_text.parse::<Time>() {
            Ok(at) => Some(at),
            Err(_) if at_text.is_empty() => None,
            Err(_) => {
                problems.push(RowProblem::BadTime { value: at_text });
                None
            }
        };
        let goals = self.goals(text(Column::Goals), &mut problems);
        let programme = match text(Column::Programme) {
            "" => self.default_programme.to_string(),
            given => given.to_string(),
        };
        let cohort = Some(text(Column::Cohort))
            .filter(|c| !c.is_empty())
            .map(str::to_string);

        if let (Some(mentor), Some(mentee)) = (&mentor, &mentee) {
            if mentor == mentee {
                problems.push(RowProblem::SelfMentoring {
                    email: mentor.to_string(),
                });
            } else if let Some(&first_line) = self.pairs.get(&(mentor.clone(), mentee.clone())) {
                problems.push(RowProblem::DuplicateRow {
                    first_line,
                    mentor: mentor.to_string(),
                    mentee: mentee.to_string(),
                });
            }
        }
        if problems.is_empty() {
            // Only rows that are otherwise valid say who someone is: a broken row must not make
            // a later good one look conflicting.
            let people = [
                (mentor.as_ref(), &mentor_name, mentor_zone.as_ref()),
                (mentee.as_ref(), &mentee_name, mentee_zone.as_ref()),
            ];
            for (email, name, zone) in people {
                let Some(email) = email else { continue };
                self.conflicts(email, name, zone, &mut problems);
            }
        }
        let (Some(mentor), Some(mentee), Some(mentee_zone), Some(cadence), Some(at), true) = (
            mentor,
            mentee,
            mentee_zone,
            cadence,
            at,
            problems.is_empty(),
        ) else {
            return Err(problems);
        };
        for (email, name, zone) in [
            (&mentor, &mentor_name, mentor_zone.as_ref()),
            (&mentee, &mentee_name, Some(&mentee_zone)),
        ] {
            self.names
                .entry(email.clone())
                .or_insert_with(|| (name.clone(), line));
            if let Some(zone) = zone {
                self.zones
                    .entry(email.clone())
                    .or_insert_with(|| (zone.clone(), line));
            }
        }
        let _ = self.pairs.insert((mentor.clone(), mentee.clone()), line);
        Ok(CohortRow {
            line,
            mentor,
            mentor_name,
            mentor_zone,
            mentee,
            mentee_name,
            mentee_zone,
            cadence,
            at,
            programme,
            cohort,
            goals,
        })
    }

    /// A person named or placed differently than on an earlier row.
    fn conflicts(
        &self,
        email: &Email,
        name: &str,
        zone: Option<&Zone>,
        problems: &mut Vec<RowProblem>,
    ) {
        if let Some((earlier, first_line)) = self.names.get(email)
            && earlier != name
        {
            problems.push(RowProblem::Conflict {
                email: email.to_string(),
                what: "name",
                this: name.to_string(),
                earlier: earlier.clone(),
                first_line: *first_line,
            });
        }
        if let (Some(zone), Some((earlier, first_line))) = (zone, self.zones.get(email))
            && earlier != zone
        {
            problems.push(RowProblem::Conflict {
                email: email.to_string(),
                what: "time zone",
                this: zone.to_string(),
                earlier: earlier.to_string(),
                first_line: *first_line,
            });
        }
    }

    /// The goals of a row: `;`-separated, each as a reply to the kickoff would state it ("Run
    /// three interviews by 15 Jan"), read by the same rules as such a reply.
    fn goals(&self, text: &str, problems: &mut Vec<RowProblem>) -> Vec<GoalDraft> {
        let mut goals = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let title = strip_date_phrase(part);
            if title.is_empty() {
                problems.push(RowProblem::BadGoal {
                    value: part.to_string(),
                });
                continue;
            }
            goals.push(GoalDraft {
                title,
                target: find_date(part, self.today),
            });
        }
        if goals.len() > MAX_GOALS {
            problems.push(RowProblem::TooManyGoals { count: goals.len() });
        }
        goals
    }
}
