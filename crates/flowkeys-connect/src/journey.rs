//! The whole set-up as one path: which steps are done for a key set, which is next, and what the
//! admin does there — computed from facts the console knows, never from which tabs were opened.
//!
//! The console's step rail renders [`Journey`]; it decides nothing itself.

use crate::commands::KeyRole;

/// What the console knows about one key set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetupFacts {
    /// A key set exists (generated or imported) and is selected.
    pub has_key_set: bool,
    /// Its private key was downloaded, copied or backed up, or came from a file.
    pub private_key_saved: bool,
    /// The Key ID Connect assigned is entered.
    pub key_id_entered: bool,
    /// A preview ciphertext was made with it.
    pub previewed: bool,
    /// The decrypt Lambda's code was copied or downloaded.
    pub lambda_taken: bool,
    /// The flow was copied or downloaded.
    pub flow_taken: bool,
    /// A ciphertext was decrypted with it on the inspect screen.
    pub verified: bool,
    /// Its part in a rotation.
    pub role: Option<KeyRole>,
}

/// One step of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepId {
    /// Generate or import a key set.
    KeySet,
    /// Save the private key somewhere safe.
    SaveKey,
    /// Register the public key in Connect and enter its Key ID.
    Register,
    /// Encrypt a test value as Connect would.
    Preview,
    /// Get the decrypt Lambda's code and test event.
    Lambda,
    /// Get the flow (or update the existing one).
    Flow,
    /// Decrypt a preview ciphertext.
    Verify,
    /// Rotation only: retire the current key once the next one carries the calls.
    RetireOld,
}

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Its fact holds.
    Done,
    /// The first step whose fact does not hold: what to do now.
    Next,
    /// Later.
    Todo,
}

impl StepState {
    /// The state in words (the rail shows it as text, not colour alone).
    pub const fn label(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Next => "next",
            StepState::Todo => "to do",
        }
    }
}

/// A step with its state and what to do there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Where it stands.
    pub state: StepState,
    /// Short title for the rail.
    pub title: &'static str,
    /// One sentence: what to do in this step.
    pub todo: &'static str,
    /// The Amazon Connect console page where the step is done, when there is one.
    pub connect_page: Option<&'static str>,
}

/// The steps for one key set, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journey {
    /// In order.
    pub steps: Vec<Step>,
    /// Whether these are the steps of the next key in a rotation.
    pub rotation: bool,
}

impl Journey {
    /// The steps for a key set with `facts`.
    pub fn of(facts: &SetupFacts) -> Journey {
        let rotation = facts.role == Some(KeyRole::Next);
        let mut plan: Vec<(StepId, bool)> = vec![
            (StepId::KeySet, facts.has_key_set),
            (StepId::SaveKey, facts.has_key_set && facts.private_key_saved),
            (StepId::Register, facts.has_key_set && facts.key_id_entered),
            (StepId::Preview, facts.has_key_set && facts.previewed),
            (StepId::Lambda, facts.has_key_set && facts.lambda_taken),
            (StepId::Flow, facts.has_key_set && facts.flow_taken),
            (StepId::Verify, facts.has_key_set && facts.verified),
        ];
        if rotation {
            // The console cannot see Connect: retiring the old key is never ticked off here.
            plan.push((StepId::RetireOld, false));
        }
        let next = plan.iter().position(|(_, done)| !done);
        let steps = plan
            .into_iter()
            .enumerate()
            .map(|(i, (id, done))| {
                let state = if done {
                    StepState::Done
                } else if Some(i) == next {
                    StepState::Next
                } else {
                    StepState::Todo
                };
                let (title, todo, connect_page) = words(id, rotation);
                Step { id, state, title, todo, connect_page }
            })
            .collect();
        Journey { steps, rotation }
    }

    /// The step to do now (none when every step is done).
    pub fn next(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.state == StepState::Next)
    }

    /// How many steps are done.
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.state == StepState::Done).count()
    }
}

const FLOW_KEYS_PAGE: &str = "Amazon Connect console → your instance → Flows → Flow security keys";

/// Title, one sentence of what to do, and the Connect console page of a step.
fn words(id: StepId, rotation: bool) -> (&'static str, &'static str, Option<&'static str>) {
    match (id, rotation) {
        (StepId::KeySet, false) => ("Key set", "Generate a key set (or import one) on the Keys screen.", None),
        (StepId::KeySet, true) => {
            ("Next key set", "Generate or import the next key set; keep the current one working.", None)
        }
        (StepId::SaveKey, _) => (
            "Save the private key",
            "Download or copy the private key (or Download all with it) and keep it safe: this tab holds the only copy.",
            None,
        ),
        (StepId::Register, false) => (
            "Register in Connect",
            "Add the public key in Connect and paste the Key ID it shows into the Keys screen.",
            Some(FLOW_KEYS_PAGE),
        ),
        (StepId::Register, true) => (
            "Register the next key",
            "Add the next public key in Connect beside the current one (Connect allows two) and paste its Key ID.",
            Some(FLOW_KEYS_PAGE),
        ),
        (StepId::Preview, _) => {
            ("Preview", "Encrypt a test card number as Connect would, on the Preview screen.", None)
        }
        (StepId::Lambda, false) => (
            "Lambda",
            "Copy or download the decrypt Lambda's code from the Lambda screen and test it with the preview ciphertext.",
            Some("AWS Lambda console → Functions → Create function"),
        ),
        (StepId::Lambda, true) => (
            "Lambda accepts both keys",
            "Copy or download the Lambda code that accepts both Key IDs and deploy it before switching the flow.",
            Some("AWS Lambda console → Functions → your decrypt function"),
        ),
        (StepId::Flow, false) => (
            "Flow",
            "Copy or download the secure-input flow from the Flow screen and import it.",
            Some("Amazon Connect console → your instance → Routing → Flows → Import"),
        ),
        (StepId::Flow, true) => (
            "Switch the flow",
            "Copy or download the flow with the next Key ID and certificate, import it and publish it.",
            Some("Amazon Connect console → your instance → Routing → Flows"),
        ),
        (StepId::Verify, _) => (
            "Verify",
            "Paste the preview ciphertext into Decrypt & inspect: it must decrypt with this key set.",
            None,
        ),
        (StepId::RetireOld, _) => (
            "Retire the old key",
            "When no published flow uses the old Key ID, delete it in Connect and untick Registered for it.",
            Some(FLOW_KEYS_PAGE),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(j: &Journey) -> Vec<StepState> {
        j.steps.iter().map(|s| s.state).collect()
    }

    #[test]
    fn an_empty_console_starts_at_the_key_set() {
        let j = Journey::of(&SetupFacts::default());
        assert_eq!(j.steps.len(), 7);
        assert_eq!(j.next().map(|s| s.id), Some(StepId::KeySet));
        assert_eq!(j.done(), 0);
        assert_eq!(states(&j).iter().filter(|s| **s == StepState::Next).count(), 1);
    }

    #[test]
    fn each_fact_ticks_off_its_step_and_moves_next_on() {
        let mut f = SetupFacts { has_key_set: true, ..SetupFacts::default() };
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::SaveKey));
        f.private_key_saved = true;
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::Register));
        f.key_id_entered = true;
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::Preview));
        f.previewed = true;
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::Lambda));
        f.lambda_taken = true;
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::Flow));
        f.flow_taken = true;
        assert_eq!(Journey::of(&f).next().map(|s| s.id), Some(StepId::Verify));
        f.verified = true;
        let j = Journey::of(&f);
        assert_eq!(j.next(), None);
        assert_eq!(j.done(), 7);
    }

    #[test]
    fn a_skipped_step_stays_next_while_later_ones_are_done() {
        let f = SetupFacts { has_key_set: true, key_id_entered: true, previewed: true, ..SetupFacts::default() };
        let j = Journey::of(&f);
        assert_eq!(j.next().map(|s| s.id), Some(StepId::SaveKey));
        assert_eq!(
            states(&j),
            [
                StepState::Done,
                StepState::Next,
                StepState::Done,
                StepState::Done,
                StepState::Todo,
                StepState::Todo,
                StepState::Todo
            ]
        );
    }

    #[test]
    fn no_key_set_means_no_later_step_is_done() {
        let f = SetupFacts { private_key_saved: true, verified: true, ..SetupFacts::default() };
        assert_eq!(Journey::of(&f).done(), 0);
    }

    #[test]
    fn the_next_key_of_a_rotation_gets_rotation_steps() {
        let f = SetupFacts {
            has_key_set: true,
            private_key_saved: true,
            role: Some(KeyRole::Next),
            ..SetupFacts::default()
        };
        let j = Journey::of(&f);
        assert!(j.rotation);
        assert_eq!(j.steps.len(), 8);
        assert_eq!(j.steps.last().map(|s| s.id), Some(StepId::RetireOld));
        assert_eq!(j.next().map(|s| s.title), Some("Register the next key"));
        assert!(j.steps.iter().any(|s| s.title == "Lambda accepts both keys"));
        let current = Journey::of(&SetupFacts { role: Some(KeyRole::Current), ..f });
        assert!(!current.rotation);
        assert_eq!(current.steps.len(), 7);
    }

    #[test]
    fn every_step_says_what_to_do_in_one_sentence() {
        for role in [None, Some(KeyRole::Next)] {
            for s in Journey::of(&SetupFacts { role, ..SetupFacts::default() }).steps {
                assert!(s.todo.ends_with('.') && s.todo.matches(". ").count() == 0, "{}", s.todo);
            }
        }
    }
}
