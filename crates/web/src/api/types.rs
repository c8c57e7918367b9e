//! The JSON the API sends and takes, with its OpenAPI schemas. Times are RFC 3339 in UTC, ids
//! are UUIDs, stages and states are the stable codes of the domain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationSummary {
    pub id: Uuid,
    pub type_id: String,
    /// The program's name in the request's language.
    pub program: String,
    /// `draft`, `submitted`, `received`, `in_progress`, `approved`, `refused`, `withdrawn`,
    /// `returned_incomplete`.
    pub stage: String,
    pub number: Option<String>,
    /// `secure` (this account) or `pr` (managed in the PR portal).
    pub portal: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    pub items: Vec<ApplicationSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    pub step: String,
    pub state: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    pub steps: Vec<StepView>,
    /// Whether it can still be withdrawn.
    pub can_withdraw: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDraft {
    /// A type of the catalog, e.g. `visitor-visa`.
    pub type_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectionState {
    pub id: String,
    pub title: String,
    pub complete: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub relationship: String,
    pub date_of_birth: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DraftView {
    pub id: Uuid,
    pub type_id: String,
    pub version: i64,
    /// Answers by `section.field`.
    pub answers: BTreeMap<String, String>,
    pub members: Vec<MemberView>,
    pub sections: Vec<SectionState>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionAnswers {
    /// Answers of one section by field id (`given_names`, not `personal.given_names`).
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectionSaved {
    /// The next section not complete yet, if any.
    pub next_section: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    pub given_name: String,
    pub family_name: String,
    /// `spouse`, `common_law_partner` or `dependent_child`.
    pub relationship: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistItem {
    /// The item's key, used to upload its document.
    pub key: String,
    pub label: String,
    pub required: bool,
    /// The document uploaded for it, if any.
    pub document_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeeLine {
    pub label: String,
    pub persons: i64,
    pub amount_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeeView {
    pub lines: Vec<FeeLine>,
    pub total_cents: i64,
    pub paid: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBody {
    pub card_number: String,
    /// `MM/YY`.
    pub card_expiry: String,
    pub card_name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionBody {
    /// The signer's full name.
    pub declaration_name: String,
    /// The declaration is agreed to.
    pub agree: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionDone {
    pub number: String,
    /// The same submission had already gone through (a retry): nothing new was made.
    pub replay: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: Uuid,
    pub item_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<portail_app::model::DocumentRecord> for DocumentView {
    fn from(d: portail_app::model::DocumentRecord) -> Self {
        DocumentView {
            id: d.id,
            item_key: d.item_key,
            file_name: d.file_name,
            content_type: d.content_type,
            size: d.size,
            sha256: d.sha256,
            uploaded_at: d.uploaded_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub from_staff: bool,
    pub subject: String,
    pub body: String,
    pub at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LetterView {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: String,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestView {
    pub id: Uuid,
    /// What is asked, in the request's language.
    pub items: Vec<String>,
    pub note: String,
    pub deadline: DateTime<Utc>,
    /// `open` or `answered`.
    pub status: String,
    pub extension_requested: bool,
    pub extension_decision: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionBody {
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalBody {
    /// Why (optional, at most 1,000 characters).
    #[serde(default)]
    pub reason: String,
    /// Must be `true`: withdrawing cannot be undone.
    pub confirm: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrTask {
    /// `presence`, `address` or `photo`.
    pub task: String,
    /// `todo`, `submitted`, `accepted` or `returned`.
    pub state: String,
    /// The officer's reason, when sent back.
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrFileView {
    pub id: Uuid,
    pub number: Option<String>,
    pub tasks: Vec<PrTask>,
    pub ecopr_issued_at: Option<DateTime<Utc>>,
    /// `not_started`, `in_production` or `mailed`.
    pub card_status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueList {
    pub items: Vec<QueueItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    pub id: Uuid,
    pub number: Option<String>,
    pub type_id: String,
    pub stage: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub taken: bool,
    pub overdue_requests: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeFile {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    /// Send with a decision: a change made meanwhile is refused (409).
    pub version: i64,
    pub answers: BTreeMap<String, String>,
    pub steps: Vec<StepView>,
    pub documents: Vec<DocumentView>,
    /// The decisions the status machine allows now.
    pub decisions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `acknowledge`, `start`, `approve`, `refuse` or `return`.
    pub action: String,
    pub version: i64,
    /// Required to refuse or return; shown in the letter.
    #[serde(default)]
    pub reasons: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequestBody {
    /// Checklist keys of the file to ask for.
    #[serde(default)]
    pub checklist_items: Vec<String>,
    /// Free items.
    #[serde(default)]
    pub items: Vec<String>,
    /// Days to answer (1 to 365; 30 when absent).
    pub days: Option<i64>,
    #[serde(default)]
    pub note: String,
    pub version: i64,
}
