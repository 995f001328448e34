//! Golden tests of the tables: every row is well formed and every row is recognised by the
//! pattern generated from its table.

use super::attributions::{TEMPLATES, WROTE};
use super::disclaimers::DISCLAIMER_OPENERS;
use super::forward_intros::FORWARD_INTROS;
use super::header_labels::{HEADER_LABELS, OTHER_LABELS};
use super::mobile_footers::{DEVICES, FOOTERS};
use super::separators::{FORWARD_BEGINS, FORWARDED_MESSAGE, ORIGINAL_MESSAGE, Phrase};
use super::subject_prefixes::{FORWARD_PREFIXES, REPLY_PREFIXES};
use crate::mail::parse::attribution::is_attribution;
use crate::mail::parse::patterns::{
    HeaderKey, forward_separator, header_line, is_forward_intro, is_forward_subject,
    is_original_message_line, is_reply_subject,
};
use crate::mail::parse::signature::is_signature_start;

fn well_formed(table: &[Phrase]) {
    for row in table {
        assert!(!row.lang.is_empty(), "{}", row.text);
        assert_eq!(row.text.trim(), row.text, "untrimmed: {:?}", row.text);
        assert!(!row.text.is_empty());
    }
}

#[test]
fn every_phrase_table_is_well_formed() {
    for table in [
        WROTE,
        ORIGINAL_MESSAGE,
        FORWARDED_MESSAGE,
        FORWARD_BEGINS,
        FORWARD_PREFIXES,
        REPLY_PREFIXES,
        FORWARD_INTROS,
        DISCLAIMER_OPENERS,
    ] {
        well_formed(table);
    }
}

#[test]
fn every_header_label_is_recognised_with_its_key() {
    for row in HEADER_LABELS {
        let fields = [
            (HeaderKey::From, row.from),
            (HeaderKey::To, row.to),
            (HeaderKey::Cc, row.cc),
            (HeaderKey::Date, row.date),
            (HeaderKey::Subject, row.subject),
            (HeaderKey::ReplyTo, row.reply_to),
        ];
        for (key, labels) in fields {
            for label in labels {
                for line in [
                    format!("{label}: value"),
                    format!("{label} : value"),
                    format!("*{label}:* value"),
                    format!("{label}:value"),
                ] {
                    let found = header_line(&line).map(|h| h.0);
                    assert_eq!(found, Some(key), "{} {line:?}", row.lang);
                }
            }
        }
    }
}

#[test]
fn every_other_field_label_is_read_past() {
    well_formed(OTHER_LABELS);
    for row in OTHER_LABELS {
        let line = format!("{}: High", row.text);
        assert_eq!(
            header_line(&line).map(|h| h.0),
            Some(HeaderKey::Other),
            "{}",
            row.lang
        );
    }
}

#[test]
fn every_separator_is_recognised() {
    for row in ORIGINAL_MESSAGE {
        for line in [
            format!("-----{}-----", row.text),
            format!("-------- {} --------", row.text),
            format!("----- {} -----", row.text),
            format!("______ {} ______", row.text.to_uppercase()),
        ] {
            assert!(is_original_message_line(&line), "{} {line:?}", row.lang);
        }
    }
    for row in FORWARDED_MESSAGE {
        for line in [
            format!("---------- {} ---------", row.text),
            format!("-------- {} --------", row.text),
        ] {
            assert!(forward_separator(&line).is_some(), "{} {line:?}", row.lang);
        }
    }
    for row in FORWARD_BEGINS {
        for line in [format!("{}:", row.text), format!("{} :", row.text)] {
            assert!(forward_separator(&line).is_some(), "{} {line:?}", row.lang);
        }
    }
}

#[test]
fn every_subject_prefix_is_recognised() {
    for row in FORWARD_PREFIXES {
        for subject in [
            format!("{}: Plan", row.text),
            format!("{}:Plan", row.text.to_uppercase()),
        ] {
            assert!(is_forward_subject(&subject), "{} {subject:?}", row.lang);
        }
    }
    for row in REPLY_PREFIXES {
        let subject = format!("{}: Plan", row.text);
        assert!(is_reply_subject(&subject), "{} {subject:?}", row.lang);
    }
    assert!(!is_forward_subject("Plan for Friday: agenda"));
}

#[test]
fn every_footer_is_recognised_with_every_device() {
    for row in FOOTERS {
        for device in DEVICES {
            let line = format!("{}{device}{}", row.before, row.after);
            assert!(is_signature_start(&line), "{} {line:?}", row.lang);
        }
    }
}

#[test]
fn every_attribution_template_is_recognised() {
    for template in TEMPLATES {
        let line = template
            .text
            .replace("{date}", "Sun, 5 Jan 2020 10:00")
            .replace("{name}", "Ann Lee")
            .replace("{email}", "ann@example.org")
            .replace('\n', " ");
        assert!(
            is_attribution(&line, true),
            "{} {} {line:?}",
            template.lang,
            template.client
        );
    }
}

#[test]
fn every_forward_intro_is_recognised_as_a_phrase() {
    for row in FORWARD_INTROS {
        let line = format!("{}, thanks.", row.text);
        assert!(is_forward_intro(&line), "{} {line:?}", row.lang);
    }
    assert!(!is_forward_intro("The fyield report"));
}
