//! `state::Console`: the key sets, selection, confirmation, undo and made files, on Leptos
//! signals (no view is mounted).

use crate::fixtures::{set_2048, set_3072};
use flowkeys_connect::journey::SetupFacts;
use flowkeys_connect::loss::{clear_warning, removal_warning};
use flowkeys_connect::{FileKind, KeyRole, KeySetFiles};
use flowkeys_console::state::{Confirm, Console, Pending, Provenance};
use flowkeys_console::worker::Method;
use flowkeys_core::KeyId;
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const GENERATED: Option<Provenance> =
    Some(Provenance { method: Method::Rust, keygen_ms: 1200.0, total_ms: 1300.0, made_at_ms: 1.7e12 });
const IMPORTED: Option<Provenance> = None;

/// Runs `test` on a fresh console under its own reactive owner (disposed afterwards).
fn with_console(test: impl FnOnce(Console)) {
    let owner = Owner::new();
    owner.with(|| test(Console::new()));
}

fn ids(console: &Console) -> Vec<u64> {
    console.entries.with_untracked(|e| e.iter().map(|x| x.id).collect())
}

fn nickname(console: &Console, id: u64) -> String {
    console.entries.with_untracked(|e| e.iter().find(|x| x.id == id).map(|x| x.nickname.clone())).unwrap()
}

#[wasm_bindgen_test]
fn adding_key_sets_numbers_them_and_selects_the_newest() {
    with_console(|c| {
        assert_eq!(c.key_set.get_untracked().map(|s| s.certificate_der().to_vec()), None);
        let first = c.add(set_2048(), GENERATED, "Generated in this browser".into());
        assert_eq!(first, 1);
        assert_eq!(c.selected.get_untracked(), Some(1));
        assert_eq!(c.provenance.get_untracked(), GENERATED);
        assert_eq!(
            c.key_set.get_untracked().map(|s| s.certificate_der().to_vec()),
            Some(set_2048().certificate_der().to_vec())
        );
        let name = nickname(&c, 1);
        assert!(name.starts_with("flowkeys-esdk-test-2048 · "), "{name}");

        let second = c.add(set_3072(), IMPORTED, "Imported from rsa3072.key.pem".into());
        assert_eq!(second, 2);
        assert_eq!(c.selected.get_untracked(), Some(2));
        assert_eq!(c.provenance.get_untracked(), None);
        assert_eq!(c.files(), Some(KeySetFiles::of(&set_3072())));
        assert_eq!(c.using(), Some((nickname(&c, 2), KeyRole::Current)));
        // A generated key starts unsaved, an imported one is saved where it came from.
        let saved: Vec<bool> = c.entries.with_untracked(|e| e.iter().map(|x| x.saved).collect());
        assert_eq!(saved, [false, true]);
    });
}

#[wasm_bindgen_test]
fn saving_the_selected_key_clears_the_unsaved_warning() {
    with_console(|c| {
        assert!(!c.has_unsaved_key());
        c.add(set_2048(), GENERATED, "Generated in this browser".into());
        assert!(c.has_unsaved_key());
        assert!(!c.facts().private_key_saved);
        c.mark_selected_saved();
        assert!(!c.has_unsaved_key());
        assert!(c.facts().private_key_saved);
    });
}

#[wasm_bindgen_test]
fn the_oldest_registered_key_set_is_current_and_the_others_are_next() {
    with_console(|c| {
        c.add(set_2048(), IMPORTED, "a".into());
        c.add(set_3072(), IMPORTED, "b".into());
        assert_eq!((c.role(1), c.role(2)), (KeyRole::Current, KeyRole::Current));
        c.update_entry(2, |e| e.active = true);
        assert_eq!((c.role(1), c.role(2)), (KeyRole::Next, KeyRole::Current));
        c.update_entry(1, |e| e.active = true);
        assert_eq!((c.role(1), c.role(2)), (KeyRole::Current, KeyRole::Next));
        assert_eq!(c.facts().role, Some(KeyRole::Next), "the selected set is the newer one");
    });
}

#[wasm_bindgen_test]
fn the_step_rail_facts_follow_the_selected_key_set() {
    with_console(|c| {
        assert_eq!(c.facts(), SetupFacts::default());
        c.add(set_2048(), GENERATED, "Generated in this browser".into());
        let key_id = KeyId::parse("1B4E28BA-2FA1-11D2-883F-0016D3CCA427").unwrap();
        c.update_selected(|set| set.set_key_id(Some(key_id.clone())));
        c.update_selected_entry(|e| e.previewed = true);
        c.record_taken("lambda-python");
        c.record_taken("some-other-block");
        assert_eq!(
            c.facts(),
            SetupFacts {
                has_key_set: true,
                private_key_saved: false,
                key_id_entered: true,
                previewed: true,
                lambda_taken: true,
                flow_taken: false,
                verified: false,
                role: Some(KeyRole::Current),
            }
        );
        c.record_taken("flow-json");
        assert!(c.facts().flow_taken);
        assert_eq!(c.key_set.get_untracked().and_then(|s| s.key_id().cloned()), Some(key_id));
        c.selected.set(None);
        assert_eq!(c.facts(), SetupFacts::default());
    });
}

#[wasm_bindgen_test]
fn removing_the_only_copy_of_a_key_asks_first_and_can_be_undone() {
    with_console(|c| {
        c.add(set_2048(), GENERATED, "Generated in this browser".into());
        c.add(set_3072(), IMPORTED, "Imported".into());
        c.selected.set(Some(1));
        let name = nickname(&c, 1);

        c.request_remove(1);
        assert_eq!(ids(&c), [1, 2], "nothing is removed before the admin confirms");
        assert_eq!(
            c.confirm.get_untracked(),
            Some(Confirm {
                action: Pending::Remove(1),
                question: format!("Remove {name}?"),
                reason: removal_warning(false, false).unwrap().to_owned(),
            })
        );

        c.confirm_pending();
        assert_eq!(ids(&c), [2]);
        assert_eq!(c.selected.get_untracked(), Some(2), "the newest remaining set is selected");
        assert_eq!(c.confirm.get_untracked(), None);
        assert_eq!(c.undo.with_untracked(|u| u.as_ref().map(|u| u.what.clone())), Some(format!("Removed {name}")));

        c.undo();
        assert_eq!(ids(&c), [1, 2], "put back at its old position");
        assert_eq!(c.selected.get_untracked(), Some(1));
        assert_eq!(c.announcement.get_untracked(), "Restored.");
        assert!(c.undo.with_untracked(Option::is_none));
    });
}

#[wasm_bindgen_test]
fn a_saved_unregistered_key_set_is_removed_at_once() {
    with_console(|c| {
        c.add(set_2048(), IMPORTED, "Imported".into());
        c.request_remove(1);
        assert_eq!(c.confirm.get_untracked(), None);
        assert!(ids(&c).is_empty());
        assert_eq!(c.selected.get_untracked(), None);
        // Wiping the undo offer makes the removal final.
        c.forget_undo();
        c.undo();
        assert!(ids(&c).is_empty());
    });
}

#[wasm_bindgen_test]
fn cancelling_a_confirmation_keeps_everything() {
    with_console(|c| {
        c.add(set_2048(), GENERATED, "Generated in this browser".into());
        c.request_remove(1);
        assert!(c.confirm.with_untracked(Option::is_some));
        c.cancel_pending();
        assert_eq!(c.confirm.get_untracked(), None);
        assert_eq!(ids(&c), [1]);
        assert_eq!(c.announcement.get_untracked(), "Nothing was removed.");
    });
}

#[wasm_bindgen_test]
fn clear_asks_while_a_key_could_be_lost_then_resets_the_page_and_can_be_undone() {
    with_console(|c| {
        c.add(set_2048(), GENERATED, "Generated in this browser".into());
        c.add(set_3072(), IMPORTED, "Imported".into());
        c.lambda_arn.set("arn:aws:lambda:eu-west-1:111122223333:function:decrypt".into());
        c.preview_ciphertext.set(Some("AYADeN...".into()));
        let resets = c.resets.get_untracked();

        c.request_clear();
        assert_eq!(ids(&c), [1, 2]);
        let confirm = c.confirm.get_untracked().unwrap();
        assert_eq!(confirm.action, Pending::Clear);
        assert_eq!(confirm.question, "Clear everything?");
        assert_eq!(Some(confirm.reason), clear_warning(&[(false, false), (true, false)]));

        c.confirm_pending();
        assert!(ids(&c).is_empty());
        assert_eq!(c.selected.get_untracked(), None);
        assert_eq!(c.lambda_arn.get_untracked(), "");
        assert_eq!(c.preview_ciphertext.get_untracked(), None);
        assert_eq!(c.resets.get_untracked(), resets + 1, "every screen is told to reset");
        assert_eq!(
            c.undo.with_untracked(|u| u.as_ref().map(|u| u.what.clone())).as_deref(),
            Some("Cleared 2 key set(s)")
        );

        c.undo();
        assert_eq!(ids(&c), [1, 2]);
        assert_eq!(c.selected.get_untracked(), Some(2));
        assert_eq!(c.lambda_arn.get_untracked(), "arn:aws:lambda:eu-west-1:111122223333:function:decrypt");
    });
}

#[wasm_bindgen_test]
fn clear_with_only_saved_key_sets_needs_no_confirmation() {
    with_console(|c| {
        c.add(set_2048(), IMPORTED, "Imported".into());
        c.request_clear();
        assert_eq!(c.confirm.get_untracked(), None);
        assert!(ids(&c).is_empty());
    });
}

#[wasm_bindgen_test]
fn made_files_belong_to_the_key_set_they_were_made_for() {
    with_console(|c| {
        c.add(set_2048(), IMPORTED, "a".into());
        c.offer_files(&[FileKind::Flow], vec![(FileKind::Flow, "flow v1".into())]);
        c.offer_files(&[FileKind::Flow], vec![(FileKind::Flow, "flow v2".into())]);
        c.offer_files(&[FileKind::LambdaNode], vec![(FileKind::LambdaNode, "exports.handler".into())]);
        let both = vec![(FileKind::Flow, "flow v2".to_owned()), (FileKind::LambdaNode, "exports.handler".to_owned())];
        assert_eq!(c.files_made_for_selected(), both, "a newer offer replaces the older one");

        c.add(set_3072(), IMPORTED, "b".into());
        assert!(c.files_made_for_selected().is_empty(), "another key set's files are not offered");
        c.selected.set(Some(1));
        assert_eq!(c.files_made_for_selected(), both);

        c.offer_files(&[FileKind::Flow], Vec::new());
        assert_eq!(c.files_made_for_selected(), [(FileKind::LambdaNode, "exports.handler".to_owned())]);
    });
}

#[wasm_bindgen_test]
fn a_result_is_announced() {
    with_console(|c| {
        c.show_result("Key set made.", "no-such-element", false);
        assert_eq!(c.announcement.get_untracked(), "Key set made.");
    });
}
