//! The cohort file's reading rules: what spreadsheets export, and each reason a row is refused,
//! with its line.

use jiff::civil::{Time, date};

use super::rows::{Column, FileError, RowProblem, read_cohort};
use crate::domain::{Cadence, Weekday};

const TODAY: jiff::civil::Date = date(2026, 11, 26);

const HEADER: &str =
    "mentor_email,mentor_name,mentee_email,mentee_name,mentee_time_zone,cadence,at";

fn read(text: &str) -> super::Cohort {
    read_cohort(text.as_bytes(), "PM Mentoring", TODAY).expect("a readable file")
}

/// The problems of each invalid row, as (line, problem).
fn problems(text: &str) -> Vec<(u64, RowProblem)> {
    read(text)
        .errors
        .into_iter()
        .map(|e| (e.line, e.problem))
        .collect()
}

#[test]
fn a_spreadsheet_export_with_bom_crlf_and_quoted_commas_reads() {
    let text = "\u{feff}Mentor Email,Mentor Name,mentee_email,MENTEE_NAME, mentee time zone ,cadence,at,goals\r\n\
                maya@example.org,\"Chen, Maya\",sam@example.org,Sam Rivera,Europe/London,weekly:mon,09:00,\"Run three interviews by 15 Jan; Ship the roadmap, with the team\"\r\n";
    let cohort = read(text);
    assert!(cohort.errors.is_empty(), "{:?}", cohort.errors);
    let [row] = cohort.rows.as_slice() else {
        panic!("one row: {:?}", cohort.rows)
    };
    assert_eq!(row.line, 2);
    assert_eq!(row.mentor_name, "Chen, Maya");
    assert_eq!(row.mentee.as_str(), "sam@example.org");
    assert_eq!(row.mentee_zone.as_str(), "Europe/London");
    assert_eq!(row.cadence, Cadence::Weekly { day: Weekday::Mon });
    assert_eq!(row.at, Time::constant(9, 0, 0, 0));
    assert_eq!(row.programme, "PM Mentoring");
    assert_eq!(row.mentor_zone, None);
    assert_eq!(row.goals.len(), 2);
    assert_eq!(row.goals[0].title, "Run three interviews");
    assert_eq!(row.goals[0].target, Some(date(2027, 1, 15)));
    assert_eq!(row.goals[1].title, "Ship the roadmap, with the team");
    assert_eq!(row.goals[1].target, None);
}

#[test]
fn columns_come_in_any_order_with_the_optional_ones() {
    let text = "goals,cohort,at,cadence,programme,mentor_time_zone,mentee_time_zone,mentee_name,mentee_email,mentor_name,mentor_email\n\
                ,Spring 2027,17:30,days:mon;thu,Design Mentoring,America/New_York,Asia/Tokyo,Kai,kai@x.org,Ana,ana@x.org\n\
                ,,08:00,fortnightly:fri,,,Europe/Paris,Lou,lou@x.org,Ana,ana@x.org\n";
    let cohort = read(&text.replace("days:mon;thu", "\"days:mon,thu\""));
    assert!(cohort.errors.is_empty(), "{:?}", cohort.errors);
    let kai = &cohort.rows[0];
    assert_eq!(kai.mentor.as_str(), "ana@x.org");
    assert_eq!(kai.programme, "Design Mentoring");
    assert_eq!(kai.cohort.as_deref(), Some("Spring 2027"));
    assert_eq!(
        kai.mentor_zone.as_ref().map(|z| z.as_str()),
        Some("America/New_York")
    );
    assert_eq!(
        kai.cadence,
        Cadence::Weekdays {
            days: vec![Weekday::Mon, Weekday::Thu]
        }
    );
    let lou = &cohort.rows[1];
    assert_eq!(lou.line, 3);
    assert_eq!(lou.programme, "PM Mentoring");
    assert_eq!(lou.cohort, None);
}

#[test]
fn each_reason_is_reported_with_its_line() {
    let text = format!(
        "{HEADER}\n\
         maya@example.org,Maya,sam@example.org,Sam,Mars/Olympus,weekly:mon,09:00\n\
         maya@example.org,Maya,not-an-address,Sam,Europe/London,weekly:mon,09:00\n\
         maya@example.org,Maya,sam2@example.org,Sam,Europe/London,monthly:mon,09:00\n\
         maya@example.org,Maya,Maya@Example.org,Maya,Europe/London,weekly:mon,09:00\n\
         maya@example.org,Maya,ok@example.org,Ok,Europe/London,weekly:mon,9 o'clock\n\
         maya@example.org,Maya,ok@example.org,Ok,Europe/London,weekly:tue,10:00\n\
         maya@example.org,Maya,ok@example.org,Ok,Europe/London,weekly:mon,09:00\n"
    );
    let found = problems(&text);
    assert_eq!(
        found,
        vec![
            (
                2,
                RowProblem::UnknownTimeZone {
                    column: Column::MenteeTimeZone,
                    value: "Mars/Olympus".into()
                }
            ),
            (
                3,
                RowProblem::BadAddress {
                    column: Column::MenteeEmail,
                    value: "not-an-address".into()
                }
            ),
            (
                4,
                RowProblem::BadCadence {
                    value: "monthly:mon".into()
                }
            ),
            (
                5,
                RowProblem::SelfMentoring {
                    email: "maya@example.org".into()
                }
            ),
            (
                6,
                RowProblem::BadTime {
                    value: "9 o'clock".into()
                }
            ),
            (
                8,
                RowProblem::DuplicateRow {
                    first_line: 7,
                    mentor: "maya@example.org".into(),
                    mentee: "ok@example.org".into()
                }
            ),
        ]
    );
    let cohort = read(&text);
    assert_eq!(cohort.rows.len(), 1, "only line 7 is valid");
    assert_eq!(cohort.invalid_rows(), 6);
    let words = cohort.errors[0].to_string();
    assert!(
        words.starts_with("line 2: mentee_time_zone: unknown time zone"),
        "{words}"
    );
}

#[test]
fn a_quoted_line_break_keeps_the_lines_of_later_rows_right() {
    let text = format!(
        "{HEADER}\n\
         maya@example.org,\"Maya\nChen\",sam@example.org,Sam,Europe/London,weekly:mon,09:00\n\
         maya@example.org,Maya,x@example.org,X,Nowhere/Land,weekly:mon,09:00\n"
    );
    assert_eq!(problems(&text)[0].0, 4);
}

#[test]
fn empty_fields_missing_fields_and_conflicting_people_are_reasons_too() {
    let text = format!(
        "{HEADER}\n\
         maya@example.org,,sam@example.org,Sam,Europe/London,weekly:mon,09:00\n\
         maya@example.org,Maya,sam@example.org\n\
         maya@example.org,Maya,kim@example.org,Kim,Europe/London,weekly:mon,09:00\n\
         maya@example.org,Maya Chen,lee@example.org,Lee,Europe/London,weekly:mon,09:00\n\
         ,,,,,,\n"
    );
    let found = problems(&text);
    assert_eq!(
        found,
        vec![
            (
                2,
                RowProblem::Missing {
                    column: Column::MentorName
                }
            ),
            (
                3,
                RowProblem::FieldCount {
                    found: 3,
                    expected: 7
                }
            ),
            (
                5,
                RowProblem::Conflict {
                    email: "maya@example.org".into(),
                    what: "name",
                    this: "Maya Chen".into(),
                    earlier: "Maya".into(),
                    first_line: 4
                }
            ),
        ],
        "a blank row is no row"
    );
}

#[test]
fn a_goal_without_words_before_its_date_is_refused() {
    let text = format!("{HEADER},goals\nm@x.org,M,e@x.org,E,UTC,weekly:mon,09:00,by 15 Jan\n");
    assert_eq!(
        problems(&text),
        vec![(
            2,
            RowProblem::BadGoal {
                value: "by 15 Jan".into()
            }
        )]
    );
}

#[test]
fn a_header_without_a_required_column_or_with_an_unknown_one_refuses_the_file() {
    let missing = read_cohort(
        b"mentor_email,mentor_name,mentee_email,mentee_name,cadence\n",
        "P",
        TODAY,
    );
    assert_eq!(
        missing.unwrap_err(),
        FileError::MissingColumns(vec!["mentee_time_zone", "at"])
    );
    let unknown = read_cohort(format!("{HEADER},mentor_timezone\n").as_bytes(), "P", TODAY);
    assert_eq!(
        unknown.unwrap_err(),
        FileError::UnknownColumn("mentor_timezone".into())
    );
    let twice = read_cohort(format!("{HEADER},Cadence\n").as_bytes(), "P", TODAY);
    assert_eq!(twice.unwrap_err(), FileError::DuplicateColumn("cadence"));
    assert_eq!(read_cohort(b"", "P", TODAY).unwrap_err(), FileError::Empty);
}

#[test]
fn errors_serialise_with_their_kind_line_and_reason() {
    let text = format!("{HEADER}\nm@x.org,M,m@x.org,E,UTC,weekly:mon,09:00\n");
    let json = serde_json::to_value(&read(&text).errors).unwrap();
    assert_eq!(json[0]["line"], 2);
    assert_eq!(json[0]["kind"], "self_mentoring");
    assert_eq!(json[0]["reason"], "m@x.org cannot mentor themselves");
}

#[test]
fn crlf_files_report_the_same_lines_as_lf_files() {
    let lf = format!(
        "{HEADER}\n\
         m@x.org,M,e@x.org,E,UTC,weekly:mon,09:00\n\
         \n\
         m@x.org,M,f@x.org,F,Nowhere/Land,weekly:mon,09:00\n"
    );
    assert_eq!(problems(&lf)[0].0, 4);
    assert_eq!(problems(&lf.replace('\n', "\r\n"))[0].0, 4);
}
