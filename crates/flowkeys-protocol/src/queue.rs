//! The Import screen's bookkeeping: which inputs there are, which one is being read, what each
//! held. Plain Rust (the page only starts and stops workers), so the incremental rules are
//! tested natively:
//!
//! - adding a file or typing a password queues *that* input only; everything already read
//!   stays read, and regrouping ([`crate::GroupInputs`]) uses what was read, never a password;
//! - each read is a [`Job`] with its own ticket; a cancelled or superseded job's late answer
//!   is ignored, so Cancel (terminating that job's worker) never disturbs another input;
//! - [`ImportQueue::progress`] says what is being read and how far the batch is.

use crate::messages::{GroupInputs, ImportSource, InputRead, PlainInput, ReadInput};
use crate::views::{InputOutcomeView, InputReport};
use crate::wire::SecretBytes;

/// Where one input stands.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryState {
    /// Queued, its worker not started yet.
    Waiting,
    /// Its worker is reading it.
    Reading,
    /// Read (whatever the outcome).
    Done(InputRead),
    /// The admin cancelled reading it: nothing from it is used.
    Cancelled,
}

/// One input (a file, or one block of pasted text).
#[derive(Clone, Debug)]
pub struct Entry {
    source: ImportSource,
    password: Option<SecretBytes>,
    /// Where it stands.
    pub state: EntryState,
    /// How many times a worker was started to read it (the page shows it as `data-reads`, so a
    /// test can see that typing one password re-reads one input).
    pub reads: u32,
    ticket: u64,
}

impl Entry {
    /// The input's name.
    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// Whether the input came from the paste box.
    pub fn from_paste(&self) -> bool {
        self.source.pasted || self.source.name.starts_with(PASTED_NAME)
    }
}

/// The name pasted text is read under (its blocks are "pasted text, block N").
pub const PASTED_NAME: &str = "pasted text";

/// A read to start: run `request` in a fresh worker and hand its answer to
/// [`ImportQueue::finish`] with `ticket`.
#[derive(Debug)]
pub struct Job {
    /// Identifies this read; answers for an older ticket are ignored.
    pub ticket: u64,
    /// The input's name.
    pub name: String,
    /// What the worker reads.
    pub request: ReadInput,
}

/// How far reading is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The inputs being read now.
    pub reading: Vec<String>,
    /// Reads finished in this batch.
    pub done: usize,
    /// Reads started or queued in this batch.
    pub total: usize,
}

impl Progress {
    /// "Reading “a.p12”… 1 of 3".
    pub fn sentence(&self) -> String {
        let names: Vec<String> = self.reading.iter().map(|n| format!("“{n}”")).collect();
        let current = self.done.saturating_add(1).min(self.total.max(1));
        if names.is_empty() {
            format!("Waiting to read… {current} of {}", self.total)
        } else {
            format!("Reading {}… {current} of {}", names.join(", "), self.total)
        }
    }
}

/// Every input of the Import screen and where each stands.
#[derive(Debug, Default)]
pub struct ImportQueue {
    entries: Vec<Entry>,
    next_ticket: u64,
    batch_done: usize,
    batch_total: usize,
}

impl ImportQueue {
    /// An empty queue.
    pub fn new() -> ImportQueue {
        ImportQueue::default()
    }

    /// The inputs, in the order given.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn ticket(&mut self) -> u64 {
        self.next_ticket = self.next_ticket.wrapping_add(1);
        self.next_ticket
    }

    fn queue(&mut self, index: usize) {
        let pending = |e: &Entry| matches!(e.state, EntryState::Waiting | EntryState::Reading);
        let others_busy = self.entries.iter().enumerate().any(|(i, e)| i != index && pending(e));
        let this_pending = self.entries.get(index).is_some_and(pending);
        if !others_busy && !this_pending {
            // A new batch: "n of m" counts from here.
            self.batch_done = 0;
            self.batch_total = 0;
        }
        if !this_pending {
            self.batch_total = self.batch_total.saturating_add(1);
        }
        let ticket = self.ticket();
        if let Some(e) = self.entries.get_mut(index) {
            e.state = EntryState::Waiting;
            e.ticket = ticket;
        }
    }

    /// Adds a file (or pasted text, split into its blocks). An input of the same name is
    /// replaced, forgetting its password. Only the new inputs are queued.
    pub fn add(&mut self, source: ImportSource) {
        for unit in crate::ops::input_units(&source) {
            let index = match self.entries.iter().position(|e| e.source.name == unit.name) {
                Some(i) => {
                    if let Some(e) = self.entries.get_mut(i) {
                        e.source = unit;
                        e.password = None;
                    }
                    i
                }
                None => {
                    // Not yet pending: `queue` counts it into the batch.
                    self.entries.push(Entry {
                        source: unit,
                        password: None,
                        state: EntryState::Cancelled,
                        reads: 0,
                        ticket: 0,
                    });
                    self.entries.len().saturating_sub(1)
                }
            };
            self.queue(index);
        }
    }

    /// Replaces whatever was pasted before with `text` (nothing, when it is blank). Returns the
    /// tickets of reads that no longer matter (their workers should be terminated).
    pub fn set_pasted(&mut self, text: &str) -> Vec<u64> {
        let stale: Vec<u64> = self
            .entries
            .iter()
            .filter(|e| e.from_paste() && matches!(e.state, EntryState::Waiting | EntryState::Reading))
            .map(|e| e.ticket)
            .collect();
        self.settle(stale.len());
        self.entries.retain(|e| !e.from_paste());
        if !text.trim().is_empty() {
            self.add(ImportSource {
                name: PASTED_NAME.to_owned(),
                bytes: SecretBytes::copy_of(text.as_bytes()),
                pasted: true,
            });
        }
        stale
    }

    /// Sets the password of input `name` and queues that input alone. Returns the ticket of
    /// a read it supersedes, if one was running.
    pub fn set_password(&mut self, name: &str, password: &str) -> Option<u64> {
        let index = self.entries.iter().position(|e| e.source.name == name)?;
        let entry = self.entries.get_mut(index)?;
        let superseded = matches!(entry.state, EntryState::Reading).then_some(entry.ticket);
        entry.password = Some(SecretBytes::copy_of(password.as_bytes()));
        self.queue(index);
        superseded
    }

    /// Reads input `name` again (after a cancel).
    pub fn retry(&mut self, name: &str) {
        if let Some(index) = self.entries.iter().position(|e| e.source.name == name) {
            self.queue(index);
        }
    }

    fn settle(&mut self, n: usize) {
        self.batch_done = self.batch_done.saturating_add(n).min(self.batch_total);
    }

    /// Cancels reading input `name`; returns the ticket whose worker to terminate.
    pub fn cancel(&mut self, name: &str) -> Option<u64> {
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.source.name == name && matches!(e.state, EntryState::Waiting | EntryState::Reading))?;
        entry.state = EntryState::Cancelled;
        entry.password = None;
        let ticket = entry.ticket;
        self.settle(1);
        Some(ticket)
    }

    /// Cancels every read waiting or running; returns their tickets.
    pub fn cancel_all(&mut self) -> Vec<u64> {
        let names: Vec<String> = self
            .entries
            .iter()
            .filter(|e| matches!(e.state, EntryState::Waiting | EntryState::Reading))
            .map(|e| e.source.name.clone())
            .collect();
        names.iter().filter_map(|n| self.cancel(n)).collect()
    }

    /// Starts waiting inputs while fewer than `parallel` are being read.
    pub fn next_jobs(&mut self, parallel: usize) -> Vec<Job> {
        let running = self.entries.iter().filter(|e| e.state == EntryState::Reading).count();
        let mut jobs = Vec::new();
        for entry in self.entries.iter_mut().filter(|e| e.state == EntryState::Waiting) {
            if running.saturating_add(jobs.len()) >= parallel {
                break;
            }
            entry.state = EntryState::Reading;
            entry.reads = entry.reads.saturating_add(1);
            jobs.push(Job {
                ticket: entry.ticket,
                name: entry.source.name.clone(),
                request: ReadInput { source: entry.source.clone(), password: entry.password.clone() },
            });
        }
        jobs
    }

    /// A worker's answer for `ticket` (an error is the sentence to show). Returns whether it
    /// was taken: answers for cancelled or superseded reads are dropped.
    pub fn finish(&mut self, ticket: u64, answer: Result<InputRead, String>) -> bool {
        let Some(entry) = self.entries.iter_mut().find(|e| e.ticket == ticket && e.state == EntryState::Reading) else {
            return false;
        };
        let read = answer.unwrap_or_else(|message| InputRead {
            report: InputReport { name: entry.source.name.clone(), outcome: InputOutcomeView::Failed { message } },
            plain: None,
            read_ms: 0.0,
        });
        entry.state = EntryState::Done(read);
        self.settle(1);
        true
    }

    /// Whether any input is waiting or being read.
    pub fn is_busy(&self) -> bool {
        self.entries.iter().any(|e| matches!(e.state, EntryState::Waiting | EntryState::Reading))
    }

    /// What is being read, while anything is.
    pub fn progress(&self) -> Option<Progress> {
        self.is_busy().then(|| Progress {
            reading: self
                .entries
                .iter()
                .filter(|e| e.state == EntryState::Reading)
                .map(|e| e.source.name.clone())
                .collect(),
            done: self.batch_done,
            total: self.batch_total,
        })
    }

    /// The request that groups every input read so far (pieces only, no passwords).
    pub fn group_request(&self, now_ms: f64) -> GroupInputs {
        let inputs = self
            .entries
            .iter()
            .filter_map(|e| match &e.state {
                EntryState::Done(InputRead { plain: Some(pem), .. }) => {
                    Some(PlainInput { name: e.source.name.clone(), pem: pem.clone() })
                }
                _ => None,
            })
            .collect();
        GroupInputs { inputs, now_ms }
    }

    /// Forgets every input; returns the tickets whose workers to terminate.
    pub fn clear(&mut self) -> Vec<u64> {
        let tickets = self.cancel_all();
        self.entries.clear();
        self.batch_done = 0;
        self.batch_total = 0;
        tickets
    }

    /// Whether there are no inputs.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> ImportSource {
        ImportSource { name: name.into(), bytes: SecretBytes::copy_of(b"x"), pasted: false }
    }

    fn read(name: &str, plain: bool) -> InputRead {
        InputRead {
            report: InputReport {
                name: name.into(),
                outcome: InputOutcomeView::NeedsPassword { what: "Encrypted PKCS#8".into() },
            },
            plain: plain.then(|| SecretBytes::copy_of(b"-----BEGIN CERTIFICATE-----")),
            read_ms: 1.0,
        }
    }

    #[test]
    fn a_password_rereads_only_its_input() {
        let mut q = ImportQueue::new();
        q.add(file("key.p12"));
        q.add(file("cert.pem"));
        let jobs = q.next_jobs(4);
        assert_eq!(jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["key.p12", "cert.pem"]);
        assert_eq!(q.progress().map(|p| p.sentence()), Some("Reading “key.p12”, “cert.pem”… 1 of 2".into()));
        for j in jobs {
            let name = j.name.clone();
            assert!(q.finish(j.ticket, Ok(read(&name, name == "cert.pem"))));
        }
        assert!(!q.is_busy());
        assert_eq!(q.group_request(0.0).inputs.len(), 1);
        assert_eq!(q.set_password("key.p12", "pw"), None);
        let again = q.next_jobs(4);
        assert_eq!(again.len(), 1);
        assert_eq!(again.first().and_then(|j| j.request.password.as_ref()).and_then(|p| p.as_str()), Some("pw"));
        let reads: Vec<(&str, u32)> = q.entries().iter().map(|e| (e.name(), e.reads)).collect();
        assert_eq!(reads, [("key.p12", 2), ("cert.pem", 1)]);
        assert_eq!(q.progress().map(|p| p.sentence()), Some("Reading “key.p12”… 1 of 1".into()));
    }

    #[test]
    fn cancel_drops_only_that_read_and_ignores_its_late_answer() {
        let mut q = ImportQueue::new();
        q.add(file("slow.p12"));
        q.add(file("good.pem"));
        let jobs = q.next_jobs(1);
        assert_eq!(jobs.len(), 1, "one at a time when asked");
        let slow = jobs.first().map(|j| j.ticket).unwrap_or_default();
        assert_eq!(q.cancel("slow.p12"), Some(slow));
        assert!(!q.finish(slow, Ok(read("slow.p12", true))), "a cancelled read's answer is dropped");
        let next = q.next_jobs(1);
        assert_eq!(next.first().map(|j| j.name.as_str()), Some("good.pem"));
        let good = next.first().map(|j| j.ticket).unwrap_or_default();
        assert!(q.finish(good, Ok(read("good.pem", true))));
        assert_eq!(q.entries().first().map(|e| &e.state), Some(&EntryState::Cancelled));
        assert_eq!(q.group_request(0.0).inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["good.pem"]);
        q.retry("slow.p12");
        assert_eq!(q.next_jobs(1).first().map(|j| j.name.as_str()), Some("slow.p12"));
    }

    #[test]
    fn a_new_password_supersedes_the_running_read() {
        let mut q = ImportQueue::new();
        q.add(file("k.pem"));
        let first = q.next_jobs(2).first().map(|j| j.ticket).unwrap_or_default();
        assert_eq!(q.set_password("k.pem", "pw"), Some(first));
        assert!(!q.finish(first, Ok(read("k.pem", false))));
        assert_eq!(q.next_jobs(2).len(), 1);
    }

    #[test]
    fn debug_never_shows_an_input_its_password_or_what_was_read() {
        let mut q = ImportQueue::new();
        q.add(ImportSource {
            name: "k.pem".into(),
            bytes: SecretBytes::copy_of(b"-----BEGIN PRIVATE KEY-----SECRETKEY"),
            pasted: false,
        });
        q.set_password("k.pem", "hunter2-password");
        let job = q.next_jobs(1).into_iter().next().expect("a job");
        let mut read = read("k.pem", true);
        read.plain = Some(SecretBytes::copy_of(b"-----BEGIN PRIVATE KEY-----PLAINKEY"));
        let shown = format!("{job:?} {read:?} {:?}", q.group_request(0.0));
        assert!(q.finish(job.ticket, Ok(read)));
        let shown = format!("{shown} {q:?}");
        for secret in ["SECRETKEY", "hunter2", "PLAINKEY", "BEGIN PRIVATE KEY"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }

    #[test]
    fn pasting_again_replaces_the_pasted_blocks_and_keeps_files() {
        let mut q = ImportQueue::new();
        q.add(file("a.pem"));
        let two = "-----BEGIN X-----\nAA\n-----END X-----\n-----BEGIN Y-----\nBB\n-----END Y-----\n";
        assert!(q.set_pasted(two).is_empty());
        let names: Vec<&str> = q.entries().iter().map(Entry::name).collect();
        assert_eq!(names, ["a.pem", "pasted text, block 1", "pasted text, block 2"]);
        let stale = q.set_pasted("");
        assert_eq!(stale.len(), 2);
        assert_eq!(q.entries().iter().map(Entry::name).collect::<Vec<_>>(), ["a.pem"]);
        assert_eq!(q.clear().len(), 1);
        assert!(q.is_empty());
    }
}
