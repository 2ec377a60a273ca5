//! What a sum, ranking or comparison of capex figures rests on (SPEC 6.1 v3,
//! "Bases"): for each company whose figures enter it, what they count (their
//! `basis`) and how exact they are (their `qualifier`). Sentences and chart
//! notes put it in words with `names::bases` and `names::estimates`.

use std::collections::BTreeSet;

use crate::model::{Capex, CapexBasis, Company, Dataset, Qualifier};

/// The figures of one company that enter a sum.
#[derive(Clone, Debug)]
pub struct CompanyFooting<'d> {
    pub company: &'d Company,
    /// What each figure counts; `None` for a row that does not say.
    pub bases: BTreeSet<Option<CapexBasis>>,
    /// How many of its figures enter the sum, and how many are estimates.
    pub figures: usize,
    pub approx: usize,
    /// The qualifier the company's sum carries.
    pub qualifier: Qualifier,
}

/// The companies of a set of capex figures, ordered by bloc and name.
#[derive(Clone, Debug, Default)]
pub struct Footing<'d> {
    pub companies: Vec<CompanyFooting<'d>>,
    /// Whether any capex row of the data states a basis. Data without one
    /// (SPEC v2) says nothing of bases, so nor do the words drawn from it.
    pub stated_anywhere: bool,
}

impl<'d> Footing<'d> {
    /// The footing of `rows`; rows of a company the data lacks are left out.
    pub fn of(data: &'d Dataset, rows: impl IntoIterator<Item = &'d Capex>) -> Footing<'d> {
        let mut companies: Vec<CompanyFooting<'d>> = Vec::new();
        for row in rows {
            let Some(company) = data.company(&row.company) else {
                continue;
            };
            let place = match companies.iter().position(|c| c.company.id == company.id) {
                Some(place) => place,
                None => {
                    companies.push(CompanyFooting {
                        company,
                        bases: BTreeSet::new(),
                        figures: 0,
                        approx: 0,
                        qualifier: Qualifier::Exact,
                    });
                    companies.len() - 1
                }
            };
            let entry = &mut companies[place];
            entry.bases.insert(row.basis);
            entry.figures += 1;
            entry.approx += usize::from(row.qualifier == Qualifier::Approx);
            entry.qualifier = sum_qualifier([entry.qualifier, row.qualifier]);
        }
        companies.sort_by(|a, b| {
            (a.company.bloc, &a.company.name).cmp(&(b.company.bloc, &b.company.name))
        });
        Footing {
            companies,
            stated_anywhere: data.capex.iter().any(|c| c.basis.is_some()),
        }
    }

    /// The same footing, of the companies `keep` accepts.
    pub fn only(&self, keep: impl Fn(&Company) -> bool) -> Footing<'d> {
        Footing {
            companies: self
                .companies
                .iter()
                .filter(|c| keep(c.company))
                .cloned()
                .collect(),
            stated_anywhere: self.stated_anywhere,
        }
    }

    /// The qualifier a sum of all these figures carries.
    pub fn qualifier(&self) -> Qualifier {
        sum_qualifier(self.companies.iter().map(|c| c.qualifier))
    }

    /// The one basis every figure states, when they all state the same.
    pub fn one_basis(&self) -> Option<CapexBasis> {
        let bases: BTreeSet<Option<CapexBasis>> = self
            .companies
            .iter()
            .flat_map(|c| c.bases.iter().copied())
            .collect();
        match bases.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(basis)] => Some(*basis),
            _ => None,
        }
    }

    /// Whether the figures' bases need saying: the data states bases, and
    /// these figures do not all state the same one.
    pub fn bases_differ(&self) -> bool {
        self.stated_anywhere && !self.companies.is_empty() && self.one_basis().is_none()
    }
}

/// The qualifier of a sum of qualified figures: an estimate if any part is
/// one; otherwise more than the sum if any part is "more than", at least the
/// sum if any part is "at least"; exact when every part is.
pub fn sum_qualifier(parts: impl IntoIterator<Item = Qualifier>) -> Qualifier {
    let rank = |q: &Qualifier| match q {
        Qualifier::Exact => 0,
        Qualifier::AtLeast => 1,
        Qualifier::MoreThan => 2,
        Qualifier::Approx => 3,
    };
    parts
        .into_iter()
        .max_by_key(rank)
        .unwrap_or(Qualifier::Exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifier::*;

    #[test]
    fn a_sum_is_as_exact_as_its_least_exact_part() {
        assert_eq!(sum_qualifier([Exact, Exact]), Exact);
        assert_eq!(sum_qualifier([Exact, AtLeast]), AtLeast);
        // At least a plus more than b is more than a + b.
        assert_eq!(sum_qualifier([AtLeast, MoreThan, Exact]), MoreThan);
        // A bound plus an estimate bounds nothing: about.
        assert_eq!(sum_qualifier([MoreThan, Approx]), Approx);
        assert_eq!(sum_qualifier([]), Exact);
    }
}
