//! The HTML report: its content gathered (`context.rs`) into the structs
//! templates see (`view.rs`), generated key figures and sentences
//! (`key_figures.rs`, `summary.rs`), and rendering with tera.
//!
//! The templates and the stylesheet are embedded in the binary. A folder of
//! templates (`--templates DIR`, else `./templates` when it exists) overrides
//! them file by file; a file missing from it falls back to the embedded copy.

mod changes;
mod claim_review;
mod context;
mod focus;
mod key_figures;
mod leaders;
mod lede;
mod provenance;
mod same_day;
mod share;
mod single_counts;
mod summary;
mod tally;
mod target_sentences;
mod target_table;
mod verdicts;
mod view;

pub use focus::focus_company;

use std::path::Path;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tera::{Kwargs, State, Tera, TeraResult};

pub use context::build;
pub use share::{image_file, shared_chart};
pub use view::{Inputs, Previous, Report};

use crate::format;

/// Every template by name, with its embedded copy. Names end in `.html` so tera
/// escapes what they print.
pub const TEMPLATES: [(&str, &str); 12] = [
    ("report.html", include_str!("../../templates/report.html")),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "partials/key_figures.html",
        include_str!("../../templates/partials/key_figures.html"),
    ),
    (
        "partials/summary.html",
        include_str!("../../templates/partials/summary.html"),
    ),
    (
        "partials/changes.html",
        include_str!("../../templates/partials/changes.html"),
    ),
    (
        "partials/earnings.html",
        include_str!("../../templates/partials/earnings.html"),
    ),
    (
        "partials/capex.html",
        include_str!("../../templates/partials/capex.html"),
    ),
    (
        "partials/targets.html",
        include_str!("../../templates/partials/targets.html"),
    ),
    (
        "partials/users.html",
        include_str!("../../templates/partials/users.html"),
    ),
    (
        "partials/stacks.html",
        include_str!("../../templates/partials/stacks.html"),
    ),
    (
        "partials/claims.html",
        include_str!("../../templates/partials/claims.html"),
    ),
    (
        "partials/provenance.html",
        include_str!("../../templates/partials/provenance.html"),
    ),
];

/// The stylesheet, inlined into the page.
pub const STYLESHEET: (&str, &str) = ("style.css", include_str!("../../templates/style.css"));

/// A file from the override folder, or the embedded copy.
fn load(dir: Option<&Path>, name: &str, embedded: &str) -> Result<String> {
    match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
        Some(path) => std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read template {}", path.display())),
        None => Ok(embedded.to_string()),
    }
}

/// The number filters the templates share with the charts and sentences.
fn register_filters(tera: &mut Tera) {
    tera.register_filter("pct", |v: f64, _: Kwargs, _: &State| format::pct(v));
    tera.register_filter("count", |v: f64, _: Kwargs, _: &State| format::count(v));
    tera.register_filter("ratio", |v: f64, _: Kwargs, _: &State| format::ratio(v));
    tera.register_filter(
        "money",
        |v: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let currency: &str = kwargs.must_get("currency")?;
            Ok(format::money_mn(v, currency))
        },
    );
    tera.register_filter(
        "by_unit",
        |v: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let unit: &str = kwargs.must_get("unit")?;
            Ok(format::by_unit(v, unit))
        },
    );
}

/// A Content-Security-Policy that allows nothing but the page's own stylesheet
/// (by its hash) and images inside the page.
pub fn content_security_policy(css: &str) -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(css)
    )
}

/// The hash by which a Content-Security-Policy allows an inline style or
/// script, `'sha256-HASH'`: the base64 of the SHA-256 of its text.
pub fn csp_hash(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// Renders `index.html`. A template that fails names itself and its line.
pub fn render(report: &Report, templates: Option<&Path>) -> Result<String> {
    let mut tera = Tera::new();
    register_filters(&mut tera);
    // Added together: includes are resolved when templates are added.
    let mut sources = Vec::new();
    for (name, embedded) in TEMPLATES {
        sources.push((name, load(templates, name, embedded)?));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
        .map_err(template_error)?;
    let css = load(templates, STYLESHEET.0, STYLESHEET.1)? + &report.chart_style;
    let mut context = tera::Context::new();
    context.insert("report", report);
    context.insert("csp", &content_security_policy(&css));
    context.insert("css", &css);
    tera.render("report.html", &context).map_err(template_error)
}

/// tera's message, which names the template, line and column, said once as
/// a template error (tera starts its own with `error: `).
fn template_error(error: tera::Error) -> anyhow::Error {
    let text = error.to_string();
    anyhow::anyhow!(
        "template error: {}",
        text.strip_prefix("error: ").unwrap_or(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_hashes_the_stylesheet() {
        // SHA-256 of "" in base64.
        assert_eq!(
            content_security_policy(""),
            "default-src 'none'; style-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; \
             img-src data:; base-uri 'none'; form-action 'none'"
        );
    }

    #[test]
    fn filters_format_like_the_charts() {
        let mut tera = Tera::new();
        register_filters(&mut tera);
        tera.add_raw_template(
            "t.html",
            "{{ a | money(currency=\"CNY\") }} {{ b | pct }} {{ c | count }} {{ d | by_unit(unit=\"USD mn\") }} {{ e | ratio }}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("a", &284_843.0);
        context.insert("b", &-74.17);
        context.insert("c", &73_520_000.0);
        context.insert("d", &40_732.0);
        context.insert("e", &0.8196);
        assert_eq!(
            tera.render("t.html", &context).unwrap(),
            "RMB 284.8B -74.2% 73.5M $40.7B 0.82x"
        );
    }
}
