//! Stack metrics: how many players each bloc has in each layer of each stack,
//! and how many layers of a stack each company appears in.

use std::collections::{BTreeMap, BTreeSet};

use super::inputs::Inputs;
use super::row::Rows;
use crate::model::{Choice, Metric, Period, Unit};

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
            Metric::StackPlayers,
            layer,
            Some(bloc),
            Period::Stack(stack.to_string()),
            Some(count as f64),
            Unit::Count,
            [],
        );
    }
    for ((company, stack), set) in layers {
        out.push(
            Metric::CompanyStackLayers,
            company,
            Some(stack),
            Period::None,
            Some(set.len() as f64),
            Unit::Count,
            [],
        );
    }
}
