//! DynamoDB's condition and update expressions for the store's conditions and due-index moves.

use std::collections::HashMap;

use super::{Attributes, string};
use crate::store::{Condition, Due, attr};

/// A condition expression with the names and values it uses.
#[derive(Default)]
pub(super) struct Expression {
    pub(super) text: Option<String>,
    pub(super) names: HashMap<String, String>,
    pub(super) values: Attributes,
}

impl Expression {
    pub(super) fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    pub(super) fn values(&self) -> Option<Attributes> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }
}

const PK_NAME: &str = "#pk";
pub(super) const DUE_PK_NAME: &str = "#due_pk";
pub(super) const DUE_SK_NAME: &str = "#due_sk";
pub(super) const EXPECTED_DUE_VALUE: &str = ":expected_due";
const FIELD_NAME: &str = "#field";
const FIELD_VALUE: &str = ":field_value";
const NEW_DUE_PK_VALUE: &str = ":new_due_pk";
const NEW_DUE_SK_VALUE: &str = ":new_due_sk";

/// Builds the condition expression for `condition`; `must_exist` adds `attribute_exists` (an
/// update must not create a bare item).
pub(super) fn condition_expression(condition: &Condition, must_exist: bool) -> Expression {
    let mut expression = Expression::default();
    let mut clauses = Vec::new();
    if must_exist {
        clauses.push(format!("attribute_exists({PK_NAME})"));
        expression
            .names
            .insert(PK_NAME.to_owned(), attr::PK.to_owned());
    }
    match condition {
        Condition::None => {}
        Condition::NotExists => {
            clauses.push(format!("attribute_not_exists({PK_NAME})"));
            expression
                .names
                .insert(PK_NAME.to_owned(), attr::PK.to_owned());
        }
        Condition::DueIs(expected) => {
            clauses.push(format!("{DUE_SK_NAME} = {EXPECTED_DUE_VALUE}"));
            expression
                .names
                .insert(DUE_SK_NAME.to_owned(), attr::DUE_SK.to_owned());
            expression
                .values
                .insert(EXPECTED_DUE_VALUE.to_owned(), string(expected));
        }
        Condition::FieldIs { field, value } => {
            expression
                .names
                .insert(PK_NAME.to_owned(), attr::PK.to_owned());
            expression
                .names
                .insert(FIELD_NAME.to_owned(), field.clone());
            clauses.push(format!("attribute_exists({PK_NAME})"));
            match value {
                Some(value) => {
                    clauses.push(format!("{FIELD_NAME} = {FIELD_VALUE}"));
                    expression
                        .values
                        .insert(FIELD_VALUE.to_owned(), string(value));
                }
                None => clauses.push(format!("attribute_not_exists({FIELD_NAME})")),
            }
        }
        Condition::NotNewer { field, value } => {
            expression
                .names
                .insert(PK_NAME.to_owned(), attr::PK.to_owned());
            expression
                .names
                .insert(FIELD_NAME.to_owned(), field.clone());
            expression
                .values
                .insert(FIELD_VALUE.to_owned(), string(value));
            clauses.push(format!(
                "(attribute_not_exists({PK_NAME}) OR attribute_not_exists({FIELD_NAME}) \
                 OR {FIELD_NAME} <= {FIELD_VALUE})"
            ));
        }
    }
    if !clauses.is_empty() {
        expression.text = Some(clauses.join(" AND "));
    }
    expression
}

/// The update expression of a `SetDue`, merged into the condition's names and values.
pub(super) fn set_due_expression(due: Option<&Due>, expression: &mut Expression) -> String {
    expression
        .names
        .insert(DUE_PK_NAME.to_owned(), attr::DUE_PK.to_owned());
    expression
        .names
        .insert(DUE_SK_NAME.to_owned(), attr::DUE_SK.to_owned());
    match due {
        Some(due) => {
            expression
                .values
                .insert(NEW_DUE_PK_VALUE.to_owned(), string(&due.shard));
            expression
                .values
                .insert(NEW_DUE_SK_VALUE.to_owned(), string(&due.at));
            format!("SET {DUE_PK_NAME} = {NEW_DUE_PK_VALUE}, {DUE_SK_NAME} = {NEW_DUE_SK_VALUE}")
        }
        None => format!("REMOVE {DUE_PK_NAME}, {DUE_SK_NAME}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_use_only_the_names_they_mention() {
        let none = condition_expression(&Condition::None, false);
        assert!(none.text.is_none() && none.names().is_none() && none.values().is_none());
        let claim = condition_expression(&Condition::DueIs("t#x".into()), true);
        assert_eq!(
            claim.text.as_deref(),
            Some("attribute_exists(#pk) AND #due_sk = :expected_due")
        );
        assert_eq!(claim.values[EXPECTED_DUE_VALUE], string("t#x"));
        let version = condition_expression(
            &Condition::FieldIs {
                field: "status_changed_at".into(),
                value: None,
            },
            false,
        );
        assert_eq!(
            version.text.as_deref(),
            Some("attribute_exists(#pk) AND attribute_not_exists(#field)")
        );
        assert!(version.values().is_none());
    }
}
