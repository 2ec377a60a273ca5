//! aimarket.toml, the project file: its settings reach the report, every flag
//! wins over it, its paths are relative to its folder, and every problem in it
//! is a diagnostic naming its line and key (status 1), never a panic.

mod common;

use std::fs;

use common::{Run, Workdir};

fn page(dir: &Workdir, path: &str) -> String {
    fs::read_to_string(dir.path().join(path)).unwrap()
}

fn first_line(run: &Run) -> &str {
    run.stdout.lines().next().unwrap_or("")
}

#[test]
fn the_file_sets_currency_out_data_and_title_and_flags_win() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "aimarket.toml",
        "currency = \"CNY\"\nout = \"report\"\ndata = \"data\"\ntitle = \"From the file\"\n",
    );
    let only = ["--metric", "revenue_conv", "--subject", "alibaba"];
    let from_file = dir.run(&[&["metrics"], &only[..]].concat());
    assert_eq!(from_file.status, 0, "{}", from_file.stderr);
    assert!(first_line(&from_file).ends_with(", converted figures in CNY"));
    let flagged = dir.run(&[&["metrics", "--currency", "USD"], &only[..]].concat());
    assert!(first_line(&flagged).ends_with(", converted figures in USD"));

    let built = dir.run(&["build", "-q"]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let report = page(&dir, "report/index.html");
    assert!(report.contains("<title>From the file</title>"));
    assert!(report.contains("Converted figures in CNY.</p>"));
    assert!(!dir.path().join("output").exists());

    let args = [
        "build",
        "-q",
        "--out",
        "flagged",
        "--title",
        "From the flag",
    ];
    let built = dir.run(&[&args[..], &["--currency", "USD"]].concat());
    assert_eq!(built.status, 0, "{}", built.stderr);
    let report = page(&dir, "flagged/index.html");
    assert!(report.contains("<h1>From the flag</h1>"));
    assert!(report.contains("Converted figures in USD.</p>"));

    dir.write_here("aimarket.toml", "data = \"elsewhere\"\n");
    let missing = dir.run(&["check"]);
    assert_eq!(missing.status, 3);
    assert_eq!(
        missing.stderr,
        "error: data folder elsewhere does not exist or is not a folder\n"
    );
    let flagged = dir.run(&["check", "--data", "data"]);
    assert_eq!(flagged.status, 0, "{}", flagged.stderr);
    assert!(flagged.stderr.contains(" in data as of "));
}

#[test]
fn paths_in_the_file_are_relative_to_its_folder() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "project/aimarket.toml",
        "data = \"../data\"\nout = \"site\"\n",
    );
    let check = dir.run(&["--config", "project/aimarket.toml", "check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(check.stderr.contains(" in project/../data as of "));
    let build = dir.run(&["build", "-q", "--config", "project/aimarket.toml"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(dir.path().join("project/site/index.html").is_file());
}

#[test]
fn sections_and_top_products_shape_the_page() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "aimarket.toml",
        "sections = [\"claims\", \"users\", \"summary\"]\ntop_products = 2\nauthor = \"The desk\"\n\
         subtitle = \"A second line\"\n",
    );
    let built = dir.run(&["build", "-q"]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let report = page(&dir, "output/index.html");
    let sections: Vec<&str> = report
        .split("<section id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(sections, ["claims", "users", "summary"]);
    // The charts of the sections left out are not drawn, nor their numbers written.
    let written = |path: &str| dir.path().join("output").join(path).exists();
    assert!(written("charts/users_mau.svg") && written("data/users_mau.csv"));
    for left_out in [
        "charts/revenue.svg",
        "data/revenue.csv",
        "charts/capex_by_bloc.svg",
    ] {
        assert!(!written(left_out), "{left_out}");
    }
    assert!(!page(&dir, "output/datapackage.json").contains("revenue.csv"));
    assert!(report.contains(
        "<p class=\"lede\">A second line</p>\n<p class=\"meta\">By The desk. As of 2026-05-13."
    ));
    // Two products by name, the other four averaged.
    let table = page(&dir, "output/data/users_mau.csv");
    let mut drawn: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    drawn.dedup();
    assert_eq!(
        drawn,
        ["gemini_app", "ernie_assistant", "Average of 4 others"]
    );
}

#[test]
fn base_url_reaches_the_templates() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "aimarket.toml",
        "base_url = \"https://example.org/ai/\"\ntemplates = \"look\"\n",
    );
    dir.write_here(
        "look/report.html",
        "{{ report.base_url }}|{{ report.title }}|{{ report.sections | join(sep=\",\") }}\n",
    );
    let built = dir.run(&["build", "-q"]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    assert_eq!(
        page(&dir, "output/index.html"),
        "https://example.org/ai/|The AI market: Alibaba Group and its peers|key-figures,summary,\
         changes,earnings,capex,targets,users,stacks,claims,provenance\n"
    );
}

/// Each bad file, and the one line `check` prints for it.
const PROBLEMS: [(&str, &str); 9] = [
    (
        "title = \"Report\"\n\ncolour = \"red\"\n",
        "error: aimarket.toml:3: colour: unknown key, expected one of: title, subtitle, focus, \
         author, base_url, currency, data, out, templates, sections, top_products",
    ),
    (
        "# the page\ntitle = 42\n",
        "error: aimarket.toml:2: title: expected a string, found integer `42`",
    ),
    (
        "top_products = \"seven\"\n",
        "error: aimarket.toml:1: top_products: expected a whole number, found string \"seven\"",
    ),
    (
        "title = \"Report\"\nbase_url = \"example.org/report\"\n",
        "error: aimarket.toml:2: base_url: expected an http:// or https:// address, found \
         \"example.org/report\"",
    ),
    (
        "base_url = \"https://example.org:99999/ai/\"\n",
        "error: aimarket.toml:1: base_url: expected an http:// or https:// address with a port \
         from 1 to 65535 (found \"99999\"), found \"https://example.org:99999/ai/\"",
    ),
    (
        "base_url = \"https://example.org/\\\"><script>\"\n",
        "error: aimarket.toml:1: base_url: expected an http:// or https:// address written with \
         the characters of RFC 3986 (percent-encode '\"'), found \"https://example.org/\\\"><script>\"",
    ),
    (
        "sections = [\n  \"summary\",\n  \"earning\",\n]\n",
        "error: aimarket.toml:3: sections: unknown section \"earning\", expected one of: \
         key-figures, summary, changes, earnings, capex, targets, users, stacks, claims, provenance",
    ),
    (
        "\n\ntop_products = 0\n",
        "error: aimarket.toml:3: top_products: expected a whole number from 1 to 20, found 0",
    ),
    (
        "title = \"Report\"\nfocus = \"alibab\"\n",
        "error: aimarket.toml:2: focus: expected the id of a company in companies.csv, found \
         \"alibab\"",
    ),
];

#[test]
fn every_problem_of_the_file_is_a_diagnostic_at_its_line() {
    let dir = Workdir::shipped_data();
    for (text, line) in PROBLEMS {
        dir.write_here("aimarket.toml", text);
        for command in [&["check"][..], &["build", "-q"]] {
            let run = dir.run(command);
            assert_eq!(run.status, 1, "{command:?} {text:?}: {}", run.stderr);
            assert_eq!(run.problems(), [line], "{command:?} {text:?}");
        }
    }
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_config_file_that_is_not_there_is_a_failure() {
    let dir = Workdir::shipped_data();
    let run = dir.run(&["check", "--config", "nope.toml"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: cannot read project file nope.toml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn a_focus_on_a_company_whose_row_has_problems_is_reported_once() {
    let dir = Workdir::shipped_data();
    dir.write_here("aimarket.toml", "focus = \"tencent\"\n");
    let companies = std::fs::read_to_string(dir.data().join("companies.csv")).unwrap();
    let broken = companies.replace("\ntencent,Tencent,china,", "\ntencent,Tencent,mars,");
    assert_ne!(broken, companies);
    dir.write("companies.csv", &broken);
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    // The row's own problem; not again as an unknown focus.
    assert_eq!(
        run.problems(),
        ["error: data/companies.csv:3: bloc: expected western or china, found \"mars\""]
    );
}

#[test]
fn problems_of_the_file_print_in_the_form_the_command_asked_for() {
    let dir = Workdir::shipped_data();
    dir.write_here("aimarket.toml", "\n\ntop_products = 0\n");
    let github = "::error file=aimarket.toml,line=3,title=top_products::expected a whole number \
                  from 1 to 20, found 0";
    let run = dir.run(&["check", "--format", "github"]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (1, &*format!("{github}\n"))
    );
    // On GitHub Actions, build's default form.
    let run = dir.run_env(&["build", "-q"], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (1, &*format!("{github}\n"))
    );
    // check --format json: SPEC 2's object on standard output, nothing else.
    let run = dir.run(&["check", "--format", "json"]);
    assert_eq!((run.status, run.stderr.as_str()), (1, ""));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "errors": [{
                "file": "aimarket.toml",
                "line": 3,
                "column": "top_products",
                "message": "expected a whole number from 1 to 20, found 0"
            }],
            "warnings": []
        })
    );
}

#[test]
fn an_aimarket_toml_that_cannot_be_read_is_not_passed_over() {
    let dir = Workdir::shipped_data();
    std::fs::create_dir(dir.path().join("aimarket.toml")).unwrap();
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: cannot read project file aimarket.toml: Is a directory (os error 21)\n"
    );
}

#[test]
fn every_problem_of_the_file_is_reported_at_once() {
    let dir = Workdir::shipped_data();
    dir.write_here(
        "aimarket.toml",
        "top_products = 0\ntitle = 42\ncolour = 1\nsections = \"summary\"\n",
    );
    let run = dir.run(&["check"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            "error: aimarket.toml:1: top_products: expected a whole number from 1 to 20, found 0",
            "error: aimarket.toml:2: title: expected a string, found integer `42`",
            "error: aimarket.toml:3: colour: unknown key, expected one of: title, subtitle, focus, \
             author, base_url, currency, data, out, templates, sections, top_products",
            "error: aimarket.toml:4: sections: expected a list of section ids, found string \"summary\"",
        ]
    );
}
