//! The words around a chart: its source line, and the descriptions screen
//! readers get of its lines and bars.

use std::collections::BTreeSet;

use super::draw::Bars;
use crate::format;
use crate::model::{Dataset, Unit};
use crate::names;
use crate::publishers::Publishers;

/// Characters of a source line that fit the width of a chart drawn for a
/// phone (`theme::NARROW_WIDTH` at `theme::SMALL_SIZE`), a wide character
/// counting two.
const SOURCE_LINE_ROOM: usize = 48;

/// `Source: Alibaba Group, Reuters and 3 more`: the publishers behind the
/// cited sources (never their ids or the data's files), the one behind most
/// of them first, as many as fit one line of a chart drawn for a phone.
pub fn source_line(data: &Dataset, ids: &BTreeSet<String>) -> String {
    let publishers = Publishers::of(data);
    source_words(&publishers.cited(ids.iter().map(String::as_str)))
}

/// A source line naming `names` in order, the first always, the others while
/// the line fits `SOURCE_LINE_ROOM`; "not cited" with none.
fn source_words(names: &[&str]) -> String {
    let line = |shown: usize| {
        let named: Vec<String> = names[..shown].iter().map(|n| n.to_string()).collect();
        let rest = names.len() - shown;
        let list = match rest {
            0 => names::list(&named),
            _ => format!("{} and {rest} more", named.join(", ")),
        };
        format!("Source: {list}")
    };
    if names.is_empty() {
        return "Source: not cited in the data".to_string();
    }
    let fits = |text: &String| display_width(text) <= SOURCE_LINE_ROOM;
    (2..=names.len())
        .rev()
        .map(line)
        .find(fits)
        .unwrap_or_else(|| line(1))
}

/// Width in characters, a CJK or other wide character counting two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '\u{1100}'..='\u{115f}'
            | '\u{2e80}'..='\u{a4cf}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{f900}'..='\u{faff}'
            | '\u{fe30}'..='\u{fe4f}'
            | '\u{ff00}'..='\u{ff60}'
            | '\u{ffe0}'..='\u{ffe6}'
            | '\u{20000}'..='\u{3fffd}' => 2,
            _ => 1,
        })
        .sum()
}

pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// `; ` between items, `and N more` past `max`.
fn list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join("; ")
    } else {
        format!(
            "{}; and {} more",
            items[..max].join("; "),
            items.len() - max
        )
    }
}

/// A description of a line chart: each line's first and last value and range.
pub fn describe_lines(kind: &str, unit: Unit, lines: &[(String, Vec<(String, f64)>)]) -> String {
    let shown = |value: f64| format::in_unit(value, unit);
    let parts: Vec<String> = lines
        .iter()
        .filter(|(_, points)| !points.is_empty())
        .map(|(label, points)| {
            let (first_at, first) = &points[0];
            let (last_at, last) = &points[points.len() - 1];
            let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            if points.len() == 1 {
                format!("{label}: {} ({last_at})", shown(*last))
            } else {
                format!(
                    "{label}: from {} ({first_at}) to {} ({last_at}), low {}, high {}",
                    shown(*first),
                    shown(*last),
                    shown(low),
                    shown(high)
                )
            }
        })
        .collect();
    format!("{kind} with {} series. {}.", parts.len(), list(&parts, 12))
}

/// A description of a bar chart: every bar's value, up to a bound.
pub fn describe_bars(kind: &str, unit: Unit, categories: &[String], series: &[Bars]) -> String {
    let mut parts = Vec::new();
    for Bars { label, values, .. } in series {
        for (category, value) in categories.iter().zip(values) {
            if let Some(v) = value {
                let name = if series.len() > 1 {
                    format!("{label}, {category}")
                } else {
                    category.clone()
                };
                parts.push(format!("{name}: {}", format::in_unit(*v, unit)));
            }
        }
    }
    format!("{kind} of {} bars. {}.", parts.len(), list(&parts, 30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_line_names_publishers_as_far_as_they_fit() {
        assert_eq!(source_words(&[]), "Source: not cited in the data");
        assert_eq!(source_words(&["Reuters"]), "Source: Reuters");
        assert_eq!(
            source_words(&["Alibaba Group", "Reuters"]),
            "Source: Alibaba Group and Reuters"
        );
        assert_eq!(
            source_words(&["Alibaba Group", "Reuters", "CNBC"]),
            "Source: Alibaba Group, Reuters and CNBC"
        );
        // All four would take 8 + 13 + 2 + 7 + 2 + 4 + 5 + 9 = 50 characters,
        // more than 48: the last is counted instead, in 47.
        assert_eq!(
            source_words(&["Alibaba Group", "Reuters", "CNBC", "Bloomberg"]),
            "Source: Alibaba Group, Reuters, CNBC and 1 more"
        );
        assert_eq!(
            source_words(&["Alibaba Group", "Reuters", "CNBC", "Bloomberg", "Xinhua"]),
            "Source: Alibaba Group, Reuters, CNBC and 2 more"
        );
        // The first is named however long.
        let long = "South China Morning Post and Yahoo Finance together";
        assert_eq!(
            source_words(&[long, "CNBC"]),
            format!("Source: {long} and 1 more")
        );
        // Chinese characters are twice as wide: 8 + 2 x 6 + 5 + 20 > 48.
        assert_eq!(
            source_words(&["阿里巴巴集团", "a long publisher name here"]),
            "Source: 阿里巴巴集团 and 1 more"
        );
    }
}
