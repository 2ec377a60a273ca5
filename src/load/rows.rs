//! The raw serde row of each small data file and the rules of its own cells
//! (SPEC section 3): types, slugs, dates, enumerations, bounds, and the checks
//! that involve two cells of one row (end after start, capex targets cumulative).

use serde::Deserialize;

use super::cells::{found, Bound};
use super::raw::FromRaw;
use super::typed_row::Row;
use crate::model::{
    Campaign, Capex, Claim, Company, Currency, DataFile, Earnings, Event, FxRate, Product, Source,
    StackEntry, Target, TargetKind, TargetMetric,
};

#[derive(Deserialize)]
pub struct RawSource<'a> {
    id: &'a str,
    title: &'a str,
    publisher: &'a str,
    #[serde(default)]
    url: Option<&'a str>,
    #[serde(default)]
    published: Option<&'a str>,
    #[serde(default)]
    based_on: Option<&'a str>,
}

impl FromRaw for Source {
    const FILE: DataFile = DataFile::Sources;
    type Raw<'a> = RawSource<'a>;

    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }

    fn convert(raw: RawSource, row: &mut Row) -> Option<Source> {
        Some(Source {
            line: row.line,
            id: row.slug_string("id", raw.id),
            title: row.text("title", raw.title),
            publisher: row.text("publisher", raw.publisher),
            url: row.opt_url("url", raw.url),
            published: row.opt_date("published", raw.published),
            based_on: row.slug_list("based_on", raw.based_on),
        })
    }
}

#[derive(Deserialize)]
pub struct RawCompany<'a> {
    id: &'a str,
    name: &'a str,
    bloc: &'a str,
    country: &'a str,
    currency: &'a str,
    fiscal_year_end: &'a str,
    #[serde(default)]
    color: Option<&'a str>,
}

impl FromRaw for Company {
    const FILE: DataFile = DataFile::Companies;
    type Raw<'a> = RawCompany<'a>;

    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }

    fn convert(raw: RawCompany, row: &mut Row) -> Option<Company> {
        Some(Company {
            line: row.line,
            id: row.slug_string("id", raw.id),
            name: row.text("name", raw.name),
            bloc: row.choice("bloc", raw.bloc),
            country: row.country("country", raw.country),
            currency: row.currency("currency", raw.currency),
            fiscal_year_end: row.month_end("fiscal_year_end", raw.fiscal_year_end),
            color: row.opt_color("color", raw.color),
        })
    }
}

#[derive(Deserialize)]
pub struct RawProduct<'a> {
    id: &'a str,
    name: &'a str,
    company: &'a str,
    category: &'a str,
}

impl FromRaw for Product {
    const FILE: DataFile = DataFile::Products;
    type Raw<'a> = RawProduct<'a>;

    fn id(&self) -> Option<&str> {
        Some(&self.id)
    }

    fn convert(raw: RawProduct, row: &mut Row) -> Option<Product> {
        Some(Product {
            line: row.line,
            id: row.slug_string("id", raw.id),
            name: row.text("name", raw.name),
            company: row.slug_string("company", raw.company),
            category: row.choice("category", raw.category),
        })
    }
}

#[derive(Deserialize)]
pub struct RawEarnings<'a> {
    company: &'a str,
    fiscal_period: &'a str,
    period_end: &'a str,
    segment: &'a str,
    currency: &'a str,
    revenue: &'a str,
    #[serde(default)]
    revenue_consensus: Option<&'a str>,
    #[serde(default)]
    operating_income: Option<&'a str>,
    source: &'a str,
}

impl FromRaw for Earnings {
    const FILE: DataFile = DataFile::Earnings;
    type Raw<'a> = RawEarnings<'a>;

    fn convert(raw: RawEarnings, row: &mut Row) -> Option<Earnings> {
        Some(Earnings {
            line: row.line,
            company: row.slug_string("company", raw.company),
            fiscal_period: row.fiscal_quarter("fiscal_period", raw.fiscal_period),
            period_end: row.date("period_end", raw.period_end),
            segment: row.slug_string("segment", raw.segment),
            currency: row.currency("currency", raw.currency),
            revenue: row.number("revenue", raw.revenue, Bound::NonNegative),
            revenue_consensus: row.opt_number(
                "revenue_consensus",
                raw.revenue_consensus,
                Bound::NonNegative,
            ),
            operating_income: row.opt_number("operating_income", raw.operating_income, Bound::Any),
            source: row.slug_string("source", raw.source),
        })
    }
}

#[derive(Deserialize)]
pub struct RawCapex<'a> {
    company: &'a str,
    period: &'a str,
    period_start: &'a str,
    period_end: &'a str,
    kind: &'a str,
    currency: &'a str,
    capex: &'a str,
    source: &'a str,
    #[serde(default)]
    basis: Option<&'a str>,
    #[serde(default)]
    qualifier: Option<&'a str>,
}

impl FromRaw for Capex {
    const FILE: DataFile = DataFile::Capex;
    type Raw<'a> = RawCapex<'a>;

    fn convert(raw: RawCapex, row: &mut Row) -> Option<Capex> {
        let capex = Capex {
            line: row.line,
            company: row.slug_string("company", raw.company),
            period: row.text("period", raw.period),
            period_start: row.date("period_start", raw.period_start),
            period_end: row.date("period_end", raw.period_end),
            kind: row.choice("kind", raw.kind),
            currency: row.currency("currency", raw.currency),
            capex: row.number("capex", raw.capex, Bound::NonNegative),
            source: row.slug_string("source", raw.source),
            basis: row.opt_choice("basis", raw.basis),
            qualifier: row.qualifier(raw.qualifier),
        };
        if row.is_ok() && capex.period_end < capex.period_start {
            row.fail(
                "period_end",
                format!(
                    "expected a date on or after period_start ({}), found {}",
                    capex.period_start,
                    found(raw.period_end)
                ),
            );
        }
        Some(capex)
    }
}

#[derive(Deserialize)]
pub struct RawTarget<'a> {
    id: &'a str,
    company: &'a str,
    metric: &'a str,
    #[serde(default)]
    segment: Option<&'a str>,
    kind: &'a str,
    value: &'a str,
    currency: &'a str,
    start: &'a str,
    end: &'a str,
    announced: &'a str,
    source: &'a str,
    #[serde(default)]
    qualifier: Option<&'a str>,
    #[serde(default)]
    defined_as: Option<&'a str>,
}

impl FromRaw for Target {
    const FILE: DataFile = DataFile::Targets;
    type Raw<'a> = RawTarget<'a>;

    fn convert(raw: RawTarget, row: &mut Row) -> Option<Target> {
        let target = Target {
            line: row.line,
            id: row.slug_string("id", raw.id),
            company: row.slug_string("company", raw.company),
            metric: row.choice("metric", raw.metric),
            segment: row.opt_slug("segment", raw.segment),
            kind: row.choice("kind", raw.kind),
            value: row.number("value", raw.value, Bound::Positive),
            currency: row.currency("currency", raw.currency),
            start: row.date("start", raw.start),
            end: row.date("end", raw.end),
            announced: row.date("announced", raw.announced),
            source: row.slug_string("source", raw.source),
            qualifier: row.qualifier(raw.qualifier),
            defined_as: row.opt_text("defined_as", raw.defined_as),
        };
        // The rules between two cells, once each cell is good. A row with a bad
        // cell is still returned, so that its references are checked too.
        let cells_ok = row.is_ok();
        if cells_ok && target.end <= target.start {
            row.fail(
                "end",
                format!(
                    "expected a date after start ({}), found {}",
                    target.start,
                    found(raw.end)
                ),
            );
        }
        if cells_ok && target.metric == TargetMetric::Capex && target.kind != TargetKind::Cumulative
        {
            row.fail(
                "kind",
                format!(
                    "expected cumulative for a capex target, found {}",
                    found(raw.kind)
                ),
            );
        }
        Some(target)
    }
}

#[derive(Deserialize)]
pub struct RawCampaign<'a> {
    id: &'a str,
    company: &'a str,
    #[serde(default)]
    product: Option<&'a str>,
    name: &'a str,
    start: &'a str,
    end: &'a str,
    currency: &'a str,
    spend: &'a str,
    #[serde(default)]
    orders: Option<&'a str>,
    #[serde(default)]
    units: Option<&'a str>,
    source: &'a str,
    #[serde(default)]
    qualifier: Option<&'a str>,
}

impl FromRaw for Campaign {
    const FILE: DataFile = DataFile::Campaigns;
    type Raw<'a> = RawCampaign<'a>;

    fn convert(raw: RawCampaign, row: &mut Row) -> Option<Campaign> {
        let campaign = Campaign {
            line: row.line,
            id: row.slug_string("id", raw.id),
            company: row.slug_string("company", raw.company),
            product: row.opt_slug("product", raw.product),
            name: row.text("name", raw.name),
            start: row.date("start", raw.start),
            end: row.date("end", raw.end),
            currency: row.currency("currency", raw.currency),
            spend: row.number("spend", raw.spend, Bound::NonNegative),
            orders: row.opt_number("orders", raw.orders, Bound::NonNegative),
            units: row.opt_number("units", raw.units, Bound::NonNegative),
            source: row.slug_string("source", raw.source),
            qualifier: row.qualifier(raw.qualifier),
        };
        if row.is_ok() && campaign.end < campaign.start {
            row.fail(
                "end",
                format!(
                    "expected a date on or after start ({}), found {}",
                    campaign.start,
                    found(raw.end)
                ),
            );
        }
        Some(campaign)
    }
}

#[derive(Deserialize)]
pub struct RawEvent<'a> {
    date: &'a str,
    #[serde(default)]
    company: Option<&'a str>,
    title: &'a str,
    category: &'a str,
    source: &'a str,
}

impl FromRaw for Event {
    const FILE: DataFile = DataFile::Events;
    type Raw<'a> = RawEvent<'a>;

    fn convert(raw: RawEvent, row: &mut Row) -> Option<Event> {
        Some(Event {
            line: row.line,
            date: row.date("date", raw.date),
            company: row.opt_slug("company", raw.company),
            title: row.prose("title", raw.title),
            category: row.choice("category", raw.category),
            source: row.slug_string("source", raw.source),
        })
    }
}

#[derive(Deserialize)]
pub struct RawStackEntry<'a> {
    stack: &'a str,
    layer: &'a str,
    bloc: &'a str,
    player: &'a str,
    #[serde(default)]
    company: Option<&'a str>,
}

impl FromRaw for StackEntry {
    const FILE: DataFile = DataFile::Stack;
    type Raw<'a> = RawStackEntry<'a>;

    fn convert(raw: RawStackEntry, row: &mut Row) -> Option<StackEntry> {
        Some(StackEntry {
            line: row.line,
            stack: row.text("stack", raw.stack),
            layer: row.text("layer", raw.layer),
            bloc: row.choice("bloc", raw.bloc),
            player: row.text("player", raw.player),
            company: row.opt_slug("company", raw.company),
        })
    }
}

#[derive(Deserialize)]
pub struct RawFxRate<'a> {
    currency: &'a str,
    date: &'a str,
    usd_per_unit: &'a str,
}

impl FromRaw for FxRate {
    const FILE: DataFile = DataFile::Fx;
    type Raw<'a> = RawFxRate<'a>;

    fn convert(raw: RawFxRate, row: &mut Row) -> Option<FxRate> {
        let rate = FxRate {
            line: row.line,
            currency: row.currency("currency", raw.currency),
            date: row.date("date", raw.date),
            usd_per_unit: row.number("usd_per_unit", raw.usd_per_unit, Bound::Positive),
        };
        if row.is_ok() && rate.currency == Currency::USD {
            row.warn(None, "USD needs no rate (row ignored)".into());
            return None;
        }
        Some(rate)
    }
}

#[derive(Deserialize)]
pub struct RawClaim<'a> {
    id: &'a str,
    text: &'a str,
    metric: &'a str,
    subject: &'a str,
    #[serde(default)]
    segment: Option<&'a str>,
    #[serde(default)]
    period: Option<&'a str>,
    expected: &'a str,
    tolerance: &'a str,
    source: &'a str,
    #[serde(default)]
    qualifier: Option<&'a str>,
}

impl FromRaw for Claim {
    const FILE: DataFile = DataFile::Claims;
    type Raw<'a> = RawClaim<'a>;

    fn convert(raw: RawClaim, row: &mut Row) -> Option<Claim> {
        let metric = row.choice("metric", raw.metric);
        Some(Claim {
            line: row.line,
            id: row.slug_string("id", raw.id),
            text: row.prose("text", raw.text),
            metric,
            subject: row.slug_string("subject", raw.subject),
            segment: row.opt_slug("segment", raw.segment),
            period: row.opt_text("period", raw.period),
            expected: row.number("expected", raw.expected, Bound::Any),
            tolerance: row.number("tolerance", raw.tolerance, Bound::NonNegative),
            source: row.slug_string("source", raw.source),
            qualifier: row.opt_choice("qualifier", raw.qualifier),
        })
    }
}
