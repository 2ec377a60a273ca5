//! The numbers a chart shows: written in full to `data/NAME.csv`, and beside
//! the chart on the page in words and formatted numbers. Each cell keeps its
//! type, so the page formats a number by its own unit and never reads one
//! back from text.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::model::{Choice, Dataset, Qualifier, Unit};
use crate::names;

/// One cell of a chart's table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// An id, a name or a label, as the data gives it.
    Text(String),
    Number {
        value: f64,
        unit: Unit,
    },
    Date(NaiveDate),
    /// An id the file keeps, shown on the page by its name.
    Named {
        id: String,
        name: String,
    },
    Empty,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn number(value: f64, unit: Unit) -> Cell {
        Cell::Number { value, unit }
    }

    /// An id the file keeps, shown on the page as `name`.
    pub fn named(id: impl Into<String>, name: impl Into<String>) -> Cell {
        Cell::Named {
            id: id.into(),
            name: name.into(),
        }
    }

    /// A company by its id, shown by its name.
    pub fn company(data: &Dataset, id: &str) -> Cell {
        Cell::named(id, names::company(data, id))
    }

    /// A product by its id, shown by its name.
    pub fn product(data: &Dataset, id: &str) -> Cell {
        Cell::named(id, names::product(data, id))
    }

    /// A campaign by its id, shown by its name.
    pub fn campaign(data: &Dataset, id: &str) -> Cell {
        let name = data.campaigns.iter().find(|c| c.id == id);
        Cell::named(id, name.map_or(id, |c| c.name.as_str()))
    }

    /// A metric by its name (a users metric's slug, or a metric of SPEC 5),
    /// shown in words: `monthly active users`.
    pub fn metric(name: &str) -> Cell {
        Cell::named(name, names::users_metric(name))
    }

    /// How exact a figure is: `at_least` in the file, "at least" on the page.
    pub fn qualifier(qualifier: Qualifier) -> Cell {
        let words = names::qualifier_words(qualifier).trim_end();
        Cell::named(qualifier.name(), words)
    }

    /// The cell in the data file: numbers in full (shortest round-trip form).
    pub fn to_csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Number { value, .. } => Cow::Owned(value.to_string()),
            Cell::Date(date) => Cow::Owned(date.to_string()),
            Cell::Named { id, .. } => Cow::Borrowed(id),
            Cell::Empty => Cow::Borrowed(""),
        }
    }

    fn unit(&self) -> Option<Unit> {
        match self {
            Cell::Number { unit, .. } => Some(*unit),
            _ => None,
        }
    }
}

/// A chart's table. Rows the chart draws come first, each part in the order
/// added, so the page's table shows what the chart shows while the file keeps
/// every row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTable {
    pub columns: Vec<String>,
    /// Whether the file ends each row with a `unit` column: its numbers' unit.
    units: bool,
    drawn: Vec<Vec<Cell>>,
    /// Rows in the file only: a chart that draws its top N leaves them out.
    file_only: Vec<Vec<Cell>>,
}

impl DataTable {
    pub fn new(columns: &[&str]) -> DataTable {
        DataTable {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            ..DataTable::default()
        }
    }

    /// A table whose file has a last `unit` column, after `columns`.
    pub fn with_units(columns: &[&str]) -> DataTable {
        DataTable {
            units: true,
            ..DataTable::new(columns)
        }
    }

    /// Adds a row the chart draws.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.push_drawn(true, row);
    }

    /// Adds a row the chart draws, or one that is in the file only.
    pub fn push_drawn(&mut self, drawn: bool, row: Vec<Cell>) {
        if drawn {
            self.drawn.push(row);
        } else {
            self.file_only.push(row);
        }
    }

    /// The rows the chart draws.
    pub fn shown_rows(&self) -> &[Vec<Cell>] {
        &self.drawn
    }

    /// Every row, as the file has them.
    pub fn rows(&self) -> impl Iterator<Item = &Vec<Cell>> {
        self.drawn.iter().chain(&self.file_only)
    }

    /// Whether the file ends each row with a `unit` column.
    pub fn has_unit_column(&self) -> bool {
        self.units
    }

    pub fn len(&self) -> usize {
        self.drawn.len() + self.file_only.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let unit_column = self.units.then_some("unit");
        let header = self.columns.iter().map(String::as_str).chain(unit_column);
        writer.write_record(header).expect("write to memory");
        for row in self.rows() {
            let unit = self
                .units
                .then(|| row.iter().find_map(Cell::unit).map(|u| u.to_string()))
                .map(Option::unwrap_or_default);
            let cells = row.iter().map(Cell::to_csv).chain(unit.map(Cow::Owned));
            writer
                .write_record(cells.map(|c| c.into_owned()))
                .expect("write to memory");
        }
        String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str, bool)]) -> DataTable {
        let mut table = DataTable::with_units(&["company", "year", "capex_conv"]);
        for (i, (company, year, drawn)) in rows.iter().enumerate() {
            let row = vec![
                Cell::text(*company),
                Cell::text(*year),
                Cell::number(i as f64 + 0.5, Unit::Percent),
            ];
            table.push_drawn(*drawn, row);
        }
        table
    }

    #[test]
    fn drawn_rows_come_first_and_the_file_keeps_all() {
        let t = table(&[
            ("a", "2024", true),
            ("b", "2024", false),
            ("a", "2025", true),
            ("c", "2025", true),
        ]);
        let shown: Vec<String> = t
            .shown_rows()
            .iter()
            .map(|r| format!("{} {}", r[0].to_csv(), r[1].to_csv()))
            .collect();
        assert_eq!(shown, ["a 2024", "a 2025", "c 2025"]);
        assert_eq!(t.len(), 4);
        assert_eq!(
            t.to_csv(),
            "company,year,capex_conv,unit\na,2024,0.5,%\na,2025,2.5,%\nc,2025,3.5,%\nb,2024,1.5,%\n"
        );
        // A chart that draws every row keeps the order rows were added in.
        let all = table(&[("b", "2024", true), ("a", "2024", true)]);
        assert_eq!(all.shown_rows().len(), 2);
        assert_eq!(all.shown_rows()[0][0], Cell::text("b"));
    }

    #[test]
    fn cells_are_written_in_full() {
        let day = crate::periods::parse_date("2026-03-31").unwrap();
        assert_eq!(Cell::Date(day).to_csv(), "2026-03-31");
        assert_eq!(Cell::number(0.0, Unit::Count).to_csv(), "0");
        assert_eq!(
            Cell::number(-74.170_347, Unit::Percent).to_csv(),
            "-74.170347"
        );
        assert_eq!(Cell::Empty.to_csv(), "");
    }
}
