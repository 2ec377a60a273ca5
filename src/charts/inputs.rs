//! What the chart functions read: the data and the computed metrics, with the
//! lookups and colours every chart shares.

use std::collections::BTreeMap;

use plotters::style::RGBColor;

use super::draw::theme;
use crate::metrics::{MetricRow, Metrics};
use crate::model::{Bloc, Dataset, Metric, Unit};

/// Products a users chart draws by name unless aimarket.toml says otherwise;
/// the rest are averaged into one line.
pub const DEFAULT_TOP_PRODUCTS: usize = 7;

pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics,
    /// Products a users chart draws by name; the rest are averaged into one line.
    pub top_products: usize,
    /// The company the report follows, whose story the lead chart draws.
    pub focus: Option<&'a str>,
}

impl Inputs<'_> {
    /// The rows of a metric, in order.
    pub fn rows(&self, metric: Metric) -> impl Iterator<Item = &MetricRow> {
        self.metrics.of(metric).iter()
    }

    /// Millions of the currency of converted figures.
    pub fn money(&self) -> Unit {
        Unit::Millions(self.metrics.currency)
    }

    pub fn company_name(&self, id: &str) -> String {
        self.data
            .company(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    pub fn bloc_of(&self, company: &str) -> Option<Bloc> {
        self.data.company(company).map(|c| c.bloc)
    }

    /// The company's colour in every chart (see `theme`): its `color` in
    /// companies.csv, else the palette's for its place in the file; grey for
    /// an id the file lacks.
    pub fn company_color(&self, id: &str) -> RGBColor {
        self.data
            .companies
            .iter()
            .position(|c| c.id == id)
            .map_or(theme::NEUTRAL, |place| {
                theme::company_color(self.data.companies[place].color, place)
            })
    }

    /// The colours of series that each belong to a company, in order: the
    /// company's colour, and for its second and third series in the chart
    /// shades of it.
    pub fn colors<'c>(&self, companies: impl Iterator<Item = &'c str>) -> Vec<RGBColor> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        companies
            .map(|company| {
                let index = seen.entry(company).or_default();
                *index += 1;
                theme::shade(self.company_color(company), *index - 1)
            })
            .collect()
    }
}
