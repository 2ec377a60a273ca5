//! How the command line and aimarket.toml resolve into a `Config`.

use super::*;
use clap::Parser;

fn config(args: &[&str]) -> Result<Config> {
    Config::from_cli(&Cli::try_parse_from(args).unwrap())
}

#[test]
fn a_templates_folder_that_does_not_exist_is_refused() {
    let error = config(&["aimarket", "build", "--templates", "no/such/folder"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "templates folder no/such/folder does not exist"
    );
}

#[test]
fn templates_default_to_the_folder_in_the_current_one() {
    // Tests run in the package folder, which has `templates`.
    let Task::Build(build) = config(&["aimarket", "build"]).unwrap().task else {
        panic!("build")
    };
    assert_eq!(build.templates, Some(PathBuf::from("templates")));
}

#[test]
fn check_hashes_nothing_and_quiet_shows_no_bar() {
    let check = config(&["aimarket", "check"]).unwrap();
    assert!(!check.data.hashes);
    assert_eq!(check.verbosity, Verbosity::Normal);
    let quiet = config(&["aimarket", "build", "-q"]).unwrap();
    assert!(quiet.data.hashes && !quiet.data.progress);
    assert_eq!(quiet.verbosity, Verbosity::Quiet);
    let verbose = config(&["aimarket", "build", "-v"]).unwrap();
    assert_eq!(verbose.verbosity, Verbosity::Verbose);
}

#[test]
fn serve_watches_the_data_and_templates_folders() {
    let Task::Serve(serve) = config(&["aimarket", "serve", "--port", "0"]).unwrap().task else {
        panic!("serve")
    };
    assert_eq!(serve.address, "127.0.0.1:0".parse().unwrap());
    assert_eq!(
        serve.watched,
        [PathBuf::from("data"), PathBuf::from("templates")]
    );
    assert_eq!(serve.report.templates, Some(PathBuf::from("templates")));
    assert!(!serve.open && !serve.report.png);
}

#[test]
fn github_actions_makes_workflow_commands_the_default_form() {
    let github = DiagnosticsFormat::Github;
    assert_eq!(or_github(None, false, github), DiagnosticsFormat::Text);
    assert_eq!(or_github(None, true, github), github);
    let text = Some(DiagnosticsFormat::Text);
    assert_eq!(or_github(text, true, github), DiagnosticsFormat::Text);
    let json = Some(CheckFormat::Json);
    assert_eq!(
        or_github(json, true, CheckFormat::Github),
        CheckFormat::Json
    );
}

#[test]
fn no_metric_or_subject_named_means_all() {
    let all = Selection::default();
    assert!(all.wants(Metric::RevenueConv, "alibaba"));
    let some = Selection {
        metrics: vec![Metric::RevenueConv],
        subjects: vec!["alibaba".into(), "tencent".into()],
    };
    assert!(some.wants(Metric::RevenueConv, "tencent"));
    assert!(!some.wants(Metric::CapexConv, "tencent"));
    assert!(!some.wants(Metric::RevenueConv, "baidu"));
}

#[test]
fn base_url_is_a_flag_of_build_and_serve() {
    let url = "https://example.org/ai/";
    let Task::Build(build) = config(&["aimarket", "build", "--base-url", url])
        .unwrap()
        .task
    else {
        panic!("build")
    };
    assert_eq!(build.page.base_url.as_deref(), Some(url));
    let serve = config(&["aimarket", "serve", "--base-url", url]).unwrap();
    let Task::Serve(serve) = serve.task else {
        panic!("serve")
    };
    assert_eq!(serve.report.page.base_url.as_deref(), Some(url));
    // The shipped aimarket.toml names no address.
    let Task::Build(build) = config(&["aimarket", "build"]).unwrap().task else {
        panic!("build")
    };
    assert_eq!(build.page.base_url, None);
    let refused = Cli::try_parse_from(["aimarket", "build", "--base-url", "ftp://example.org"]);
    assert!(refused.is_err());
}
