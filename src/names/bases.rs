//! What capex figures count and how exact they are, in words (SPEC 6.1 v3,
//! "Bases" and "Qualifiers everywhere"): whose figures include finance
//! leases, whose count cash alone, whose basis is not stated, and whose are
//! estimates. Every sum, ranking and comparison of capex says it.

use std::collections::BTreeSet;

use crate::format;
use crate::metrics::{CompanyFooting, Footing};
use crate::model::{CapexBasis, Qualifier, Unit};

use super::{list, qualifier_words};

/// The clause a chart note carries when the data states no basis for any
/// capex figure (SPEC v2 data): the comparison may mix bases unseen.
pub const NO_BASIS_STATED: &str =
    "the data does not say whether these figures include assets under finance leases";

/// "Meta Platforms'", "Alibaba Group's": a name as owner.
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// A figure with its qualifier: "about $21.4B", "$131.8B", "about 10.1%".
pub fn qualified_figure(value: f64, qualifier: Qualifier, unit: Unit) -> String {
    format!(
        "{}{}",
        qualifier_words(qualifier),
        format::in_unit(value, unit)
    )
}

/// What one company's figures count, for a title: "cash payments only".
pub fn basis_phrase(bases: &BTreeSet<Option<CapexBasis>>) -> &'static str {
    match bases.iter().collect::<Vec<_>>().as_slice() {
        [Some(CapexBasis::Cash)] => "cash payments only",
        [Some(CapexBasis::IncludingLeases)] => "including finance leases",
        [Some(CapexBasis::AiCloud)] => "AI and cloud only",
        [None] => "basis not stated",
        _ => "on mixed bases",
    }
}

/// A `basis` cell of a chart's table in words: the CSV's `cash;incl_leases`
/// reads "cash payments only and including finance leases"; empty, "not stated".
pub fn basis_cell(cell: &str) -> String {
    let words: Vec<String> = cell
        .split(';')
        .map(|basis| match basis {
            "" => "not stated",
            "cash" => "cash payments only",
            "incl_leases" => "including finance leases",
            "ai_cloud" => "AI and cloud only",
            other => other,
        })
        .map(String::from)
        .collect();
    list(&words)
}

/// A company's bases as its table cell: `incl_leases`, `cash;incl_leases`,
/// empty when not stated.
pub fn basis_cell_of(bases: &BTreeSet<Option<CapexBasis>>) -> String {
    let names: Vec<&str> = bases
        .iter()
        .map(|b| b.map_or("", crate::model::Choice::name))
        .collect();
    names.join(";")
}

/// What a group of companies' figures count, as the predicate of "X's
/// figures ...", in the order the words name them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    IncludingLeases,
    Cash,
    AiCloud,
    Mixed,
    NotStated,
}

fn class(c: &CompanyFooting) -> Class {
    match c.bases.iter().collect::<Vec<_>>().as_slice() {
        [Some(CapexBasis::IncludingLeases)] => Class::IncludingLeases,
        [Some(CapexBasis::Cash)] => Class::Cash,
        [Some(CapexBasis::AiCloud)] => Class::AiCloud,
        [None] => Class::NotStated,
        _ => Class::Mixed,
    }
}

/// "Microsoft's figures include finance leases; Alphabet's and Amazon's count
/// cash payments only; Alibaba Group's and Tencent's basis is not stated":
/// whose figures are on which basis. Empty when they all state the same
/// basis, or when the data states none anywhere (SPEC v2).
pub fn bases(footing: &Footing) -> String {
    if !footing.bases_differ() {
        return String::new();
    }
    let mut groups: Vec<(Class, Vec<String>)> = Vec::new();
    for c in &footing.companies {
        let owner = possessive(&c.company.name);
        match groups.iter_mut().find(|(k, _)| *k == class(c)) {
            Some((_, owners)) => owners.push(owner),
            None => groups.push((class(c), vec![owner])),
        }
    }
    groups.sort_by_key(|(k, _)| *k);
    groups
        .iter()
        .enumerate()
        .map(|(i, (k, owners))| {
            let owners = list(owners);
            let figures = if i == 0 { " figures" } else { "" };
            match k {
                Class::IncludingLeases => format!("{owners}{figures} include finance leases"),
                Class::Cash => format!("{owners}{figures} count cash payments only"),
                Class::AiCloud => format!("{owners}{figures} count AI and cloud spending only"),
                Class::Mixed => format!("{owners} figures mix bases"),
                Class::NotStated => format!("{owners} basis is not stated"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "ByteDance's figure is an estimate; Tencent's figures are partly
/// approximate": whose figures are estimates (`approx`), wholly or in part.
/// Empty when none is.
pub fn estimates(footing: &Footing) -> String {
    let owners = |whole: bool| -> Vec<&CompanyFooting> {
        footing
            .companies
            .iter()
            .filter(|c| c.approx > 0 && (c.approx == c.figures) == whole)
            .collect()
    };
    let names = |companies: &[&CompanyFooting]| {
        let owners: Vec<String> = companies
            .iter()
            .map(|c| possessive(&c.company.name))
            .collect();
        list(&owners)
    };
    let mut parts = Vec::new();
    let wholly = owners(true);
    match wholly.as_slice() {
        [] => {}
        [one] if one.figures == 1 => {
            parts.push(format!("{} figure is an estimate", names(&wholly)))
        }
        _ => parts.push(format!("{} figures are estimates", names(&wholly))),
    }
    let partly = owners(false);
    if !partly.is_empty() {
        parts.push(format!("{} figures are partly approximate", names(&partly)));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bloc, Capex, CapexKind, Company, Currency, Dataset};
    use crate::periods::{parse_date, MonthDay};

    fn company(id: &str, name: &str, bloc: Bloc) -> Company {
        Company {
            line: 2,
            id: id.into(),
            name: name.into(),
            bloc,
            country: "US".into(),
            currency: Currency::USD,
            fiscal_year_end: MonthDay { month: 12, day: 31 },
            color: None,
        }
    }

    fn capex(company: &str, basis: Option<CapexBasis>, qualifier: Qualifier) -> Capex {
        Capex {
            line: 2,
            company: company.into(),
            period: "CY2025".into(),
            period_start: parse_date("2025-01-01").unwrap(),
            period_end: parse_date("2025-12-31").unwrap(),
            kind: CapexKind::Actual,
            currency: Currency::USD,
            capex: 1.0,
            source: "s".into(),
            basis,
            qualifier,
        }
    }

    /// Microsoft with finance leases, Meta and Amazon in cash, Tencent (one
    /// estimate of two figures) and ByteDance (one estimate) not stated.
    fn data() -> Dataset {
        let (leases, cash) = (Some(CapexBasis::IncludingLeases), Some(CapexBasis::Cash));
        Dataset {
            companies: vec![
                company("msft", "Microsoft", Bloc::Western),
                company("meta", "Meta Platforms", Bloc::Western),
                company("amzn", "Amazon", Bloc::Western),
                company("tcnt", "Tencent", Bloc::China),
                company("bd", "ByteDance", Bloc::China),
            ],
            capex: vec![
                capex("tcnt", None, Qualifier::Exact),
                capex("msft", leases, Qualifier::Exact),
                capex("meta", cash, Qualifier::Exact),
                capex("tcnt", None, Qualifier::Approx),
                capex("amzn", cash, Qualifier::Exact),
                capex("bd", None, Qualifier::Approx),
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn whose_figures_count_what_is_said_by_basis() {
        let data = data();
        let footing = Footing::of(&data, &data.capex);
        assert_eq!(
            bases(&footing),
            "Microsoft's figures include finance leases; Amazon's and Meta Platforms' count \
             cash payments only; ByteDance's and Tencent's basis is not stated"
        );
        assert_eq!(
            estimates(&footing),
            "ByteDance's figure is an estimate; Tencent's figures are partly approximate"
        );
        // Tencent's sum has an estimate in it; the bloc's sum too.
        let china = footing.only(|c| c.bloc == Bloc::China);
        assert_eq!(china.qualifier(), Qualifier::Approx);
        let west = footing.only(|c| c.bloc == Bloc::Western);
        assert_eq!(west.qualifier(), Qualifier::Exact);
        assert_eq!(
            qualified_figure(50.0, china.qualifier(), Unit::Millions(Currency::USD)),
            "about $50M"
        );
    }

    #[test]
    fn one_stated_basis_and_data_without_bases_say_nothing() {
        let data = data();
        let cash_only = Footing::of(
            &data,
            data.capex
                .iter()
                .filter(|c| c.company != "msft" && c.basis.is_some()),
        );
        assert_eq!(cash_only.one_basis(), Some(CapexBasis::Cash));
        assert_eq!(bases(&cash_only), "");
        // SPEC v2 data: no row states a basis, so bases are not a subject.
        let mut v2 = self::data();
        v2.capex.iter_mut().for_each(|c| c.basis = None);
        let footing = Footing::of(&v2, &v2.capex);
        assert!(!footing.stated_anywhere);
        assert_eq!(bases(&footing), "");
        // A company with figures on two bases says so.
        let mut mixed = self::data();
        mixed.capex[0].basis = Some(CapexBasis::Cash);
        let tencent = Footing::of(&mixed, mixed.capex.iter().filter(|c| c.company == "tcnt"));
        assert_eq!(bases(&tencent), "Tencent's figures mix bases");
        assert_eq!(basis_phrase(&tencent.companies[0].bases), "on mixed bases");
        assert_eq!(basis_cell_of(&tencent.companies[0].bases), ";cash");
        assert_eq!(basis_cell(";cash"), "not stated and cash payments only");
        assert_eq!(basis_cell("incl_leases"), "including finance leases");
        assert_eq!(possessive("Meta Platforms"), "Meta Platforms'");
    }
}
