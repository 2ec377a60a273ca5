//! The report's provenance section: the sources by publisher, each with the
//! rows that cite it, the input files, warnings, definitions, skipped charts
//! and exchange rates; and the source lines that link to it.

use std::collections::{BTreeMap, BTreeSet};

use super::view::{
    DefinitionView, InputView, Inputs, Provenance, PublisherView, RateView, SourceLink, SourceView,
};
use crate::format;
use crate::model::{CitingLines, DataFile, Dataset, Metric, Source};
use crate::names;
use crate::publishers::{self, Publishers};

/// The anchor of the compiled and derived sources, listed after the publishers.
const COMPILED: &str = "sources-compiled";

/// The rows citing each source: file and physical lines, by source id.
type Citations<'a> = BTreeMap<&'a str, BTreeMap<DataFile, CitingLines>>;

pub fn provenance(parts: &Inputs, publishers: &Publishers) -> Provenance {
    let data = parts.data;
    let cited = citations(data);
    let groups = by_publisher(data, publishers, &cited);
    let named = groups.iter().filter(|g| g.anchor != COMPILED).count();
    let compiled = data.sources.iter().filter(|s| !s.based_on.is_empty());
    let count = match compiled.count() {
        0 => format!(
            "The {}, from {}",
            sources_count(data.sources.len()),
            publishers_count(named)
        ),
        n => format!(
            "The {}, from {} ({} compiled or derived from others)",
            sources_count(data.sources.len()),
            publishers_count(named),
            format::number(n as f64, 0)
        ),
    };
    let inputs = parts
        .metrics
        .inputs
        .iter()
        .map(|i| InputView {
            file: i.name.clone(),
            rows: format::number(i.rows as f64, 0),
            sha256: i.sha256.clone(),
        })
        .collect();
    let definitions = Metric::all()
        .map(|metric| DefinitionView {
            metric: metric.name(),
            definition: metric.definition(),
        })
        .collect();
    let fx = data
        .fx
        .iter()
        .map(|r| RateView {
            currency: r.currency.to_string(),
            date: r.date.to_string(),
            usd_per_unit: r.usd_per_unit.to_string(),
        })
        .collect();
    let skipped = parts
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.name, s.reason))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Provenance {
        publishers: groups,
        count,
        inputs,
        warnings: parts.warnings.clone(),
        definitions,
        skipped,
        fx,
    }
}

fn sources_count(n: usize) -> String {
    match n {
        1 => "1 source".to_string(),
        n => format!("{} sources", format::number(n as f64, 0)),
    }
}

fn publishers_count(n: usize) -> String {
    match n {
        1 => "1 publisher".to_string(),
        n => format!("{} publishers", format::number(n as f64, 0)),
    }
}

/// Which rows cite each source: file and physical lines.
fn citations(data: &Dataset) -> Citations<'_> {
    let mut citations: Vec<(&str, DataFile, u64)> = Vec::new();
    for table in data.tables() {
        for (line, references) in table.references() {
            let sources = references.into_iter().filter(|r| r.column == "source");
            citations.extend(sources.map(|r| (r.id, table.file(), line)));
        }
    }
    let mut cited: Citations = BTreeMap::new();
    for (source, file, line) in citations {
        cited
            .entry(source)
            .or_default()
            .entry(file)
            .or_default()
            .add(line);
    }
    // Users rows may be millions: counted per source code, once per table.
    let users = &data.users;
    let by_code = users.citing_lines().iter().enumerate();
    for (code, lines) in by_code.filter(|(_, l)| l.count > 0) {
        cited
            .entry(users.sources[code].as_str())
            .or_default()
            .insert(users.file, lines.clone());
    }
    cited
}

/// The sources grouped by their original publisher, publishers A to Z, each
/// one's sources newest first (undated last); then the compiled and derived
/// sources, which stand for several publishers, as one more group.
fn by_publisher(data: &Dataset, publishers: &Publishers, cited: &Citations) -> Vec<PublisherView> {
    let mut groups: BTreeMap<(String, &str), Vec<&Source>> = BTreeMap::new();
    let mut compiled = Vec::new();
    for source in &data.sources {
        match publishers.of_source(&source.id) {
            [name] if source.based_on.is_empty() => groups
                .entry(publishers::sort_key(name))
                .or_default()
                .push(source),
            _ => compiled.push(source),
        }
    }
    let view = |name: &str, anchor: &str, mut sources: Vec<&Source>| {
        sources.sort_by(|a, b| {
            (b.published.cmp(&a.published))
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.id.cmp(&b.id))
        });
        PublisherView {
            name: name.to_string(),
            anchor: anchor.to_string(),
            sources: sources
                .into_iter()
                .map(|s| source_view(s, name, data, publishers, cited))
                .collect(),
        }
    };
    let mut views: Vec<PublisherView> = groups
        .into_iter()
        .map(|((_, name), sources)| {
            let anchor = publishers.anchor(name).unwrap_or(COMPILED);
            view(name, anchor, sources)
        })
        .collect();
    if !compiled.is_empty() {
        views.push(view(
            "Compiled or derived from the sources above",
            COMPILED,
            compiled,
        ));
    }
    views
}

/// One source's entry: the rows citing it, what it is based on or what is
/// based on it.
fn source_view(
    s: &Source,
    publisher: &str,
    data: &Dataset,
    publishers: &Publishers,
    cited: &Citations,
) -> SourceView {
    let cited_by = cited.get(s.id.as_str()).map_or_else(String::new, |files| {
        files
            .iter()
            .map(|(file, lines)| format!("{file} {}", lines_text(lines)))
            .collect::<Vec<_>>()
            .join("; ")
    });
    // A source linked by its title, with its publishers when the title is
    // all a reader has to tell it by.
    let title_link = |other: &Source, with_publisher: bool| {
        let mut name = short_title(&other.title, 60);
        let names = publishers.of_source(&other.id);
        if with_publisher && !names.is_empty() {
            name = format!("{name} ({})", names::list(names));
        }
        (name, format!("#source-{}", other.id))
    };
    let through = data
        .sources
        .iter()
        .filter(|other| other.based_on.contains(&s.id))
        .map(|other| title_link(other, false))
        .collect();
    let based_on = s
        .based_on
        .iter()
        .filter_map(|id| data.sources.iter().find(|other| &other.id == id))
        .map(|other| title_link(other, true))
        .collect();
    SourceView {
        id: s.id.clone(),
        title: s.title.clone(),
        copy: (s.based_on.is_empty() && s.publisher.trim() != publisher)
            .then(|| s.publisher.clone()),
        url: s.url.clone(),
        published: s.published.map(names::day).unwrap_or_default(),
        cited_by,
        through: joined(through),
        based_on: joined(based_on),
    }
}

/// A source line for the page: the publishers behind `ids`, most cited first,
/// each linked to its sources in the provenance section; past `max`, how many
/// more, linked to the list of sources. "not cited in the data" for none.
pub fn source_line<'a>(
    publishers: &Publishers,
    ids: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<SourceLink> {
    let names = publishers.cited(ids);
    let mut links: Vec<(String, String)> = names
        .iter()
        .take(max)
        .map(|name| {
            let href = publishers.anchor(name).unwrap_or(COMPILED);
            (name.to_string(), format!("#{href}"))
        })
        .collect();
    if names.len() > max {
        let more = format!("{} more", format::number((names.len() - max) as f64, 0));
        links.push((more, "#sources".to_string()));
    }
    if links.is_empty() {
        links.push(("not cited in the data".to_string(), String::new()));
    }
    joined(links)
}

/// One source named by its publishers ("Lycanseye and Alibaba Group" for a
/// compiled one), linked to its own entry; its id if the data lacks it.
pub fn source_link(publishers: &Publishers, id: &str) -> SourceLink {
    let names = publishers.of_source(id);
    let name = if names.is_empty() {
        id.to_string()
    } else {
        names::list(names)
    };
    SourceLink {
        name,
        href: format!("#source-{id}"),
        after: "",
    }
}

/// Names with their links, joined as a sentence joins them: `A, B and C`.
fn joined(links: Vec<(String, String)>) -> Vec<SourceLink> {
    let n = links.len();
    links
        .into_iter()
        .enumerate()
        .map(|(i, (name, href))| SourceLink {
            name,
            href,
            after: match n - i {
                1 => "",
                2 => " and ",
                _ => ", ",
            },
        })
        .collect()
}

/// A title short enough to link by: whole words up to `max` characters, and
/// `…` when cut.
fn short_title(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        return title.to_string();
    }
    let mut short = String::new();
    for word in title.split_whitespace() {
        if short.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        short = title.chars().take(max).collect();
    }
    format!("{}…", short.trim_end_matches([',', ';', ':']))
}

/// `line 4`, `lines 2, 5, 9`, `lines 2, 3, 4 and 997 more`.
fn lines_text(lines: &CitingLines) -> String {
    let shown: Vec<String> = lines.first.iter().map(|l| l.to_string()).collect();
    match lines.count {
        1 => format!("line {}", shown[0]),
        n if n <= CitingLines::SHOWN => format!("lines {}", shown.join(", ")),
        n => format!(
            "lines {} and {} more",
            shown.join(", "),
            n - CitingLines::SHOWN
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_as_a_sentence_joins_them() {
        let link = |name: &str| (name.to_string(), format!("#{name}"));
        let afters = |n: usize| -> Vec<&str> {
            let links = (0..n).map(|i| link(&i.to_string())).collect();
            joined(links).iter().map(|l| l.after).collect()
        };
        assert_eq!(afters(1), [""]);
        assert_eq!(afters(2), [" and ", ""]);
        assert_eq!(afters(4), [", ", ", ", " and ", ""]);
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        assert_eq!(short_title("Qwen app", 60), "Qwen app");
        assert_eq!(
            short_title(
                "Alibaba June 2023 quarter: revenue RMB 234,156m and more",
                30
            ),
            "Alibaba June 2023 quarter…"
        );
        assert_eq!(short_title("Averyveryverylongword", 5), "Avery…");
    }

    #[test]
    fn citing_lines_are_listed_briefly() {
        let lines = |range: std::ops::Range<u64>| {
            let mut l = CitingLines::default();
            range.for_each(|n| l.add(n));
            lines_text(&l)
        };
        assert_eq!(lines(4..5), "line 4");
        assert_eq!(lines(2..20), "lines 2, 3, 4, 5, 6, 7, 8, 9 and 10 more");
        let mut l = CitingLines::default();
        (2..20).rev().for_each(|n| l.add(n));
        assert_eq!(
            lines_text(&l),
            lines(2..20),
            "the first lines, in any order"
        );
    }
}
