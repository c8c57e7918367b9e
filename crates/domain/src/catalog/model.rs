//! The shape of an application type, as written in the catalog files.

use serde::Deserialize;

use super::Text;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationType {
    /// Stable id, used in URLs and stored with each application (`visitor-visa`).
    pub id: String,
    /// Line of business: the letter that starts application numbers (`V`, `S`, `W`, `E`, `F`).
    pub line: char,
    /// `temporary` or `permanent`: permanent-residence files may later move to the PR portal.
    pub category: Category,
    pub name: Text,
    pub summary: Text,
    /// Whether the principal applicant may add family members (spouse, children…).
    #[serde(default)]
    pub family: bool,
    pub sections: Vec<Section>,
    pub documents: Vec<DocumentRule>,
    pub fees: Vec<FeeRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Temporary,
    Permanent,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Text>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub kind: FieldKind,
    pub label: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(default)]
    pub required: bool,
    /// Asked only when this condition holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// For `choice` fields.
    #[serde(default)]
    pub options: Vec<Choice>,
    /// For `text`: the longest answer accepted (default 200).
    #[serde(default)]
    pub max_len: Option<usize>,
    /// For `number` and `money` (money in whole dollars).
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    /// For `date`: `past` or `future` relative to today.
    #[serde(default)]
    pub date_range: Option<DateRange>,
    /// For `date`: the id of a date question of the same section this one must come after
    /// (a departure after the arrival, an expiry after the issue).
    #[serde(default)]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Date,
    Country,
    YesNo,
    Choice,
    Number,
    Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateRange {
    Past,
    Future,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

/// `field` is `section.field`; the condition holds when its answer is one of `equals`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub equals: Vec<String>,
}

/// Who a checklist item is asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The principal applicant only.
    Principal,
    /// The principal applicant and each family member.
    Everyone,
    /// Each family member (not the principal).
    EachMember,
    /// Each person 18 or older on the day of the checklist, the principal included.
    EachAdult,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
    pub required: bool,
    pub who: Who,
    #[serde(default)]
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeRule {
    pub id: String,
    pub label: Text,
    /// In cents (Canadian dollars).
    pub amount_cents: i64,
    pub who: Who,
    #[serde(default)]
    pub when: Option<Condition>,
}
