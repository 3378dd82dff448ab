//! The console's shared state, provided as context.
//!
//! Components take only what they need from it. Private material lives only here, in memory:
//! nothing is written to storage, cookies or the URL.

use crate::worker::Method;
use flowkeys_connect::journey::SetupFacts;
use flowkeys_connect::loss::{clear_warning, removal_warning};
use flowkeys_connect::nickname::default_nickname;
use flowkeys_connect::{key_role, FileKind, KeyRole, KeySetFiles};
use flowkeys_core::KeySet;
use leptos::prelude::*;

/// How a generated key set was made (shown next to the outputs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Provenance {
    /// Which generator ran.
    pub method: Method,
    /// Key generation time, milliseconds.
    pub keygen_ms: f64,
    /// Whole job time, milliseconds.
    pub total_ms: f64,
    /// `Date.now()` when it finished (dates the file names).
    pub made_at_ms: f64,
}

/// One key set held by the console.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Local handle (never shown, never stored).
    pub id: u64,
    /// The key pair and its certificate. Dropping the entry wipes the private key.
    pub set: KeySet,
    /// How it was generated, if it was.
    pub provenance: Option<Provenance>,
    /// Where it came from, in words ("Generated in this browser", "Imported from key.pem").
    pub source: String,
    /// Marked by the admin as registered (or about to be) in Connect.
    pub active: bool,
    /// The private key exists somewhere else than this tab: it was imported, or downloaded,
    /// copied or backed up here. Closing the tab with an unsaved key asks first.
    pub saved: bool,
    /// What the admin calls it (starts as the Common Name and a short fingerprint).
    pub nickname: String,
    /// A preview ciphertext was made with it.
    pub previewed: bool,
    /// The decrypt Lambda's code was copied or downloaded for it.
    pub lambda_taken: bool,
    /// Its flow was copied or downloaded.
    pub flow_taken: bool,
    /// A ciphertext was decrypted with it on the inspect screen.
    pub verified: bool,
}

/// What waits for the admin's confirmation before it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Remove the key set with this handle.
    Remove(u64),
    /// Clear everything.
    Clear,
}

/// A Remove or Clear that could lose a private key, held until the admin confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    /// What would happen.
    pub action: Pending,
    /// What is asked, e.g. "Remove payments · 9f1c2d3e?".
    pub question: String,
    /// Why it is asked (from [`flowkeys_connect::loss`]).
    pub reason: String,
}

/// What the last Remove or Clear took away, held for [`UNDO_SECONDS`] so it can be put back.
#[derive(Clone, Debug)]
pub struct Undo {
    /// What happened, e.g. "Removed amazon-connect-secure-input (RSA 2048)".
    pub what: String,
    /// The entries taken away, with their positions.
    entries: Vec<(usize, Entry)>,
    /// The selection before.
    selected: Option<u64>,
    /// The Lambda ARN before (Clear resets it).
    lambda_arn: Option<String>,
    /// Tells a late timer from the current offer.
    serial: u64,
}

/// How long a removed key set can be restored before its private key is wiped.
pub const UNDO_SECONDS: u64 = 30;

/// Every key set, which one the screens work on, and page-wide settings.
#[derive(Clone, Copy)]
pub struct Console {
    /// All key sets, oldest first.
    pub entries: RwSignal<Vec<Entry>>,
    /// The key set the screens work on.
    pub selected: RwSignal<Option<u64>>,
    /// The selected key set (a copy; change it with [`Console::update_selected`]).
    pub key_set: Signal<Option<KeySet>>,
    /// How the selected key set was made.
    pub provenance: Signal<Option<Provenance>>,
    /// Counts "Clear everything": each bump makes every screen reset its own local state.
    pub resets: RwSignal<u64>,
    /// The decrypt Lambda's ARN, shared by the Lambda and Flow screens (not secret).
    pub lambda_arn: RwSignal<String>,
    /// The AWS Region typed on the Lambda or Flow screen, shared by both (not secret).
    pub region: RwSignal<String>,
    /// The customer-managed KMS key ARN of the parameter, shared by the Lambda screen's policy
    /// and the set-up commands' put-parameter (not secret).
    pub kms_key: RwSignal<String>,
    /// The selected key set's last preview ciphertext (base64), for the Lambda's test event.
    /// Not secret: it is what Connect would store, and only its private key opens it.
    pub preview_ciphertext: RwSignal<Option<String>>,
    /// Set when a private key went to the clipboard, so Clear can overwrite it.
    pub secret_copied: RwSignal<bool>,
    /// The latest result, in words, for the page's polite live region (screen readers hear it
    /// wherever focus is).
    pub announcement: RwSignal<String>,
    /// The last Remove or Clear, while it can be undone.
    pub undo: RwSignal<Option<Undo>>,
    /// A Remove or Clear waiting for confirmation.
    pub confirm: RwSignal<Option<Confirm>>,
    /// Files the screens made, each with the key set it was made for (the Flow screen's flow,
    /// the Lambda screen's code, policy and test event): Download all bundles them, since the
    /// set-up commands read them.
    made_files: RwSignal<Vec<(u64, FileKind, String)>>,
}

impl Console {
    /// Fresh, empty state.
    pub fn new() -> Console {
        let entries = RwSignal::new(Vec::<Entry>::new());
        let selected = RwSignal::new(None::<u64>);
        // A value read from the selected entry, as a signal.
        fn of_selected<T: Send + Sync + 'static>(
            entries: RwSignal<Vec<Entry>>,
            selected: RwSignal<Option<u64>>,
            f: fn(&Entry) -> Option<T>,
        ) -> Signal<Option<T>> {
            Signal::derive(move || {
                selected.get().and_then(|id| entries.with(|e| e.iter().find(|x| x.id == id).and_then(f)))
            })
        }
        Console {
            entries,
            selected,
            // A memo, not a derived signal: the selected key set (private key included) is copied
            // once when the selection or the entry changes, and every read borrows that copy.
            key_set: Memo::new(move |_| {
                selected.get().and_then(|id| entries.with(|e| e.iter().find(|x| x.id == id).map(|x| x.set.clone())))
            })
            .into(),
            provenance: of_selected(entries, selected, |e| e.provenance),
            resets: RwSignal::new(0),
            lambda_arn: RwSignal::new(String::new()),
            region: RwSignal::new(String::new()),
            kms_key: RwSignal::new(String::new()),
            preview_ciphertext: RwSignal::new(None),
            secret_copied: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            undo: RwSignal::new(None),
            confirm: RwSignal::new(None),
            made_files: RwSignal::new(Vec::new()),
        }
    }

    /// Adds a key set and makes it the one the screens work on. Returns its handle. A generated
    /// set (with `provenance`) starts unsaved; an imported one is saved where it came from.
    pub fn add(&self, set: KeySet, provenance: Option<Provenance>, source: String) -> u64 {
        let id = self.entries.with_untracked(|e| e.iter().map(|x| x.id).max().unwrap_or(0)) + 1;
        let saved = provenance.is_none();
        let files = KeySetFiles::of(&set);
        let nickname =
            default_nickname(&flowkeys_connect::files::common_name(&set.summary().subject), files.short_fingerprint());
        self.entries.update(|e| {
            e.push(Entry {
                id,
                set,
                provenance,
                source,
                active: false,
                saved,
                nickname,
                previewed: false,
                lambda_taken: false,
                flow_taken: false,
                verified: false,
            })
        });
        self.selected.set(Some(id));
        id
    }

    /// Changes the selected key set in place (e.g. its Key ID).
    pub fn update_selected(&self, f: impl FnOnce(&mut KeySet)) {
        let Some(id) = self.selected.get_untracked() else { return };
        self.entries.update(|e| {
            if let Some(entry) = e.iter_mut().find(|x| x.id == id) {
                f(&mut entry.set);
            }
        });
    }

    /// Records that the selected key set's private key was downloaded, copied or backed up.
    pub fn mark_selected_saved(&self) {
        if let Some(id) = self.selected.get_untracked() {
            if self.entries.with_untracked(|e| e.iter().any(|x| x.id == id && !x.saved)) {
                self.update_entry(id, |e| e.saved = true);
            }
        }
    }

    /// Changes the selected entry in place (its progress facts, its nickname).
    pub fn update_selected_entry(&self, f: impl FnOnce(&mut Entry)) {
        if let Some(id) = self.selected.get_untracked() {
            self.update_entry(id, f);
        }
    }

    /// The selected key set's nickname and role, for "Using: …" lines (tracked).
    pub fn using(&self) -> Option<(String, KeyRole)> {
        let id = self.selected.get()?;
        let nickname = self.entries.with(|e| e.iter().find(|x| x.id == id).map(|x| x.nickname.clone()))?;
        Some((nickname, self.role(id)))
    }

    /// What the console knows about the selected key set, for the step rail (tracked).
    pub fn facts(&self) -> SetupFacts {
        let Some(id) = self.selected.get() else { return SetupFacts::default() };
        let role = self.role(id);
        self.entries.with(|e| {
            e.iter().find(|x| x.id == id).map_or_else(SetupFacts::default, |x| SetupFacts {
                has_key_set: true,
                private_key_saved: x.saved,
                key_id_entered: x.set.key_id().is_some(),
                previewed: x.previewed,
                lambda_taken: x.lambda_taken,
                flow_taken: x.flow_taken,
                verified: x.verified,
                role: Some(role),
            })
        })
    }

    /// Records that generated code was copied or downloaded from the code block `block` (its
    /// element id): the Lambda code and the flow are steps of the set-up.
    pub fn record_taken(&self, block: &str) {
        match block {
            "lambda-node" | "lambda-python" | "lambda-stack" => self.update_selected_entry(|e| e.lambda_taken = true),
            "flow-json" => self.update_selected_entry(|e| e.flow_taken = true),
            _ => {}
        }
    }

    /// Whether some private key exists only in this tab.
    pub fn has_unsaved_key(&self) -> bool {
        self.entries.with_untracked(|e| e.iter().any(|x| !x.saved))
    }

    /// Changes one entry in place.
    pub fn update_entry(&self, id: u64, f: impl FnOnce(&mut Entry)) {
        self.entries.update(|e| {
            if let Some(entry) = e.iter_mut().find(|x| x.id == id) {
                f(entry);
            }
        });
    }

    /// The role of key set `id` in a rotation (tracked): the oldest set marked registered is the
    /// current one, any other is the next while a registered one exists.
    pub fn role(&self, id: u64) -> KeyRole {
        self.entries.with(|e| {
            let registered: Vec<bool> = e.iter().map(|x| x.active).collect();
            let index = e.iter().position(|x| x.id == id).unwrap_or(usize::MAX);
            key_role(index, &registered)
        })
    }

    /// A screen's latest files of `kinds`, made for the selected key set, replacing the ones it
    /// offered before (an empty `files` withdraws them).
    pub fn offer_files(&self, kinds: &[FileKind], files: Vec<(FileKind, String)>) {
        let selected = self.selected.get_untracked();
        self.made_files.update(|made| {
            made.retain(|(_, kind, _)| !kinds.contains(kind));
            if let Some(id) = selected {
                made.extend(files.into_iter().map(|(kind, text)| (id, kind, text)));
            }
        });
    }

    /// The files the screens made for the selected key set (untracked).
    pub fn files_made_for_selected(&self) -> Vec<(FileKind, String)> {
        let selected = self.selected.get_untracked();
        self.made_files.with_untracked(|made| {
            made.iter().filter(|(id, ..)| Some(*id) == selected).map(|(_, kind, text)| (*kind, text.clone())).collect()
        })
    }

    /// The download names of the selected key set (tracked): the names the commands read.
    pub fn files(&self) -> Option<KeySetFiles> {
        self.key_set.with(|k| k.as_ref().map(KeySetFiles::of))
    }

    /// Announces a result and brings it into view (see [`crate::browser::reveal`]).
    pub fn show_result(&self, text: impl Into<String>, id: &'static str, focus: bool) {
        let text = text.into();
        // Re-setting the same text would not be announced again: clear it first.
        self.announcement.set(String::new());
        self.announcement.set(text);
        crate::browser::reveal(id, focus);
    }

    /// Offers to undo what was just taken away, for [`UNDO_SECONDS`]; then it is dropped (the
    /// private keys are wiped). A newer offer replaces (and wipes) an older one.
    fn offer_undo(
        &self,
        what: String,
        entries: Vec<(usize, Entry)>,
        selected: Option<u64>,
        lambda_arn: Option<String>,
    ) {
        let serial = self.undo.with_untracked(|u| u.as_ref().map_or(0, |u| u.serial)).wrapping_add(1);
        self.undo.set(Some(Undo { what, entries, selected, lambda_arn, serial }));
        let undo = self.undo;
        leptos::prelude::set_timeout(
            move || {
                if undo.with_untracked(|u| u.as_ref().is_some_and(|u| u.serial == serial)) {
                    undo.set(None);
                }
            },
            std::time::Duration::from_secs(UNDO_SECONDS),
        );
    }

    /// Puts back what the last Remove or Clear took away.
    pub fn undo(&self) {
        let Some(undo) = self.undo.try_update(Option::take).flatten() else { return };
        self.entries.update(|e| {
            for (position, entry) in undo.entries {
                let at = position.min(e.len());
                e.insert(at, entry);
            }
        });
        if let Some(arn) = undo.lambda_arn {
            self.lambda_arn.set(arn);
        }
        self.selected.set(undo.selected);
        self.announcement.set("Restored.".to_owned());
    }

    /// Wipes what an undo offer holds, now.
    pub fn forget_undo(&self) {
        self.undo.set(None);
    }

    /// Asks before removing key set `id` when that could lose its private key (see
    /// [`flowkeys_connect::loss`]); removes it at once otherwise.
    pub fn request_remove(&self, id: u64) {
        let found = self.entries.with_untracked(|e| {
            e.iter().find(|x| x.id == id).map(|x| (x.nickname.clone(), removal_warning(x.saved, x.active)))
        });
        match found {
            Some((name, Some(reason))) => self.ask(Pending::Remove(id), format!("Remove {name}?"), reason.to_owned()),
            Some((_, None)) => self.remove(id),
            None => {}
        }
    }

    /// Asks before clearing everything while a key set could be lost; clears at once otherwise.
    /// Call it from the click handler (see [`Console::clear`]).
    pub fn request_clear(&self) {
        let sets: Vec<(bool, bool)> = self.entries.with_untracked(|e| e.iter().map(|x| (x.saved, x.active)).collect());
        match clear_warning(&sets) {
            Some(reason) => self.ask(Pending::Clear, "Clear everything?".to_owned(), reason),
            None => self.clear(),
        }
    }

    fn ask(&self, action: Pending, question: String, reason: String) {
        self.confirm.set(Some(Confirm { action, question, reason }));
        crate::browser::reveal("confirm-title", true);
    }

    /// Does what waits for confirmation (from the confirm button's click handler).
    pub fn confirm_pending(&self) {
        match self.confirm.try_update(Option::take).flatten().map(|c| c.action) {
            Some(Pending::Remove(id)) => self.remove(id),
            Some(Pending::Clear) => self.clear(),
            None => {}
        }
        crate::browser::reveal("main", true);
    }

    /// Drops what waits for confirmation.
    pub fn cancel_pending(&self) {
        self.confirm.set(None);
        self.announcement.set("Nothing was removed.".to_owned());
    }

    /// Removes one key set; selects the newest remaining one. It can be undone for
    /// [`UNDO_SECONDS`], after which its private key is wiped.
    pub fn remove(&self, id: u64) {
        let previous = self.selected.get_untracked();
        let mut taken = Vec::new();
        self.entries.update(|e| {
            if let Some(position) = e.iter().position(|x| x.id == id) {
                taken.push((position, e.remove(position)));
            }
        });
        let Some(what) = taken.first().map(|(_, x)| format!("Removed {}", x.nickname)) else { return };
        if previous == Some(id) {
            self.selected.set(self.entries.with_untracked(|e| e.last().map(|x| x.id)));
        }
        self.offer_undo(what, taken, previous, None);
    }

    /// Drops every key set and resets the page; the key sets can be put back for
    /// [`UNDO_SECONDS`], after which their private keys are wiped. Call it from the click
    /// handler: if a private key was copied, the clipboard is overwritten while the click still
    /// counts as a user gesture (browsers refuse clipboard writes otherwise).
    pub fn clear(&self) {
        if self.secret_copied.get_untracked() {
            self.secret_copied.set(false);
            leptos::task::spawn_local(async {
                let _ = crate::browser::copy_text(" ").await;
            });
        }
        let taken: Vec<(usize, Entry)> =
            self.entries.try_update(std::mem::take).unwrap_or_default().into_iter().enumerate().collect();
        if !taken.is_empty() {
            let what = format!("Cleared {} key set(s)", taken.len());
            self.offer_undo(what, taken, self.selected.get_untracked(), Some(self.lambda_arn.get_untracked()));
        }
        self.entries.set(Vec::new());
        self.selected.set(None);
        self.lambda_arn.set(String::new());
        self.preview_ciphertext.set(None);
        self.resets.update(|g| *g += 1);
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

/// The console state from context.
pub fn use_console() -> Console {
    use_context::<Console>().unwrap_or_default()
}
