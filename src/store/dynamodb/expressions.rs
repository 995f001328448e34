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
    /// Use `placeholder` (`#name`) for the attribute `attribute`.
    fn name(&mut self, placeholder: &str, attribute: &str) -> &mut Self {
        self.names
            .insert(placeholder.to_owned(), attribute.to_owned());
        self
    }

    /// Use `placeholder` (`:name`) for the string `value`.
    fn value(&mut self, placeholder: &str, value: &str) -> &mut Self {
        self.values.insert(placeholder.to_owned(), string(value));
        self
    }

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
        expression.name(PK_NAME, attr::PK);
    }
    match condition {
        Condition::None => {}
        Condition::NotExists => {
            clauses.push(format!("attribute_not_exists({PK_NAME})"));
            expression.name(PK_NAME, attr::PK);
        }
        Condition::DueIs(expected) => {
            clauses.push(format!("{DUE_SK_NAME} = {EXPECTED_DUE_VALUE}"));
            expression.name(DUE_SK_NAME, attr::DUE_SK);
            expression.value(EXPECTED_DUE_VALUE, expected);
        }
        Condition::FieldIs { field, value } => {
            expression.name(PK_NAME, attr::PK).name(FIELD_NAME, field);
            clauses.push(format!("attribute_exists({PK_NAME})"));
            match value {
                Some(value) => {
                    clauses.push(format!("{FIELD_NAME} = {FIELD_VALUE}"));
                    expression.value(FIELD_VALUE, value);
                }
                None => clauses.push(format!("attribute_not_exists({FIELD_NAME})")),
            }
        }
        Condition::NotNewer { field, value } => {
            expression
                .name(PK_NAME, attr::PK)
                .name(FIELD_NAME, field)
                .value(FIELD_VALUE, value);
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
        .name(DUE_PK_NAME, attr::DUE_PK)
        .name(DUE_SK_NAME, attr::DUE_SK);
    match due {
        Some(due) => {
            expression
                .value(NEW_DUE_PK_VALUE, &due.shard)
                .value(NEW_DUE_SK_VALUE, &due.at);
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
