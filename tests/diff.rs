//! `aimarket diff` on hand-written metrics.json files whose every change is
//! known: the exact Markdown, the JSON fields, and the exit statuses.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Workdir;

fn fixture(side: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(side)
        .to_string_lossy()
        .into_owned()
}

fn workdir() -> Workdir {
    Workdir::fixture("base")
}

/// Worked out by hand from the fixtures: revenue growth 5.0% -> 6.2% is
/// 1.2 pp, 24% of the old value; capex 15,000 -> 14,250 is -750 (5%); the pace
/// 1.04 -> 0.99 is -0.05 (4.8%); revenue 40,000 -> 41,200 is +1,200 (3%). The
/// margin is the same on both sides; the users row moved to another day, so
/// one row is new and one gone.
const MARKDOWN: &str = "\
## 4 metric rows changed, 1 new, 1 gone; 1 claim verdict changed; 3 input files changed

The as-of day changed from 2026-02-28 to 2026-03-31.

### Changed

Largest first: by the change relative to the old value, |new - old| / |old| (a change from zero first).

| metric | subject | segment | period | old | new | change |
|---|---|---|---|--:|--:|--:|
| revenue_yoy_pct | alibaba | total | FY2026Q3 | 5.0% | 6.2% | +1.2 pp |
| capex_conv | alibaba | actual | FY2025 | $15.0B | $14.3B | -$750M (-5.0%) |
| target_pace_ratio | baba_ai_infra_3y |  | 2026-01-31 | 1.04x | 0.99x | -0.05x |
| revenue_conv | alibaba | total | FY2026Q3 | $40.0B | $41.2B | +$1.2B (+3.0%) |

### New

| metric | subject | segment | period | value |
|---|---|---|---|--:|
| users_latest | qwen_app | mau | 2026-02-28 | 120.0M |

### Gone

| metric | subject | segment | period | value |
|---|---|---|---|--:|
| users_latest | qwen_app | mau | 2026-01-31 | 100.0M |

### Claim verdicts

| claim | old | new |
|---|---|---|
| rev_usd_fy2026q3 | fails | holds |

### Input files

| file | change |
|---|---|
| earnings.csv | changed |
| events.csv | gone |
| targets.csv | new |
";

#[test]
fn markdown_of_known_changes() {
    // A report folder on one side, a metrics.json on the other.
    let run = workdir().run(&[
        "diff",
        &fixture("old"),
        &format!("{}/metrics.json", fixture("new")),
        "--format",
        "markdown",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, MARKDOWN);
}

#[test]
fn text_is_the_default_and_lists_the_same() {
    let run = workdir().run(&["diff", &fixture("old"), &fixture("new")]);
    assert_eq!(run.status, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "4 metric rows changed, 1 new, 1 gone; 1 claim verdict changed; 3 input files changed"
    );
    assert_eq!(
        lines[5],
        "revenue_yoy_pct    alibaba           total    FY2026Q3      5.0%    6.2%         +1.2 pp"
    );
    assert!(
        lines.contains(&"rev_usd_fy2026q3  fails  holds"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_in_full() {
    let run = workdir().run(&["diff", &fixture("old"), &fixture("new"), "--format", "json"]);
    assert_eq!(run.status, 0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["old"]["as_of"], "2026-02-28");
    assert_eq!(json["new"]["as_of"], "2026-03-31");
    assert_eq!(json["new"]["currency"], "USD");
    assert_eq!(json["new"]["metrics"], 6);
    let changed = json["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 4);
    assert_eq!(changed[1]["metric"], "capex_conv");
    assert_eq!(changed[1]["segment"], "actual");
    assert_eq!(changed[1]["unit"], "USD mn");
    assert_eq!(changed[1]["old"], 15000.0);
    assert_eq!(changed[1]["new"], 14250.0);
    assert_eq!(changed[1]["difference"], -750.0);
    assert_eq!(changed[1]["relative_pct"], -5.0);
    assert_eq!(changed[2]["segment"], serde_json::Value::Null);
    assert_eq!(json["added"][0]["period"], "2026-02-28");
    assert_eq!(json["added"][0]["value"], 120000000.0);
    assert_eq!(json["removed"][0]["period"], "2026-01-31");
    assert_eq!(json["not_compared"].as_array().unwrap().len(), 0);
    assert_eq!(
        json["claims"],
        serde_json::json!([{"id": "rev_usd_fy2026q3", "old": "fails", "new": "holds"}])
    );
    let inputs = json["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 3);
    assert_eq!(inputs[1]["file"], "events.csv");
    assert_eq!(inputs[1]["change"], "removed");
    assert_eq!(inputs[1]["new_sha256"], serde_json::Value::Null);
    assert_eq!(inputs[2]["change"], "added");
}

#[test]
fn the_same_report_has_no_changes_and_exits_0() {
    let run = workdir().run(&[
        "diff",
        &fixture("new"),
        &fixture("new"),
        "--format",
        "markdown",
    ]);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stdout,
        "## No changes\n\nBoth sides: as of 2026-03-31, converted figures in USD, \
         6 metric rows, 2 claims, 3 input files.\n"
    );
}

#[test]
fn an_unreadable_side_exits_3_naming_the_file_and_the_problem() {
    let work = workdir();
    let at = |name: &str| -> PathBuf { work.path().join(name) };
    fs::create_dir(at("empty")).unwrap();
    fs::write(at("bad.json"), "{\n  \"as_of\": ,\n}\n").unwrap();
    fs::write(at("other.json"), "{\"as_of\": null}").unwrap();
    fs::write(at("list.json"), "[]").unwrap();
    let cases = [
        (
            "empty",
            "error: empty: not a report folder (it has no metrics.json)",
        ),
        (
            "bad.json",
            "error: bad.json: bad JSON at line 2, column 12: expected value",
        ),
        (
            "other.json",
            "error: other.json: not a metrics.json: missing field `currency` at line 1, column 15",
        ),
        (
            "list.json",
            "error: list.json: not a metrics.json: expected an object with as_of, currency, \
             inputs, metrics and claims",
        ),
        (
            "missing.json",
            "error: missing.json: no such file or folder",
        ),
    ];
    for (side, message) in cases {
        // Either side: the old one read first, the new one too.
        for args in [[side, &fixture("new")], [&fixture("new"), side]] {
            let run = work.run(&["diff", args[0], args[1]]);
            assert_eq!(run.status, 3, "{side}");
            assert_eq!(run.stdout, "");
            assert_eq!(run.stderr.trim_end(), message);
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    let work = workdir();
    assert_eq!(work.run(&["diff", &fixture("old")]).status, 2);
    let run = work.run(&["diff", "a", "b", "--format", "html"]);
    assert_eq!(run.status, 2);
}
