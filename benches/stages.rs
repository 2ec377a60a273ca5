//! Each stage of `build` on the shipped data: `cargo bench`. The large-data
//! measurements (1, 3 and 10 million users rows against polars' CSV reader)
//! are `scripts/bench.sh`.

use std::hint::black_box;
use std::path::PathBuf;

use aimarket::charts::{self, Inputs};
use aimarket::checked::load_checked;
use aimarket::config::{DataConfig, PageConfig};
use aimarket::diagnostics::Diagnostics;
use aimarket::load::Split;
use aimarket::metrics;
use aimarket::model::Currency;
use aimarket::report;
use criterion::{criterion_group, criterion_main, Criterion};

fn config() -> DataConfig {
    DataConfig {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        as_of: None,
        strict: false,
        progress: false,
        hashes: true,
        split: Split::for_this_machine(),
        focus: None,
    }
}

fn stages(c: &mut Criterion) {
    let config = config();
    c.bench_function("load and validate", |b| {
        b.iter(|| load_checked(black_box(&config)).unwrap())
    });

    let checked = load_checked(&config).unwrap();
    c.bench_function("metrics", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new(false);
            metrics::compute(
                black_box(&checked.data),
                Currency::USD,
                checked.as_of,
                &mut diags,
            )
        })
    });

    let mut diags = Diagnostics::new(false);
    let computed = metrics::compute(&checked.data, Currency::USD, checked.as_of, &mut diags);
    let inputs = Inputs {
        data: &checked.data,
        metrics: &computed,
        top_products: charts::DEFAULT_TOP_PRODUCTS,
        focus: None,
    };
    c.bench_function("charts (built and drawn)", |b| {
        b.iter(|| {
            let (built, mut skipped) = charts::build_all(black_box(&inputs));
            charts::draw(built, 1, &mut skipped)
        })
    });

    let (built, mut skipped) = charts::build_all(&inputs);
    let drawn = charts::draw(built, 1, &mut skipped);
    c.bench_function("report (view and HTML)", |b| {
        b.iter(|| {
            let page = report::build(&report::Inputs {
                data: &checked.data,
                metrics: &computed,
                charts: &drawn,
                skipped: &skipped,
                warnings: Vec::new(),
                page: &PageConfig::default(),
                previous: None,
            });
            report::render(black_box(&page), None).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = stages
}
criterion_main!(benches);
