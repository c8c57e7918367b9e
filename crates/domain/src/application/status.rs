//! The status machine of a file: one table of allowed transitions, and the processing steps
//! shown to the applicant.

use super::Stage;

/// What can happen to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    /// Acknowledgement of receipt (AOR) after the completeness check.
    Acknowledge,
    StartProcessing,
    Approve,
    Refuse,
    ReturnIncomplete,
    Withdraw,
}

/// Every allowed transition; anything else is refused.
pub const TRANSITIONS: &[(Stage, Action, Stage)] = &[
    (Stage::Draft, Action::Submit, Stage::Submitted),
    (Stage::Submitted, Action::Acknowledge, Stage::Received),
    (Stage::Submitted, Action::ReturnIncomplete, Stage::ReturnedIncomplete),
    (Stage::Received, Action::StartProcessing, Stage::InProgress),
    (Stage::Received, Action::ReturnIncomplete, Stage::ReturnedIncomplete),
    (Stage::InProgress, Action::Approve, Stage::Approved),
    (Stage::InProgress, Action::Refuse, Stage::Refused),
    (Stage::Submitted, Action::Withdraw, Stage::Withdrawn),
    (Stage::Received, Action::Withdraw, Stage::Withdrawn),
    (Stage::InProgress, Action::Withdraw, Stage::Withdrawn),
];

pub fn next(from: Stage, action: Action) -> Option<Stage> {
    TRANSITIONS.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
}

/// The processing steps of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Eligibility,
    Biometrics,
    Medical,
    Background,
    Interview,
    AdditionalDocuments,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Eligibility,
        Step::Biometrics,
        Step::Medical,
        Step::Background,
        Step::Interview,
        Step::AdditionalDocuments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Eligibility => "eligibility",
            Step::Biometrics => "biometrics",
            Step::Medical => "medical",
            Step::Background => "background",
            Step::Interview => "interview",
            Step::AdditionalDocuments => "additional_documents",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    NotStarted,
    WaitingOnYou,
    InProgress,
    Done,
    NotApplicable,
}

impl StepState {
    pub const ALL: [StepState; 5] = [
        StepState::NotStarted,
        StepState::WaitingOnYou,
        StepState::InProgress,
        StepState::Done,
        StepState::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepState::NotStarted => "not_started",
            StepState::WaitingOnYou => "waiting_on_you",
            StepState::InProgress => "in_progress",
            StepState::Done => "done",
            StepState::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<StepState> {
        StepState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl StepState {
    /// The state to show once the file is closed: an approval means every step still open was
    /// done; a refusal, a withdrawal or a return leaves them not needed any more. No "Not started"
    /// beside "Approved".
    pub fn closed_by(self, stage: Stage) -> StepState {
        let open = matches!(self, StepState::NotStarted | StepState::WaitingOnYou | StepState::InProgress);
        match stage {
            Stage::Approved if open => StepState::Done,
            Stage::Refused | Stage::Withdrawn | Stage::ReturnedIncomplete if open => StepState::NotApplicable,
            _ => self,
        }
    }
}

/// The steps a new file starts with: a medical exam and an interview only where the category
/// usually needs them.
pub fn initial_steps(permanent: bool) -> Vec<(Step, StepState)> {
    Step::ALL
        .into_iter()
        .map(|s| {
            let state = match s {
                Step::Medical | Step::Interview if !permanent => StepState::NotApplicable,
                Step::AdditionalDocuments => StepState::NotApplicable,
                _ => StepState::NotStarted,
            };
            (s, state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_of_the_table_is_allowed_and_nothing_else() {
        let actions = [
            Action::Submit,
            Action::Acknowledge,
            Action::StartProcessing,
            Action::Approve,
            Action::Refuse,
            Action::ReturnIncomplete,
            Action::Withdraw,
        ];
        let mut allowed = 0;
        for from in Stage::ALL {
            for a in actions {
                let expected = TRANSITIONS.iter().find(|(f, x, _)| *f == from && *x == a).map(|t| t.2);
                assert_eq!(next(from, a), expected);
                allowed += usize::from(expected.is_some());
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
        assert_eq!(next(Stage::Approved, Action::Withdraw), None, "a decided file cannot be withdrawn");
        assert_eq!(next(Stage::Draft, Action::Approve), None);
        assert_eq!(next(Stage::Withdrawn, Action::Submit), None);
    }

    #[test]
    fn a_decision_closes_the_open_steps() {
        use StepState::*;
        for open in [NotStarted, WaitingOnYou, InProgress] {
            assert_eq!(open.closed_by(Stage::Approved), Done);
            assert_eq!(open.closed_by(Stage::Refused), NotApplicable);
            assert_eq!(open.closed_by(Stage::Withdrawn), NotApplicable);
            assert_eq!(open.closed_by(Stage::InProgress), open, "an open file keeps its steps");
        }
        assert_eq!(Done.closed_by(Stage::Refused), Done, "what was done stays done");
        assert_eq!(NotApplicable.closed_by(Stage::Approved), NotApplicable);
    }

    #[test]
    fn steps_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
        for s in StepState::ALL {
            assert_eq!(StepState::parse(s.as_str()), Some(s));
        }
        assert!(initial_steps(false).contains(&(Step::Medical, StepState::NotApplicable)));
        assert!(initial_steps(true).contains(&(Step::Medical, StepState::NotStarted)));
    }
}
