//! The references in `docs/` are written from the declarations (the data
//! files' columns, the metrics): each generated part must be what the code
//! writes today. `AIMARKET_UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use std::path::Path;

use aimarket::package::{data_files_markdown, metrics_markdown};

const BEGIN: &str = "<!-- generated: begin (AIMARKET_UPDATE_DOCS=1 cargo test --test docs) -->\n";
const END: &str = "<!-- generated: end -->\n";

/// Checks (or with `AIMARKET_UPDATE_DOCS` set, rewrites) the generated part
/// of a file of `docs/`.
fn generated_part(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(BEGIN).expect("a begin marker") + BEGIN.len();
    let end = text.find(END).expect("an end marker");
    let expected = format!("\n{generated}");
    if std::env::var_os("AIMARKET_UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &text[..start], &text[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        text[start..end] == expected,
        "docs/{file} is not what the declarations say: run AIMARKET_UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn the_data_files_reference_is_the_declarations() {
    generated_part("data-files.md", &data_files_markdown());
}

#[test]
fn the_metrics_reference_is_the_declarations() {
    generated_part("metrics.md", &metrics_markdown());
}
