//! The report's `datapackage.json`: `metrics.csv` and each chart's
//! `data/NAME.csv` as tabular resources whose field types match the bytes
//! written, with units in the descriptions, a primary key where the rows are
//! unique, and the data's sources (`sources.csv`) as the package's sources.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use super::descriptor::{Constraints, Field, Package, Resource, Schema, Source, Type};
use super::inputs::SLUG;
use super::words;
use crate::charts::{Cell, Chart, DataTable};
use crate::metrics::Metrics;
use crate::model::{choice_names, Dataset, Metric, Unit};

/// The package of a report built from `data`: its metrics, then its charts'
/// tables in the order given.
pub fn of_report(data: &Dataset, metrics: &Metrics, charts: &[&Chart]) -> Package {
    let mut resources = vec![metrics_resource()];
    resources.extend(charts.iter().map(|chart| chart_resource(chart)));
    let as_of = metrics
        .as_of
        .map_or(String::new(), |day| format!(" as of {day}"));
    let mut package = Package::new(
        "aimarket-report",
        "aimarket report",
        &format!(
            "The numbers of the report{as_of}, converted figures in {}: every metric \
             (metrics.csv) and the numbers behind each chart (data/NAME.csv).",
            metrics.currency
        ),
        resources,
    );
    package.sources = data
        .sources
        .iter()
        .map(|s| Source {
            title: s.title.clone(),
            path: s.url.clone(),
        })
        .collect();
    package
}

fn metrics_resource() -> Resource {
    let mut metric = Field::new(
        "metric",
        Type::String,
        "The metric's name; the report lists each one's definition.",
    );
    metric.constraints = Constraints {
        required: true,
        one_of: choice_names::<Metric>()
            .into_iter()
            .map(String::from)
            .collect(),
        ..Constraints::default()
    };
    let mut subject = Field::new(
        "subject",
        Type::String,
        "What the row is about: a company, bloc, target, product, campaign or stack layer.",
    );
    subject.constraints.required = true;
    let mut value = Field::new(
        "value",
        Type::Number,
        "The value, unrounded, in the unit of the row's unit column.",
    );
    value.constraints.required = true;
    let mut sources = Field::new(
        "sources",
        Type::String,
        "The ids of the data's sources (sources.csv) the value is computed from, sorted, \
         separated by `;`; empty for a value computed from none (exchange rates, stacks).",
    );
    sources.constraints.pattern = Some(format!("{SLUG}(;{SLUG})*"));
    let mut unit = Field::new("unit", Type::String, words::UNITS);
    unit.constraints.required = true;
    let fields = vec![
        metric,
        subject,
        Field::new(
            "segment",
            Type::String,
            "The segment, capex kind, users metric, bloc or stack the row is for; empty where \
             the metric has none.",
        ),
        Field::new(
            "period",
            Type::String,
            "The fiscal quarter, period label, calendar year or date the row is for; empty where \
             the metric has none.",
        ),
        value,
        unit,
        sources,
    ];
    let mut resource = Resource::csv("metrics", "metrics.csv", Schema::new(fields));
    resource.title = "Metrics".into();
    resource.description = "Every metric of the report, one row per metric, subject, segment and \
                            period (segment and period may be empty, so they form no primary key)."
        .into();
    resource
}

fn chart_resource(chart: &Chart) -> Resource {
    let table = &chart.table;
    let fields: Vec<Field> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| chart_field(table, i, name))
        .chain(
            table
                .has_unit_column()
                .then(|| Field::new("unit", Type::String, words::UNITS)),
        )
        .collect();
    let mut schema = Schema::new(fields);
    schema.primary_key = primary_key(table, &schema.fields);
    let mut resource = Resource::csv(&chart.name, &format!("data/{}.csv", chart.name), schema);
    resource.title = chart.figure.title.clone();
    resource.description = chart.description.clone();
    resource
}

/// The column's type from its cells: numbers (whole counts: integers), dates,
/// or text; empty cells are missing values.
fn chart_field(table: &DataTable, i: usize, name: &str) -> Field {
    let cells: Vec<&Cell> = table
        .rows()
        .filter_map(|row| row.get(i))
        .filter(|c| **c != Cell::Empty)
        .collect();
    let numbers: Vec<(f64, Unit)> = cells
        .iter()
        .filter_map(|c| match c {
            Cell::Number { value, unit } => Some((*value, *unit)),
            _ => None,
        })
        .collect();
    let dates = cells.iter().filter(|c| matches!(c, Cell::Date(_))).count();
    let mut words = words::column(name);
    let kind = if !cells.is_empty() && numbers.len() == cells.len() {
        let units: HashSet<Unit> = numbers.iter().map(|(_, u)| *u).collect();
        let only = (units.len() == 1).then(|| numbers[0].1);
        match only {
            Some(unit) => words.push_str(&format!(" Unit: {}.", words::unit(unit))),
            None => words.push_str(" Unit: the row's unit column."),
        }
        let whole = numbers
            .iter()
            .all(|(v, _)| v.fract() == 0.0 && v.abs() < 9.0e15);
        if whole && only == Some(Unit::Count) {
            Type::Integer
        } else {
            Type::Number
        }
    } else if !cells.is_empty() && dates == cells.len() {
        Type::Date
    } else {
        Type::String
    };
    Field::new(name, kind, words)
}

/// The columns that say what a row is about (not numbers, not a qualifier),
/// when none of their cells is empty and no two rows share their values;
/// else none.
fn primary_key(table: &DataTable, fields: &[Field]) -> Vec<String> {
    let key: Vec<usize> = (0..table.columns.len())
        .filter(|&i| !matches!(fields[i].kind, Type::Number | Type::Integer))
        .filter(|&i| words::identifies(&table.columns[i]))
        .filter(|&i| table.rows().all(|row| row[i] != Cell::Empty))
        .collect();
    let mut seen = FxHashSet::default();
    let unique = table.rows().all(|row| {
        let values: Vec<_> = key.iter().map(|&i| row[i].to_csv()).collect();
        seen.insert(values)
    });
    if key.is_empty() || !unique {
        return Vec::new();
    }
    key.iter().map(|&i| table.columns[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn table(rows: &[(&str, f64, Unit)]) -> DataTable {
        let mut table = DataTable::with_units(&["company", "value"]);
        for (company, value, unit) in rows {
            table.push(vec![Cell::text(*company), Cell::number(*value, *unit)]);
        }
        table
    }

    fn fields(table: &DataTable) -> Vec<Field> {
        vec![
            chart_field(table, 0, "company"),
            chart_field(table, 1, "value"),
        ]
    }

    #[test]
    fn whole_counts_are_integers_and_other_numbers_numbers() {
        let counts = table(&[("a", 3.0, Unit::Count), ("b", 12.0, Unit::Count)]);
        let f = fields(&counts);
        assert_eq!((f[0].kind, f[1].kind), (Type::String, Type::Integer));
        assert_eq!(f[1].description, "The figure the chart shows. Unit: count.");
        let halves = table(&[("a", 2.5, Unit::Count)]);
        assert_eq!(fields(&halves)[1].kind, Type::Number);
        let usd = Unit::Millions(Currency::USD);
        let mixed = table(&[("a", 2.0, usd), ("b", 4.0, Unit::Percent)]);
        let f = fields(&mixed);
        assert_eq!(f[1].kind, Type::Number);
        assert_eq!(
            f[1].description,
            "The figure the chart shows. Unit: the row's unit column."
        );
    }

    #[test]
    fn a_primary_key_only_where_rows_are_unique_and_cells_full() {
        let unique = table(&[("a", 1.0, Unit::Count), ("b", 1.0, Unit::Count)]);
        assert_eq!(primary_key(&unique, &fields(&unique)), ["company"]);
        let repeated = table(&[("a", 1.0, Unit::Count), ("a", 2.0, Unit::Count)]);
        assert!(primary_key(&repeated, &fields(&repeated)).is_empty());
        let mut empty = DataTable::new(&["company", "value"]);
        empty.push(vec![Cell::Empty, Cell::number(1.0, Unit::Count)]);
        assert!(primary_key(&empty, &fields(&empty)).is_empty());
    }
}
