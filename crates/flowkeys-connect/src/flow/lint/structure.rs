//! Structure: Version, StartAction, transition targets, identifiers, unreadable pieces and
//! actions nothing leads to.

use crate::flow::model::ordinal;
use std::collections::BTreeMap;

use super::{Findings, Input, RuleId};
use crate::flow::model::EdgeKind;
use crate::flow::{FLOW_LANGUAGE_VERSION, MAX_IDENTIFIER_CHARS};

/// Characters the flow language forbids in an Identifier.
const FORBIDDEN_CHARS: &[char] = &['%', ':', '(', '\\', '/', ')', '=', '$', ',', ';', '[', ']', '{', '}'];
/// Identifiers the flow language forbids (JavaScript object internals).
const FORBIDDEN_NAMES: &[&str] = &[
    "__proto__",
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "toString",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "valueOf",
];

pub(super) fn check(input: &Input, out: &mut Findings) {
    let flow = input.flow;
    for issue in &flow.issues {
        out.at_index(
            issue.index,
            issue.action_id.clone(),
            RuleId::ActionMalformed,
            issue.message.clone(),
            issue.fix.clone(),
        );
    }
    if input.is_flow_language() {
        match flow.version.as_deref() {
            Some(FLOW_LANGUAGE_VERSION) => {}
            Some(v) => out.flow(
                RuleId::FlowVersion,
                format!("The flow's Version is “{v}”, but Connect accepts only “{FLOW_LANGUAGE_VERSION}”."),
                format!("Set \"Version\": \"{FLOW_LANGUAGE_VERSION}\"."),
            ),
            None => out.flow(
                RuleId::FlowVersion,
                "The flow has no Version, which Connect requires.".into(),
                format!("Add \"Version\": \"{FLOW_LANGUAGE_VERSION}\" at the top level."),
            ),
        }
    }
    match &flow.start {
        None => out.flow(
            RuleId::StartUnresolved,
            "The flow has no StartAction (\"start\" in older exports), so Connect does not know which block runs first.".into(),
            "Set StartAction to the Identifier of the first block.".into(),
        ),
        Some(start) if input.graph.start.is_none() => out.flow(
            RuleId::StartUnresolved,
            format!("StartAction names “{start}”, but no action has that Identifier, so nothing in the flow can run."),
            "Set StartAction to the Identifier of the first block.".into(),
        ),
        Some(_) => {}
    }
    for node in &flow.nodes {
        for edge in &node.edges {
            if input.graph.index_of.contains_key(&edge.target) {
                continue;
            }
            let branch = match &edge.kind {
                EdgeKind::Next => "next action".to_owned(),
                EdgeKind::Error(t) => format!("“{t}” error branch"),
                EdgeKind::Condition => "condition branch".to_owned(),
            };
            out.at(
                node,
                RuleId::TargetUnresolved,
                format!(
                    "The {branch} of {} goes to “{}”, which is not the Identifier of any action.",
                    node.label(),
                    edge.target
                ),
                "Point the branch at an existing action (or re-export the flow if it was edited by hand).".into(),
            );
        }
    }
    let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &flow.nodes {
        let Some(id) = node.id.as_deref() else {
            continue;
        };
        if let Some(first) = first_with.get(id) {
            out.at(
                node,
                RuleId::IdDuplicate,
                format!("Identifier “{id}” is also used by action #{}; transitions to it are ambiguous and Connect rejects the flow.", ordinal(*first)),
                "Give each action a unique Identifier.".into(),
            );
        } else {
            first_with.insert(id, node.index);
        }
        if input.is_flow_language() {
            if let Some(problem) = identifier_problem(id) {
                out.at(node, RuleId::IdInvalid, format!("Identifier “{id}” {problem}."), "Rename the action (a UUID, as the designer uses, is always valid) and update the transitions that point to it.".into());
            }
        }
    }
    if input.graph.start.is_some() {
        for node in &flow.nodes {
            if !input.reachable.get(node.index).copied().unwrap_or(false) {
                out.at(
                    node,
                    RuleId::Unreachable,
                    format!(
                        "{} cannot be reached from the start, so it never runs and was not checked along any path.",
                        node.label()
                    ),
                    "Connect it to the flow or delete it.".into(),
                );
            }
        }
    }
}

fn identifier_problem(id: &str) -> Option<String> {
    let len = id.chars().count();
    if id.trim().is_empty() {
        return Some("is empty".into());
    }
    if len > MAX_IDENTIFIER_CHARS {
        return Some(format!("is {len} characters long; the limit is {MAX_IDENTIFIER_CHARS}"));
    }
    if let Some(c) = id.chars().find(|c| FORBIDDEN_CHARS.contains(c)) {
        return Some(format!("contains “{c}”, which the flow language does not allow in identifiers"));
    }
    if FORBIDDEN_NAMES.contains(&id) {
        return Some("is a reserved name".into());
    }
    None
}
