//! Charts drawn on several threads are the same bytes as drawn on one.

use std::path::PathBuf;

use aimarket::charts;
use aimarket::checked::load_checked;
use aimarket::config::DataConfig;
use aimarket::diagnostics::Diagnostics;
use aimarket::load::Split;
use aimarket::metrics;
use aimarket::model::Currency;

#[test]
fn the_number_of_drawing_threads_changes_no_byte() {
    let config = DataConfig {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        as_of: None,
        strict: false,
        progress: false,
        hashes: false,
        split: Split::for_this_machine(),
        focus: None,
    };
    let checked = load_checked(&config).unwrap();
    let mut diags = Diagnostics::new(false);
    let computed = metrics::compute(&checked.data, Currency::USD, checked.as_of, &mut diags);
    let inputs = charts::Inputs {
        data: &checked.data,
        metrics: &computed,
        top_products: charts::DEFAULT_TOP_PRODUCTS,
        focus: None,
    };
    let drawn_by = |workers: usize| {
        let (built, mut skipped) = charts::build_all(&inputs);
        let drawn = charts::draw(built, workers, &mut skipped);
        let svgs: Vec<(String, String, String)> = drawn
            .into_iter()
            .map(|d| (d.chart.name, d.svg, d.narrow_svg))
            .collect();
        (svgs, skipped.len())
    };
    let (one, skipped) = drawn_by(1);
    assert!(one.len() >= 10, "the shipped data has {} charts", one.len());
    assert_eq!(skipped, 0);
    for workers in [2, 3, 64] {
        assert_eq!(drawn_by(workers), (one.clone(), 0), "{workers} threads");
    }
}
