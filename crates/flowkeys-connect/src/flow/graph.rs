//! Transitions resolved to action positions.

use std::collections::BTreeMap;

use super::model::FlowModel;

/// The flow as a graph over node positions (indices into `FlowModel::nodes`).
pub(crate) struct Graph {
    /// Identifier → first node with it.
    pub index_of: BTreeMap<String, usize>,
    /// Resolvable successors of each node, without duplicates.
    pub successors: Vec<Vec<usize>>,
    /// The start node, if `StartAction` resolves.
    pub start: Option<usize>,
}

impl Graph {
    pub(crate) fn build(flow: &FlowModel) -> Graph {
        let mut index_of = BTreeMap::new();
        for (i, node) in flow.nodes.iter().enumerate() {
            if let Some(id) = &node.id {
                index_of.entry(id.clone()).or_insert(i);
            }
        }
        let successors = flow
            .nodes
            .iter()
            .map(|node| {
                let mut next: Vec<usize> = node.edges.iter().filter_map(|e| index_of.get(&e.target).copied()).collect();
                next.sort_unstable();
                next.dedup();
                next
            })
            .collect();
        let start = flow.start.as_ref().and_then(|s| index_of.get(s).copied());
        Graph { index_of, successors, start }
    }

    /// Nodes reachable from the start (all false when the start does not resolve).
    pub(crate) fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.successors.len()];
        let mut stack: Vec<usize> = self.start.into_iter().collect();
        while let Some(i) = stack.pop() {
            match seen.get_mut(i) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            stack.extend(self.successors.get(i).into_iter().flatten().copied());
        }
        seen
    }
}
