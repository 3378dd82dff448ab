//! Path analysis: what may be true when each action runs, over every path from the start.
//!
//! Flows branch and loop, so the action list's order says nothing about execution order. This is
//! a forward "may" analysis solved to a fixpoint with a worklist: the state at an action is the
//! join (union) of the states on all paths reaching it. The lattice is finite (logging bits, and
//! sets drawn from the flow's own identifiers and attribute names), so it terminates.

use crate::flow::model::ordinal;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

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

/// A value that may carry captured input: which Store customer input blocks it may come from
/// (node positions, with the worst form each may be in) and which actions put it where it is.
///
/// The analysis tracks provenance only; whether a capture is secret is decided afterwards from
/// evidence (see `sensitivity`), so one analysis serves every verdict and every override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Taint {
    pub origins: BTreeMap<usize, Level>,
    /// The actions (node positions) that put it there.
    pub sources: BTreeSet<usize>,
}

impl Taint {
    /// Whether `other` adds nothing to `self`.
    fn covers(&self, other: &Taint) -> bool {
        other.origins.iter().all(|(i, l)| self.origins.get(i).is_some_and(|m| m >= l))
            && other.sources.is_subset(&self.sources)
    }

    /// Joins `other` into `self`; true when `self` grew.
    fn join(&mut self, other: &Taint) -> bool {
        let mut changed = false;
        for (&origin, &level) in &other.origins {
            match self.origins.get_mut(&origin) {
                Some(slot) if level > *slot => {
                    *slot = level;
                    changed = true;
                }
                Some(_) => {}
                None => {
                    self.origins.insert(origin, level);
                    changed = true;
                }
            }
        }
        for s in &other.sources {
            changed |= self.sources.insert(*s);
        }
        changed
    }
}

/// What may hold when an action starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    /// Union of `LOG_*` bits.
    pub logging: u8,
    /// Store customer input blocks whose value may be in `$.StoredCustomerInput`.
    pub stored: BTreeSet<usize>,
    /// `$.External` after a Lambda that received captured input.
    pub external: Option<Rc<Taint>>,
    /// Contact attributes that may hold captured input.
    /// Keys are shared (`Rc<str>`): states are cloned on every step of the analysis.
    pub attributes: BTreeMap<Rc<str>, Rc<Taint>>,
}

impl State {
    fn entry() -> State {
        State { logging: LOG_UNKNOWN, stored: BTreeSet::new(), external: None, attributes: BTreeMap::new() }
    }

    fn join(&mut self, other: &State) -> bool {
        let mut changed = false;
        if self.logging | other.logging != self.logging {
            self.logging |= other.logging;
            changed = true;
        }
        for s in &other.stored {
            changed |= self.stored.insert(*s);
        }
        changed |= join_taint(&mut self.external, other.external.as_ref());
        for (k, t) in &other.attributes {
            match self.attributes.get_mut(k) {
                Some(mine) if mine.covers(t) => {}
                Some(mine) => changed |= Rc::make_mut(mine).join(t),
                None => {
                    self.attributes.insert(k.clone(), Rc::clone(t));
                    changed = true;
                }
            }
        }
        changed
    }
}

fn join_taint(mine: &mut Option<Rc<Taint>>, other: Option<&Rc<Taint>>) -> bool {
    match (mine.as_mut(), other) {
        (_, None) => false,
        (None, Some(o)) => {
            *mine = Some(Rc::clone(o));
            true
        }
        (Some(m), Some(o)) if m.covers(o) => false,
        (Some(m), Some(o)) => Rc::make_mut(m).join(o),
    }
}

/// A reference to captured input found in a value, with what it may hold.
#[derive(Clone, Debug)]
pub(crate) struct SensitiveRef {
    /// As written, e.g. `$.External.card`.
    pub text: String,
    pub level: Level,
    /// Plain-language origin, e.g. "the value returned by the Lambda “decrypt”".
    pub origin: String,
    /// The Store customer input blocks (node positions) the value may come from.
    pub captures: BTreeMap<usize, Level>,
}

/// The references to captured input in `text` given `state`, worst first.
pub(crate) fn sensitive_refs(flow: &FlowModel, text: &str, state: &State) -> Vec<SensitiveRef> {
    let mut out: Vec<SensitiveRef> = references(text)
        .into_iter()
        .filter_map(|r| {
            let (captures, origin) = match &r.target {
                Target::StoredCustomerInput => {
                    if state.stored.is_empty() {
                        return None;
                    }
                    let captures: BTreeMap<usize, Level> =
                        state.stored.iter().map(|&i| (i, stored_level(flow, i))).collect();
                    let plain: BTreeSet<String> = captures
                        .iter()
                        .filter(|(_, l)| **l == Level::Plaintext)
                        .map(|(i, _)| node_name(flow, *i))
                        .collect();
                    let origin = if plain.is_empty() {
                        format!(
                            "the input captured and encrypted by {}",
                            names(&captures.keys().map(|i| node_name(flow, *i)).collect())
                        )
                    } else {
                        format!("the input captured in plain text, stored without encryption by {}", names(&plain))
                    };
                    (captures, origin)
                }
                Target::External(_) => {
                    let t = state.external.as_ref()?;
                    (
                        t.origins.clone(),
                        format!(
                            "the answer of the Lambda {}, which received the captured input",
                            names_of(flow, &t.sources)
                        ),
                    )
                }
                Target::Attribute(key) => {
                    let t = state.attributes.get(key.as_str())?;
                    (t.origins.clone(), format!("a copy of captured input, set by {}", names_of(flow, &t.sources)))
                }
                Target::Other => return None,
            };
            let level = captures.values().copied().max().unwrap_or(Level::Ciphertext);
            Some(SensitiveRef { text: r.text, level, origin, captures })
        })
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.level));
    out
}

/// The captures whose input may be in `text` given `state`, without the wording
/// [`sensitive_refs`] builds for messages: the path analysis calls this on every visit.
fn taint_of(flow: &FlowModel, text: &str, state: &State) -> BTreeMap<usize, Level> {
    let mut out: BTreeMap<usize, Level> = BTreeMap::new();
    let mut add = |i: usize, l: Level| {
        let slot = out.entry(i).or_insert(l);
        if l > *slot {
            *slot = l;
        }
    };
    if !text.contains("$.") {
        return out;
    }
    for r in references(text) {
        match &r.target {
            Target::StoredCustomerInput => {
                for &i in &state.stored {
                    add(i, stored_level(flow, i));
                }
            }
            Target::External(_) => {
                if let Some(t) = &state.external {
                    for (&i, &l) in &t.origins {
                        add(i, l);
                    }
                }
            }
            Target::Attribute(key) => {
                if let Some(t) = state.attributes.get(key.as_str()) {
                    for (&i, &l) in &t.origins {
                        add(i, l);
                    }
                }
            }
            Target::Other => {}
        }
    }
    out
}

/// Whether a Store customer input block leaves plain text or ciphertext behind.
fn stored_level(flow: &FlowModel, index: usize) -> Level {
    match flow.nodes.get(index).map(|n| &n.op) {
        Some(Op::Capture(c)) if c.encryption.is_some() => Level::Ciphertext,
        _ => Level::Plaintext,
    }
}

/// How messages name the action at `index`.
pub(crate) fn node_name(flow: &FlowModel, index: usize) -> String {
    match flow.nodes.get(index) {
        Some(Node { id: Some(id), .. }) => id.clone(),
        _ => format!("action #{}", ordinal(index)),
    }
}

/// The names of the actions at these positions, quoted, for messages.
pub(crate) fn names_of(flow: &FlowModel, set: &BTreeSet<usize>) -> String {
    names(&set.iter().map(|i| node_name(flow, *i)).collect())
}

pub(crate) fn names(set: &BTreeSet<String>) -> String {
    set.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

/// The union of the capture origins of several references.
pub(crate) fn merge_captures<'a>(refs: impl IntoIterator<Item = &'a SensitiveRef>) -> BTreeMap<usize, Level> {
    let mut out = BTreeMap::new();
    for r in refs {
        for (&i, &l) in &r.captures {
            let slot = out.entry(i).or_insert(l);
            if l > *slot {
                *slot = l;
            }
        }
    }
    out
}

/// The effect of one action on the state.
fn transfer(flow: &FlowModel, node: &Node, state: &State) -> State {
    let mut out = state.clone();
    match &node.op {
        Op::SetLogging(Logging::Enabled) => out.logging = LOG_ON,
        Op::SetLogging(Logging::Disabled) => out.logging = LOG_OFF,
        Op::SetLogging(Logging::Invalid(_)) => out.logging = LOG_UNKNOWN,
        Op::Capture(c) if c.store => {
            // A new capture overwrites $.StoredCustomerInput.
            out.stored = BTreeSet::from([node.index]);
        }
        Op::SetAttributes(writes) => {
            for w in writes {
                let origins = taint_of(flow, &w.value, state);
                if origins.is_empty() {
                    out.attributes.remove(w.key.as_str());
                } else {
                    out.attributes.insert(
                        Rc::from(w.key.as_str()),
                        Rc::new(Taint { origins, sources: BTreeSet::from([node.index]) }),
                    );
                }
            }
        }
        Op::InvokeLambda(call) => {
            // Each invocation replaces $.External. A Lambda that received captured input as a
            // parameter is assumed to answer with it in plain text: that is what a decrypt
            // Lambda is for, and a data dip may echo it.
            let origins: BTreeMap<usize, Level> = call
                .inputs
                .iter()
                .flat_map(|(_, v)| taint_of(flow, v, state).into_keys())
                .map(|i| (i, Level::Plaintext))
                .collect();
            out.external =
                (!origins.is_empty()).then(|| Rc::new(Taint { origins, sources: BTreeSet::from([node.index]) }));
        }
        _ => {}
    }
    out
}

/// The captured input a Lambda call receives as parameters in `state`.
pub(crate) fn lambda_receives_sensitive(
    flow: &FlowModel,
    inputs: &[(String, String)],
    state: &State,
) -> Vec<SensitiveRef> {
    inputs.iter().flat_map(|(_, v)| sensitive_refs(flow, v, state)).collect()
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
    // The worklist visits pending actions in reverse postorder, so a state is usually complete
    // before it flows on: far fewer visits than first-in-first-out on flows with loops.
    let order = reverse_postorder(graph, flow.nodes.len());
    let mut rank = vec![usize::MAX; flow.nodes.len()];
    for (r, &i) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i) {
            *slot = r;
        }
    }
    let mut work: BTreeSet<(usize, usize)> = BTreeSet::new();
    if let Some(start) = graph.start {
        if let Some(slot) = states.get_mut(start) {
            *slot = Some(State::entry());
            work.insert((rank.get(start).copied().unwrap_or(usize::MAX), start));
        }
    }
    let mut steps = 0usize;
    while let Some((_, i)) = work.pop_first() {
        // Stops at MAX_STEPS + 1, far below usize::MAX.
        steps = steps.saturating_add(1);
        if steps > MAX_STEPS {
            return Analysis { states, incomplete: true };
        }
        let (Some(node), Some(Some(state))) = (flow.nodes.get(i), states.get(i)) else {
            continue;
        };
        let out = transfer(flow, node, state);
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
            if changed {
                work.insert((rank.get(next).copied().unwrap_or(usize::MAX), next));
            }
        }
    }
    Analysis { states, incomplete: false }
}

/// Actions reachable from the start in reverse postorder (iterative depth-first search).
fn reverse_postorder(graph: &Graph, len: usize) -> Vec<usize> {
    let mut seen = vec![false; len];
    let mut post = Vec::with_capacity(len);
    let Some(start) = graph.start else {
        return post;
    };
    // (node, index of the next successor to look at)
    let mut stack = vec![(start, 0usize)];
    if let Some(s) = seen.get_mut(start) {
        *s = true;
    }
    while let Some((node, next)) = stack.last_mut() {
        let succ = graph.successors.get(*node).and_then(|s| s.get(*next)).copied();
        // At most one past the node's successor count.
        *next = next.saturating_add(1);
        match succ {
            Some(n) => {
                if let Some(s) = seen.get_mut(n) {
                    if !*s {
                        *s = true;
                        stack.push((n, 0));
                    }
                }
            }
            None => {
                post.push(*node);
                stack.pop();
            }
        }
    }
    post.reverse();
    post
}
