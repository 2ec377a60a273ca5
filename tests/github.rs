//! Problems as GitHub Actions workflow commands: `check --format github`,
//! `build` and `metrics --diagnostics github`, the default when
//! GITHUB_ACTIONS=true, and the escaping of `%`, line breaks, `:` and `,`.

mod common;

use std::fs;

use common::Workdir;

/// Extra environment variables of a run.
type Env<'a> = &'a [(&'a str, &'a str)];

const BAD_REVENUE: &str = r#"::error file=data/earnings.csv,line=3,col=6,title=revenue::expected a number >= 0, found "n/a""#;
const UNKNOWN_REMARKS: &str =
    r#"::warning file=data/events.csv::unknown column "remarks" (ignored)"#;

#[test]
fn check_prints_a_command_per_problem_then_the_summary() {
    // `revenue` is the 6th column of the fixture's earnings.csv header.
    let run = Workdir::fixture("bad_number").check(&["--format", "github"]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "{BAD_REVENUE}\nchecked 4 files (7 rows) in data as of 2025-09-30: 1 error, 0 warnings\n"
        )
    );
}

#[test]
fn a_file_level_warning_has_no_line_and_strict_makes_it_an_error() {
    let dir = Workdir::fixture("unknown_column");
    let run = dir.check(&["--format", "github"]);
    assert_eq!(run.status, 0);
    assert_eq!(run.problems(), [UNKNOWN_REMARKS]);
    let strict = dir.check(&["--format", "github", "--strict"]);
    assert_eq!(strict.status, 1);
    assert_eq!(
        strict.problems(),
        [r#"::error file=data/events.csv::unknown column "remarks" (ignored)"#]
    );
}

#[test]
fn github_is_the_default_on_github_actions_and_a_format_given_wins() {
    let dir = Workdir::fixture("bad_number");
    let on_actions = [("GITHUB_ACTIONS", "true")];
    let cases: [(&[&str], Env); 5] = [
        (&["check"], &on_actions),
        (&["metrics"], &on_actions),
        (&["build", "--out", "report"], &on_actions),
        (&["metrics", "--diagnostics", "github"], &[]),
        (&["build", "-q", "--diagnostics", "github"], &[]),
    ];
    for (args, env) in cases {
        let run = dir.run_env(args, env);
        assert_eq!(run.status, 1, "{args:?}");
        assert_eq!(run.problems(), [BAD_REVENUE], "{args:?}");
    }
    let text = r#"error: data/earnings.csv:3: revenue: expected a number >= 0, found "n/a""#;
    for args in [
        &["check", "--format", "text"][..],
        &["metrics", "--diagnostics", "text"],
        &["build", "--diagnostics", "text"],
    ] {
        let run = dir.run_env(args, &on_actions);
        assert_eq!(run.status, 1, "{args:?}");
        assert_eq!(run.problems(), [text], "{args:?}");
    }
    // Only the value GitHub sets counts; JSON stays JSON.
    let other = dir.run_env(&["check"], &[("GITHUB_ACTIONS", "false")]);
    assert_eq!(other.problems(), [text]);
    let json = dir.run_env(&["check", "--format", "json"], &on_actions);
    assert_eq!(json.stderr, "");
    assert!(
        json.stdout.starts_with("{\n  \"errors\": [\n"),
        "{}",
        json.stdout
    );
}

#[test]
fn build_annotates_warnings_and_the_report_keeps_the_text_form() {
    let dir = Workdir::fixture("unknown_column");
    let run = dir.run_env(&["build", "--out", "report"], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr.lines().next(), Some(UNKNOWN_REMARKS));
    let html = fs::read_to_string(dir.path().join("report/index.html")).unwrap();
    assert!(html.contains("<li>warning: events.csv: unknown column &quot;remarks&quot; (ignored)"));
}

#[test]
fn percent_line_breaks_colons_and_commas_in_the_data_are_escaped() {
    // stack.csv's 5th column is named `note: a,b%` LF `c` (quoted, over two
    // lines), so the records start at lines 3, 4 and 5. The title is a
    // property: `:`, `,`, `%` and LF escaped; messages escape `%` only (the
    // message itself writes the LF of the name as `\n`).
    let run = Workdir::fixture("github_escaping").check(&["--format", "github"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems(),
        [
            r#"::warning file=data/stack.csv::unknown column "note: a,b%25\nc" (ignored)"#,
            "::error file=data/stack.csv,line=4::more than one row for (agents, a,b: 50%25, china, alibaba); first at line 3",
            "::error file=data/stack.csv,line=5,col=5,title=note%3A a%2Cb%25%0Ac::expected UTF-8 text, found invalid bytes in \"\u{FFFD}\"",
        ]
    );
}

#[test]
fn the_file_property_and_the_cap_line_escape_the_data_folder() {
    // 51 bad values in users.csv: 50 shown, then the cap line, whose message
    // names the folder with its LF as %0A but its `:` and `,` as they are.
    let dir = Workdir::fixture("base");
    let folder = "d%a,t:a\nx";
    let data = dir.path().join(folder);
    fs::rename(dir.data(), &data).unwrap();
    let mut users = String::from("product,date,metric,value,qualifier,source\n");
    for i in 0..51 {
        users += &format!("qwen_app,2026-01-14,m{i},n/a,,n1\n");
    }
    fs::write(data.join("users.csv"), users).unwrap();
    let run = dir.run(&["check", "--format", "github", "--data", folder]);
    assert_eq!(run.status, 1);
    // The summary line after them names the folder as it is.
    let lines: Vec<&str> = run.stderr.lines().take(51).collect();
    assert_eq!(
        lines[0],
        r#"::error file=d%25a%2Ct%3Aa%0Ax/users.csv,line=2,col=4,title=value::expected a number >= 0, found "n/a""#
    );
    assert_eq!(
        lines[49],
        r#"::error file=d%25a%2Ct%3Aa%0Ax/users.csv,line=51,col=4,title=value::expected a number >= 0, found "n/a""#
    );
    assert_eq!(
        lines[50],
        "::error file=d%25a%2Ct%3Aa%0Ax/users.csv::... and 1 more in d%25a,t:a%0Ax/users.csv"
    );
}

#[test]
fn the_text_form_keeps_a_column_name_with_a_line_break_on_one_line() {
    let run = Workdir::fixture("github_escaping").check(&[]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.problems()[2],
        "error: data/stack.csv:5: note: a,b%\\nc: expected UTF-8 text, found invalid bytes in \"\u{FFFD}\""
    );
}
