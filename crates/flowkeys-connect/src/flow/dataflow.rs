//! Path analysis: what may be true when each action runs, over every path from the start.
//!
//! Flows branch and loop, so the action list's order says nothing about execution order. This is
//! a forward "may" analysis solved to a fixpoint with a worklist: the state at an action is the
//! join (union) of the states on all paths reaching it. The lattice is finite (logging bits, and
//! sets drawn from the flow's own identifiers and attribute names), so it terminates.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::graph::Graph;
use super::model::{FlowModel, Logging, Node, Op};
use super::references::{references, Target};

/// Logging may be on (a Set logging behavior → Enabled was the last one on some path).
pub(crate) const LOG_ON: u8 = 1;
/// Logging may be off.
pub(crate) const LOG_OFF: u8 = 2;
/// No Set logging behavior yet on some path: the state is inherited from the calling flow.
pub(crate) const LOG_UNKNOWN: u8 = 4;

/// How bad it is if a value leaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Encrypted input: useless without the private key, but still card data in scope.
    Ciphertext,
    /// A decrypted or never-encrypted value.
    Plaintext,
}

/// A possibly sensitive value and the actions it came from (for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Taint {
    pub level: Level,
    pub sources: BTreeSet<String>,
}

impl Taint {
    fn join(&mut self, other: &Taint) -> bool {
        let before = (self.level, self.sources.len());
        self.level = self.level.max(other.level);
        self.sources.extend(other.sources.iter().cloned());
        before != (self.level, self.sources.len())
    }
}

/// What may hold when an action starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    /// Union of `LOG_*` bits.
    pub logging: u8,
    /// Capture blocks without encryption whose plaintext may be in `$.StoredCustomerInput`.
    pub stored_plaintext: BTreeSet<String>,
    /// `$.External` after a Lambda that received a sensitive value.
    pub external: Option<Taint>,
    /// Contact attributes that may hold a sensitive value.
    pub attributes: BTreeMap<String, Taint>,
}

impl State {
    fn entry() -> State {
        State {
            logging: LOG_UNKNOWN,
            stored_plaintext: BTreeSet::new(),
            external: None,
            attributes: BTreeMap::new(),
        }
    }

    fn join(&mut self, other: &State) -> bool {
        let mut changed = false;
        if self.logging | other.logging != self.logging {
            self.logging |= other.logging;
            changed = true;
        }
        for s in &other.stored_plaintext {
            changed |= self.stored_plaintext.insert(s.clone());
        }
        changed |= join_taint(&mut self.external, other.external.as_ref());
        for (k, t) in &other.attributes {
            let mut mine = self.attributes.get(k).cloned();
            if join_taint(&mut mine, Some(t)) {
                changed = true;
                if let Some(mine) = mine {
                    self.attributes.insert(k.clone(), mine);
                }
            }
        }
        changed
    }
}

fn join_taint(mine: &mut Option<Taint>, other: Option<&Taint>) -> bool {
    match (mine.as_mut(), other) {
        (_, None) => false,
        (None, Some(o)) => {
            *mine = Some(o.clone());
            true
        }
        (Some(m), Some(o)) => m.join(o),
    }
}

/// A sensitive reference found in a value, with what it may hold.
#[derive(Clone, Debug)]
pub(crate) struct SensitiveRef {
    /// As written, e.g. `$.External.card`.
    pub text: String,
    pub level: Level,
    /// Plain-language origin, e.g. "the value returned by the Lambda “decrypt”".
    pub origin: String,
}

/// The sensitive references in `text` given `state`, worst first.
pub(crate) fn sensitive_refs(text: &str, state: &State) -> Vec<SensitiveRef> {
    let mut out: Vec<SensitiveRef> = references(text)
        .into_iter()
        .filter_map(|r| {
            let (level, origin) = match &r.target {
                Target::StoredCustomerInput if state.stored_plaintext.is_empty() => (
                    Level::Ciphertext,
                    "the captured input, encrypted by the capture block".to_owned(),
                ),
                Target::StoredCustomerInput => (
                    Level::Plaintext,
                    format!(
                        "the captured input in plain text, stored without encryption by {}",
                        names(&state.stored_plaintext)
                    ),
                ),
                Target::External(_) => {
                    let t = state.external.as_ref()?;
                    (
                        t.level,
                        format!(
                            "the answer of the Lambda {}, which received the captured input",
                            names(&t.sources)
                        ),
                    )
                }
                Target::Attribute(key) => {
                    let t = state.attributes.get(key)?;
                    (
                        t.level,
                        format!("a copy of sensitive input, set by {}", names(&t.sources)),
                    )
                }
                Target::Other => return None,
            };
            Some(SensitiveRef {
                text: r.text,
                level,
                origin,
            })
        })
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.level));
    out
}

fn names(set: &BTreeSet<String>) -> String {
    set.iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The effect of one action on the state.
fn transfer(node: &Node, state: &State) -> State {
    let mut out = state.clone();
    let name = node
        .id
        .clone()
        .unwrap_or_else(|| format!("action #{}", node.index + 1));
    match &node.op {
        Op::SetLogging(Logging::Enabled) => out.logging = LOG_ON,
        Op::SetLogging(Logging::Disabled) => out.logging = LOG_OFF,
        Op::SetLogging(Logging::Invalid(_)) => out.logging = LOG_UNKNOWN,
        Op::Capture(c) if c.store => {
            // A new capture overwrites $.StoredCustomerInput.
            out.stored_plaintext.clear();
            if c.encryption.is_none() {
                out.stored_plaintext.insert(name);
            }
        }
        Op::SetAttributes(writes) => {
            for w in writes {
                let worst = sensitive_refs(&w.value, state).into_iter().next();
                match worst {
                    Some(r) => {
                        out.attributes.insert(
                            w.key.clone(),
                            Taint {
                                level: r.level,
                                sources: BTreeSet::from([name.clone()]),
                            },
                        );
                    }
                    None => {
                        out.attributes.remove(&w.key);
                    }
                }
            }
        }
        Op::InvokeLambda(call) => {
            // Each invocation replaces $.External. A Lambda that received the captured value is
            // assumed to return it decrypted: that is what a decrypt Lambda is for.
            let receives = call
                .inputs
                .iter()
                .any(|(_, v)| !sensitive_refs(v, state).is_empty());
            out.external = receives.then(|| Taint {
                level: Level::Plaintext,
                sources: BTreeSet::from([name]),
            });
        }
        _ => {}
    }
    out
}

/// Whether a Lambda call receives a sensitive value in `state`.
pub(crate) fn lambda_receives_sensitive(
    inputs: &[(String, String)],
    state: &State,
) -> Vec<SensitiveRef> {
    inputs
        .iter()
        .flat_map(|(_, v)| sensitive_refs(v, state))
        .collect()
}

/// The fixpoint: the state on entry to each node (`None` if unreachable), and whether the
/// analysis had to stop early.
pub(crate) struct Analysis {
    pub states: Vec<Option<State>>,
    pub incomplete: bool,
}

/// Upper bound on worklist steps; generous for 250 actions, it only guards pathological input.
const MAX_STEPS: usize = 200_000;

pub(crate) fn analyse(flow: &FlowModel, graph: &Graph) -> Analysis {
    let mut states: Vec<Option<State>> = vec![None; flow.nodes.len()];
    let mut queued = vec![false; flow.nodes.len()];
    let mut work = VecDeque::new();
    if let Some(start) = graph.start {
        if let Some(slot) = states.get_mut(start) {
            *slot = Some(State::entry());
            work.push_back(start);
        }
    }
    let mut steps = 0;
    while let Some(i) = work.pop_front() {
        steps += 1;
        if steps > MAX_STEPS {
            return Analysis {
                states,
                incomplete: true,
            };
        }
        if let Some(q) = queued.get_mut(i) {
            *q = false;
        }
        let (Some(node), Some(Some(state))) = (flow.nodes.get(i), states.get(i)) else {
            continue;
        };
        let out = transfer(node, state);
        for &next in graph.successors.get(i).into_iter().flatten() {
            let Some(slot) = states.get_mut(next) else {
                continue;
            };
            let changed = match slot {
                None => {
                    *slot = Some(out.clone());
                    true
                }
                Some(existing) => existing.join(&out),
            };
            if changed && !queued.get(next).copied().unwrap_or(true) {
                if let Some(q) = queued.get_mut(next) {
                    *q = true;
                }
                work.push_back(next);
            }
        }
    }
    Analysis {
        states,
        incomplete: false,
    }
}
