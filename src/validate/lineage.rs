//! Sources based on sources: the lineage must not lead round in a circle.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, Dataset};

/// SPEC 3: `based_on` must not lead back to where it started. Each cycle is
/// reported once, at its member latest in the file, starting from its earliest.
pub fn lineage_cycles(data: &Dataset, diags: &mut Diagnostics) {
    let index: HashMap<&str, usize> = data
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..data.sources.len() {
        // Depth-first from `start`, looking for a way back to it.
        let mut path = vec![start];
        let mut next = vec![0usize];
        let mut seen = HashSet::from([start]);
        while let Some(&at) = path.last() {
            let depth = path.len() - 1;
            let Some(id) = data.sources[at].based_on.get(next[depth]) else {
                path.pop();
                next.pop();
                continue;
            };
            next[depth] += 1;
            let Some(&to) = index.get(id.as_str()) else {
                continue;
            };
            if to == start {
                let mut members = path.clone();
                members.sort_unstable();
                if reported.insert(members.clone()) {
                    report_cycle(data, &path, diags);
                }
            } else if seen.insert(to) {
                path.push(to);
                next.push(0);
            }
        }
    }
}

/// Reports one cycle, from its member earliest in the file back to it.
fn report_cycle(data: &Dataset, path: &[usize], diags: &mut Diagnostics) {
    let first = (0..path.len())
        .min_by_key(|&i| data.sources[path[i]].line)
        .unwrap_or(0);
    let mut ids: Vec<&str> = path[first..]
        .iter()
        .chain(&path[..first])
        .map(|&i| data.sources[i].id.as_str())
        .collect();
    ids.push(ids[0]);
    let last_line = path.iter().map(|&i| data.sources[i].line).max();
    diags.error(
        DataFile::Sources,
        last_line,
        Some("based_on"),
        format!("a source cannot be based on itself: {}", ids.join(" -> ")),
    );
}
