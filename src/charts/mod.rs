//! The charts of the report, built from the metrics (SPEC section 6).
//!
//! Each chart function turns metric rows (and, for users, the observations)
//! into a `Figure`, a description for screen readers and the table of the
//! numbers it shows; or says why it has nothing to draw. `theme.rs` holds the
//! look, `prepare.rs` the data hygiene, `figure.rs` the drawing, `file_name.rs`
//! the names of the files a chart made from data text is written to.

mod adoption;
mod axes;
mod bars;
mod capex;
mod earnings;
mod figure;
mod file_name;
mod goals;
mod lines;
mod prepare;
mod stacks;
mod svg;
pub mod theme;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::format;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Bloc, Dataset, Metric, Unit};

pub use figure::Figure;
pub use svg::xml_escape;

/// Where a chart belongs in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Earnings,
    Capex,
    Targets,
    Users,
    Stack,
}

/// The numbers a chart shows, in full precision: `data/NAME.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// For a chart that draws only its top N: the rows it draws come first and
    /// number `shown`; the rest are in the file only. `None`: it draws them all.
    pub shown: Option<usize>,
}

impl DataTable {
    pub fn new(columns: &[&str]) -> DataTable {
        DataTable {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            shown: None,
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Puts the rows the chart draws first, each part in its own order, so the
    /// page's table shows what the chart shows while the file keeps every row.
    pub fn show_first(&mut self, drawn: impl Fn(&[String]) -> bool) {
        let (mut first, rest): (Vec<_>, Vec<_>) = self.rows.drain(..).partition(|row| drawn(row));
        self.shown = (!rest.is_empty()).then_some(first.len());
        first.extend(rest);
        self.rows = first;
    }

    /// The rows the chart draws.
    pub fn shown_rows(&self) -> &[Vec<String>] {
        &self.rows[..self.shown.unwrap_or(self.rows.len())]
    }

    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(&self.columns).expect("write to memory");
        for row in &self.rows {
            writer.write_record(row).expect("write to memory");
        }
        String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8")
    }
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub name: String,
    pub section: Section,
    pub figure: Figure,
    pub description: String,
    pub table: DataTable,
    /// What the chart's figures lack or mix, shown beside it on the page and
    /// read with its description: a caveat too long for a subtitle.
    pub note: String,
}

impl Chart {
    pub fn svg(&self) -> Result<String, String> {
        svg::to_svg(&self.figure, &self.name, &self.full_description())
    }

    /// The same chart laid out for a narrow screen, for the report page.
    pub fn narrow_svg(&self) -> Result<String, String> {
        svg::to_narrow_svg(&self.figure, &self.name, &self.full_description())
    }

    /// The description for screen readers, with the note when there is one.
    fn full_description(&self) -> String {
        if self.note.is_empty() {
            self.description.clone()
        } else {
            format!("{} Note: {}.", self.description, self.note)
        }
    }

    pub fn write_png(&self, path: &Path) -> Result<(), String> {
        svg::write_png(&self.figure, path)
    }
}

/// A chart drawn: its SVG for files and wide screens, and its SVG for narrow ones.
#[derive(Clone, Debug)]
pub struct Drawn {
    pub chart: Chart,
    pub svg: String,
    pub narrow_svg: String,
}

/// Draws every chart; one that cannot be drawn joins the skipped with its reason.
pub fn draw(charts: Vec<Chart>, skipped: &mut Vec<Skipped>) -> Vec<Drawn> {
    let mut drawn = Vec::new();
    for chart in charts {
        match chart.svg().and_then(|svg| Ok((svg, chart.narrow_svg()?))) {
            Ok((svg, narrow_svg)) => drawn.push(Drawn {
                chart,
                svg,
                narrow_svg,
            }),
            Err(reason) => skipped.push(Skipped {
                name: chart.name,
                reason,
            }),
        }
    }
    drawn
}

/// A chart that was not drawn, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

/// What the chart functions read.
pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics,
}

impl Inputs<'_> {
    fn rows(&self, metric: Metric) -> impl Iterator<Item = &MetricRow> {
        self.metrics.of(metric).iter()
    }

    /// Millions of the currency of converted figures.
    fn money(&self) -> Unit {
        Unit::Millions(self.metrics.currency)
    }

    fn company_name(&self, id: &str) -> String {
        self.data
            .company(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }
}

/// The outcome of one chart function.
pub type Built = Result<Vec<Chart>, String>;

/// A chart function, by the name used when it is skipped.
type ChartFn = (&'static str, fn(&Inputs) -> Built);

/// Every chart, in report order, and the ones skipped with their reasons.
pub fn build_all(inputs: &Inputs) -> (Vec<Chart>, Vec<Skipped>) {
    let functions: [ChartFn; 12] = [
        ("revenue", earnings::revenue),
        ("revenue_surprise", earnings::surprise),
        ("operating_margin", earnings::margin),
        ("capex_by_company", capex::capex_by_company),
        ("capex_by_bloc", capex::capex_by_bloc),
        ("capex_intensity", capex::capex_intensity),
        ("commitment_pace", goals::commitment_pace),
        ("target_path", goals::target_paths),
        ("users", adoption::users),
        ("campaign_cost", adoption::campaign_cost),
        ("stack_coverage", stacks::stack_coverage),
        ("stack_players", stacks::stack_players),
    ];
    let mut charts = Vec::new();
    let mut skipped = Vec::new();
    for (name, function) in functions {
        match function(inputs) {
            Ok(built) if built.is_empty() => skipped.push(Skipped {
                name: name.to_string(),
                reason: "no data".into(),
            }),
            Ok(built) => charts.extend(built),
            Err(reason) => skipped.push(Skipped {
                name: name.to_string(),
                reason,
            }),
        }
    }
    (charts, skipped)
}

fn bloc_of(inputs: &Inputs, company: &str) -> Option<Bloc> {
    inputs.data.company(company).map(|c| c.bloc)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Colours by bloc, shades in order within each bloc.
fn colors<'a>(
    inputs: &Inputs,
    companies: impl Iterator<Item = &'a str>,
) -> Vec<plotters::style::RGBColor> {
    let mut used: BTreeMap<Option<Bloc>, usize> = BTreeMap::new();
    companies
        .map(|company| {
            let bloc = bloc_of(inputs, company);
            let index = used.entry(bloc).or_default();
            *index += 1;
            theme::shade(bloc, *index - 1)
        })
        .collect()
}

/// `Source: earnings.csv (rows cite a14, a31 and 10 more)`.
fn source_line(files: &[&str], ids: &BTreeSet<String>) -> String {
    let files = files.join(", ");
    let listed: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
    match ids.len() {
        0 => format!("Source: {files}"),
        n if n <= 3 => format!("Source: {files}, citing {}", listed.join(", ")),
        n => format!(
            "Source: {files}, citing {} and {} more",
            listed.join(", "),
            n - 3
        ),
    }
}

/// `, ` between items, `and N more` past `max`.
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
fn describe_lines(kind: &str, unit: Unit, lines: &[(String, Vec<(String, f64)>)]) -> String {
    let parts: Vec<String> = lines
        .iter()
        .filter(|(_, points)| !points.is_empty())
        .map(|(label, points)| {
            let (first_at, first) = &points[0];
            let (last_at, last) = &points[points.len() - 1];
            let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            if points.len() == 1 {
                format!("{label}: {} ({last_at})", format::in_unit(*last, unit))
            } else {
                format!(
                    "{label}: from {} ({first_at}) to {} ({last_at}), low {}, high {}",
                    format::in_unit(*first, unit),
                    format::in_unit(*last, unit),
                    format::in_unit(low, unit),
                    format::in_unit(high, unit)
                )
            }
        })
        .collect();
    format!("{kind} with {} series. {}.", parts.len(), list(&parts, 12))
}

/// A description of a bar chart: every bar's value, up to a bound.
fn describe_bars(kind: &str, unit: Unit, categories: &[String], series: &[figure::Bars]) -> String {
    let mut parts = Vec::new();
    for figure::Bars { label, values, .. } in series {
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

    fn table(rows: &[&str]) -> DataTable {
        let mut table = DataTable::new(&["company", "year"]);
        for row in rows {
            let (company, year) = row.split_once(' ').unwrap();
            table.push(vec![company.into(), year.into()]);
        }
        table
    }

    #[test]
    fn drawn_rows_come_first_and_the_file_keeps_all() {
        let mut t = table(&["a 2024", "b 2024", "a 2025", "c 2025"]);
        t.show_first(|row| row[0] != "b");
        assert_eq!(t.shown, Some(3));
        let shown: Vec<String> = t.shown_rows().iter().map(|r| r.join(" ")).collect();
        assert_eq!(shown, ["a 2024", "a 2025", "c 2025"]);
        assert_eq!(t.to_csv(), "company,year\na,2024\na,2025\nc,2025\nb,2024\n");
        // A chart that draws every row leaves the table as it was.
        let mut all = table(&["a 2024", "b 2024"]);
        all.show_first(|_| true);
        assert_eq!(all, table(&["a 2024", "b 2024"]));
    }
}
