//! Stack metrics: how many players each bloc has in each layer of each stack,
//! and how many layers of a stack each company appears in.

use std::collections::{BTreeMap, BTreeSet};

use super::{Inputs, Rows};
use crate::model::Choice;

pub fn rows(ctx: &Inputs, out: &mut Rows) {
    let mut players: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    let mut layers: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for s in &ctx.data.stack {
        *players
            .entry((s.layer.as_str(), s.bloc.name(), s.stack.as_str()))
            .or_default() += 1;
        if let Some(company) = &s.company {
            layers
                .entry((company.as_str(), s.stack.as_str()))
                .or_default()
                .insert(s.layer.as_str());
        }
    }
    for ((layer, bloc, stack), count) in players {
        out.push(
            "stack_players",
            layer,
            Some(bloc),
            Some(stack),
            Some(count as f64),
            "count",
            [],
        );
    }
    for ((company, stack), set) in layers {
        out.push(
            "company_stack_layers",
            company,
            Some(stack),
            None,
            Some(set.len() as f64),
            "count",
            [],
        );
    }
}
