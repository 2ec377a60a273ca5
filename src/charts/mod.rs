//! The charts of the report, built from the metrics (SPEC section 6).
//!
//! Each chart function turns metric rows (and, for users, the observations)
//! into a `Figure`, a description for screen readers and the table of the
//! numbers it shows; or says why it has nothing to draw. `chart.rs` and
//! `table.rs` hold what a chart is, `inputs.rs` what chart functions read,
//! `words.rs` the words around a chart, `prepare.rs` the data hygiene,
//! `file_name.rs` the names of the files a chart made from data text is written
//! to, and `draw/` the look and the drawing.

mod adoption;
mod adoption_words;
mod blocs;
mod campaigns;
mod capex;
mod chart;
mod clouds;
mod counted;
mod draw;
mod earnings;
mod file_name;
mod goal_words;
mod goals;
mod inputs;
mod intensity;
mod lead;
mod prepare;
mod quarterly;
mod stacks;
mod table;
mod words;

pub use chart::{Built, Chart, Drawn, Section, Skipped};
pub use draw::{dark_style, svg_text_box, theme, EventKey, Figure, TextBox};
pub use inputs::{Inputs, DEFAULT_TOP_PRODUCTS};
pub use table::{Cell, DataTable};

/// Charts left out without a note when their data is not there.
const OPTIONAL: [&str; 2] = ["lead", "cloud_growth"];

/// A chart function, by the name used when it is skipped.
type ChartFn = (&'static str, fn(&Inputs) -> Built);

/// Every chart, in report order, and the ones skipped with their reasons.
pub fn build_all(inputs: &Inputs) -> (Vec<Chart>, Vec<Skipped>) {
    let functions: [ChartFn; 14] = [
        ("lead", lead::lead),
        ("revenue", earnings::revenue),
        ("cloud_growth", clouds::cloud_growth),
        ("revenue_surprise", earnings::surprise),
        ("operating_margin", earnings::margin),
        ("capex_by_company", capex::capex_by_company),
        ("capex_by_bloc", blocs::capex_by_bloc),
        ("capex_intensity", intensity::capex_intensity),
        ("commitment_pace", goals::commitment_pace),
        ("target_path", goals::target_paths),
        ("users", adoption::users),
        ("campaign_cost", campaigns::campaign_cost),
        ("stack_coverage", stacks::stack_coverage),
        ("stack_players", stacks::stack_players),
    ];
    let mut charts = Vec::new();
    let mut skipped = Vec::new();
    for (name, function) in functions {
        match function(inputs) {
            // The lead chart and the clouds compared are there when the data
            // tells their story (a focus with a cloud; two clouds); no note otherwise.
            Ok(built) if built.is_empty() && OPTIONAL.contains(&name) => {}
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

/// Draws every chart, spread over `workers` threads; one that cannot be drawn
/// joins the skipped with its reason. Each chart is drawn on its own, so the
/// bytes do not depend on the number of threads.
pub fn draw(charts: Vec<Chart>, workers: usize, skipped: &mut Vec<Skipped>) -> Vec<Drawn> {
    let svgs = |chart: &Chart| chart.svg().and_then(|svg| Ok((svg, chart.narrow_svg()?)));
    let per_worker = charts.len().div_ceil(workers.max(1)).max(1);
    let results: Vec<_> = std::thread::scope(|scope| {
        let threads: Vec<_> = charts
            .chunks(per_worker)
            .map(|part| scope.spawn(move || part.iter().map(svgs).collect::<Vec<_>>()))
            .collect();
        threads
            .into_iter()
            .flat_map(|thread| thread.join().expect("drawing a chart does not panic"))
            .collect()
    });
    let mut drawn = Vec::new();
    for (chart, result) in charts.into_iter().zip(results) {
        match result {
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
