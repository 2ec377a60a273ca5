//! The clouds compared: each company's cloud segment revenue growth on the
//! same quarter a year earlier, by quarter end, worked out in the company's
//! own currency. Growth rates, unlike dollars, put a cloud a tenth the size of
//! another on one footing.

use super::chart::Built;
use super::earnings::{lines_chart, Words};
use super::inputs::Inputs;
use super::quarterly::QuarterlyLines;
use super::words::capitalized;
use crate::format;
use crate::model::{Metric, Unit};
use crate::names;

/// The segment compared.
const SEGMENT: &str = "cloud";

pub fn cloud_growth(inputs: &Inputs) -> Built {
    let Some(mut lines) =
        QuarterlyLines::of_where(inputs, Metric::RevenueYoyPct, Unit::Percent, |q| {
            q.segment == SEGMENT
        })
    else {
        return Ok(Vec::new());
    };
    // One company's cloud is the lead chart's; a comparison needs two.
    if lines.series.len() < 2 {
        return Ok(Vec::new());
    }
    for (line, q) in lines.lines.iter_mut().zip(&lines.series) {
        line.label = inputs.company_name(&q.company);
    }
    let title = title(inputs, &lines);
    let segments = "each company's cloud segment as it reports it (Alibaba's Cloud Intelligence, \
                    Amazon's AWS, Alphabet's Google Cloud, Microsoft's Intelligent Cloud, where \
                    the data has them); the segments do not count the same things";
    lines.note = if lines.note.is_empty() {
        capitalized(segments)
    } else {
        format!("{}; {segments}", lines.note)
    };
    let words = Words {
        name: "cloud_growth",
        title,
        subtitle: "Cloud segment revenue, % change on the same quarter a year earlier, in each \
                   company's own currency, by quarter end"
            .into(),
        kind: "Line chart of cloud revenue growth by quarter",
    };
    Ok(lines_chart(inputs.data, lines, words))
}

/// "In the quarter to 31 March 2026, Alibaba Group's cloud revenue grew 38.1%
/// on a year earlier, second of the 4 clouds with a figure for that quarter":
/// the focus company against the others on the same quarter end; without a
/// focus, the fastest.
fn title(inputs: &Inputs, lines: &QuarterlyLines) -> String {
    let lead = inputs
        .focus
        .and_then(|f| lines.series.iter().find(|q| q.company == f))
        .or_else(|| lines.lead())
        .expect("two series");
    let (end, _, growth) = *lead.last();
    let mut same_quarter: Vec<f64> = lines
        .series
        .iter()
        .filter_map(|q| q.points.iter().find(|p| p.0 == end).map(|p| p.2))
        .collect();
    same_quarter.sort_by(|a, b| b.total_cmp(a));
    let rank = same_quarter.iter().position(|v| *v == growth).unwrap_or(0) + 1;
    let verb = if growth < 0.0 { "fell" } else { "grew" };
    let count = same_quarter.len();
    let place = match rank {
        1 => "the fastest".to_string(),
        r if r == count => "the slowest".to_string(),
        r => format!("the {} fastest", names::ordinal(r)),
    };
    format!(
        "In the quarter to {}, {} cloud revenue {verb} {} on a year earlier: {place} of the \
         {count} clouds with a figure for that quarter",
        names::day(end),
        names::possessive(&inputs.company_name(&lead.company)),
        format::pct(growth.abs()),
    )
}
