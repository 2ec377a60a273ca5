//! Who stands behind a source, named for people (SPEC 6.1: a source line names
//! publishers, never source ids).
//!
//! sources.csv's `publisher` says where the copy used was found as well as who
//! first published it: "Futu News, from Alibaba Group's release", "CNBC,
//! reposted by Newsio", "Zacks via Nasdaq", "NetEase (163.com)". A reader wants
//! the original: Alibaba Group, CNBC, Zacks, NetEase. The provenance section
//! still shows the whole text beside each source. A compiled or derived source
//! (`based_on`) stands for the publishers of the sources it is based on.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Dataset;

/// The publishers of a data folder's sources, and each publisher's anchor on
/// the page (`publisher-alibaba-group`).
#[derive(Debug, Default)]
pub struct Publishers {
    /// Each source's publishers, by source id: its own original publisher, or
    /// the publishers of the sources a compiled one is based on.
    by_source: BTreeMap<String, Vec<String>>,
    /// Each publisher's anchor, by name.
    anchors: BTreeMap<String, String>,
}

impl Publishers {
    pub fn of(data: &Dataset) -> Self {
        let own: BTreeMap<&str, String> = data
            .sources
            .iter()
            .filter(|s| s.based_on.is_empty())
            .map(|s| (s.id.as_str(), original(&s.publisher)))
            .collect();
        let based_on: BTreeMap<&str, &[String]> = data
            .sources
            .iter()
            .filter(|s| !s.based_on.is_empty())
            .map(|s| (s.id.as_str(), s.based_on.as_slice()))
            .collect();
        let by_source = data
            .sources
            .iter()
            .map(|s| {
                let mut names = Vec::new();
                let mut seen = BTreeSet::new();
                collect(&s.id, &own, &based_on, &mut seen, &mut names);
                (s.id.clone(), names)
            })
            .collect();
        let mut names: Vec<&String> = own.values().collect::<BTreeSet<_>>().into_iter().collect();
        names.sort_by_key(|name| sort_key(name));
        let mut taken = BTreeSet::new();
        let anchors = names
            .into_iter()
            .map(|name| {
                let base = format!("publisher-{}", slug(name));
                let mut anchor = base.clone();
                let mut n = 2;
                while !taken.insert(anchor.clone()) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                (name.clone(), anchor)
            })
            .collect();
        Publishers { by_source, anchors }
    }

    /// The publishers behind one source; none for an id the data lacks.
    pub fn of_source(&self, id: &str) -> &[String] {
        self.by_source.get(id).map_or(&[], Vec::as_slice)
    }

    /// A publisher's anchor on the page, without the `#`.
    pub fn anchor(&self, name: &str) -> Option<&str> {
        self.anchors.get(name).map(String::as_str)
    }

    /// The publishers behind some sources, the one behind most of them first,
    /// then by name.
    pub fn cited<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<&str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let distinct: BTreeSet<&str> = ids.into_iter().collect();
        for id in distinct {
            for name in self.of_source(id) {
                *counts.entry(name.as_str()).or_default() += 1;
            }
        }
        let mut names: Vec<(&str, usize)> = counts.into_iter().collect();
        names.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| sort_key(a.0).cmp(&sort_key(b.0)))
        });
        names.into_iter().map(|(name, _)| name).collect()
    }
}

/// Adds the publishers behind source `id` to `names`, once each, in the order
/// of its `based_on`; `seen` guards against a cycle the checks would refuse.
fn collect(
    id: &str,
    own: &BTreeMap<&str, String>,
    based_on: &BTreeMap<&str, &[String]>,
    seen: &mut BTreeSet<String>,
    names: &mut Vec<String>,
) {
    if !seen.insert(id.to_string()) {
        return;
    }
    if let Some(name) = own.get(id) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    for base in based_on.get(id).copied().unwrap_or_default() {
        collect(base, own, based_on, seen, names);
    }
}

/// Publishers in the order a reader looks them up: by name, case aside.
pub fn sort_key(name: &str) -> (String, &str) {
    (name.to_lowercase(), name)
}

/// The original publisher named in a `publisher` cell: "Futu News, from
/// Alibaba Group's release" is Alibaba Group; "CNBC, reposted by Newsio",
/// "Reuters, via Newsmax", "Reuters, in Business Day" and "Zacks via Nasdaq"
/// are CNBC, Reuters and Zacks; a closing "(163.com)" or "(blog)" goes, but
/// "(aggregator citing CNBC)" names CNBC.
pub fn original(text: &str) -> String {
    let mut name = text.trim();
    if let Some(open) = name.rfind(" (").filter(|_| name.ends_with(')')) {
        let inside = &name[open + 2..name.len() - 1];
        if let Some((_, cited)) = inside.split_once("citing ") {
            return original(cited);
        }
        name = name[..open].trim_end();
    }
    if let Some((_, from)) = name.split_once(", from ") {
        return document_owner(from);
    }
    for prefix in ["Derived from ", "Compiled from "] {
        match name.strip_prefix(prefix) {
            Some(from) if !from.starts_with("source") => return document_owner(from),
            _ => {}
        }
    }
    let cut = [", reposted", ", via ", ", in ", " via "]
        .iter()
        .filter_map(|marker| name.find(marker))
        .min();
    let name = cut.map_or(name, |at| &name[..at]).trim();
    if name.is_empty() {
        text.trim().to_string()
    } else {
        name.to_string()
    }
}

/// Who a document named after "from" belongs to: "Alibaba Group's release"
/// is Alibaba Group's, "QuestMobile data" QuestMobile's, "the South China
/// Morning Post" the South China Morning Post.
fn document_owner(document: &str) -> String {
    let mut name = document.trim();
    name = name.strip_prefix("the ").unwrap_or(name);
    for suffix in ["'s releases", "'s release", " data"] {
        name = name.strip_suffix(suffix).unwrap_or(name);
    }
    original(name)
}

/// A name as the part of an HTML id after `publisher-`: letters and digits in
/// lower case, anything else one `-`.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "unnamed".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    #[test]
    fn the_original_publisher_is_named() {
        let cases = [
            ("Lycanseye", "Lycanseye"),
            ("Futu News, from Alibaba Group's release", "Alibaba Group"),
            ("Alibaba Group via pdvg.it", "Alibaba Group"),
            ("Gulf News, from Bloomberg", "Bloomberg"),
            ("CNBC, reposted by Gossip World News", "CNBC"),
            (
                "South China Morning Post, reposted",
                "South China Morning Post",
            ),
            ("Reuters, in Business Day", "Reuters"),
            ("Reuters, via Newsmax", "Reuters"),
            ("Dolphin Research, via Longbridge", "Dolphin Research"),
            ("Zacks via Nasdaq", "Zacks"),
            (
                "Alibaba Group via Investis (SEC filing viewer)",
                "Alibaba Group",
            ),
            (
                "MarketDash, from the South China Morning Post",
                "South China Morning Post",
            ),
            ("NetEase, from QuestMobile data", "QuestMobile"),
            ("NetEase (163.com)", "NetEase"),
            ("AI Brief (aggregator citing CNBC)", "CNBC"),
            ("Derived from Alibaba Group's releases", "Alibaba Group"),
            (
                "Compiled from sources a1 and a2",
                "Compiled from sources a1 and a2",
            ),
            ("  ", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(original(text), expected, "{text}");
        }
    }

    fn source(id: &str, publisher: &str, based_on: &[&str]) -> Source {
        Source {
            line: 2,
            id: id.into(),
            title: format!("Title of {id}"),
            publisher: publisher.into(),
            url: None,
            published: None,
            based_on: based_on.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_compiled_source_stands_for_the_publishers_of_its_bases() {
        let data = Dataset {
            sources: vec![
                source("a1", "Lycanseye", &[]),
                source("a2", "Futu News, from Alibaba Group's release", &[]),
                source("a3", "Alibaba Group via pdvg.it", &[]),
                source("q1", "Compiled from sources a1 and a2", &["a1", "a2"]),
                source("q2", "Derived from source q1", &["q1", "a3"]),
            ],
            ..Dataset::default()
        };
        let publishers = Publishers::of(&data);
        assert_eq!(publishers.of_source("q1"), ["Lycanseye", "Alibaba Group"]);
        assert_eq!(publishers.of_source("q2"), ["Lycanseye", "Alibaba Group"]);
        assert!(publishers.of_source("nope").is_empty());
        // Alibaba Group is behind a2 and a3 (twice through q1 and q2 too), Lycanseye a1.
        assert_eq!(
            publishers.cited(["a1", "a2", "a3", "a3"]),
            ["Alibaba Group", "Lycanseye"]
        );
        assert_eq!(publishers.cited(["q1"]), ["Alibaba Group", "Lycanseye"]);
        assert_eq!(
            publishers.anchor("Alibaba Group"),
            Some("publisher-alibaba-group")
        );
        assert_eq!(publishers.anchor("Compiled from sources a1 and a2"), None);
    }

    #[test]
    fn anchors_are_distinct_whatever_the_names() {
        let data = Dataset {
            sources: vec![
                source("a", "NetEase", &[]),
                source("b", "Netease!", &[]),
                source("c", "阿里巴巴集团", &[]),
                source("d", "***", &[]),
            ],
            ..Dataset::default()
        };
        let publishers = Publishers::of(&data);
        assert_eq!(publishers.anchor("NetEase"), Some("publisher-netease"));
        assert_eq!(publishers.anchor("Netease!"), Some("publisher-netease-2"));
        assert_eq!(
            publishers.anchor("阿里巴巴集团"),
            Some("publisher-阿里巴巴集团")
        );
        assert_eq!(publishers.anchor("***"), Some("publisher-unnamed"));
    }
}
