//! `serve` run for real: the report served, rebuilt when a data file changes,
//! the problems shown while the data is invalid, the report again once fixed;
//! Ctrl-C stops it with status 0; a port in use is status 3. With a base URL,
//! the page's preview tags and picture are served as `build` writes them.
#![cfg(unix)]

mod common;

use common::server::Server;
use common::Workdir;

#[test]
fn serves_rebuilds_shows_problems_and_stops_cleanly() {
    let workdir = Workdir::shipped_data();
    let server = Server::start(&workdir, &["--data", "data"]);

    let (status, content_type, index) = server.get("/");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(index.contains("<title>The AI market: Alibaba Group and its peers</title>"));
    // The served copy alone carries the reload script, and its policy allows it.
    assert!(index.contains("<script data-generation=\"1\">"));
    assert!(index.contains("script-src &#39;sha256-"));
    let built = workdir.run(&["build", "-q", "--out", "out"]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let written = std::fs::read_to_string(workdir.path().join("out/index.html")).unwrap();
    assert!(!written.contains("<script data-generation"));
    assert_eq!(written.matches("<script").count(), 1, "the JSON-LD alone");

    let (status, content_type, svg) = server.get("/charts/capex_by_bloc.svg");
    assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"));
    assert!(svg.starts_with("<svg"), "{svg:.40}");
    let (status, content_type, _) = server.get("/metrics.json");
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let (status, content_type, csv) = server.get("/metrics.csv");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/csv; charset=utf-8")
    );
    assert!(csv.starts_with("metric,"), "{csv:.40}");
    assert_eq!(server.get("/nothing.html").0, 404);

    // A changed name shows on the page once rebuilt.
    let companies = std::fs::read_to_string(workdir.data().join("companies.csv")).unwrap();
    assert!(companies.contains("\ntencent,Tencent,"));
    workdir.write(
        "companies.csv",
        &companies.replace("\ntencent,Tencent,", "\ntencent,Tencent Holdings,"),
    );
    server.wait_for_page_with("Tencent Holdings");

    // Invalid data: the page and the terminal show what `check` prints.
    workdir.write(
        "companies.csv",
        &companies.replace("\ntencent,Tencent,china,", "\ntencent,Tencent,mars,"),
    );
    let expected = "error: data/companies.csv:3: bloc: expected western or china, found \"mars\"";
    let page = server.wait_for_page_with("The report cannot be built");
    assert!(page.contains(&expected.replace('"', "&quot;")), "{page}");
    assert_eq!(server.line_starting("error: "), expected);

    // Fixed: the report is back.
    workdir.write("companies.csv", &companies);
    let page = server.wait_for_page_with("<title>The AI market");
    assert!(!page.contains("Tencent Holdings"));

    assert_eq!(server.interrupt(), 0);
}

#[test]
fn a_changed_template_shows_on_the_page() {
    let workdir = Workdir::shipped_data();
    let templates = workdir.path().join("my-templates");
    std::fs::create_dir(&templates).unwrap();
    let server = Server::start(&workdir, &["--data", "data", "--templates", "my-templates"]);
    server.wait_for_page_with("<title>The AI market");
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/report.html"),
    )
    .unwrap();
    let edited = page.replace(
        "<title>{{ report.title }}",
        "<title>Draft: {{ report.title }}",
    );
    assert_ne!(edited, page);
    std::fs::write(templates.join("report.html"), edited).unwrap();
    server.wait_for_page_with("<title>Draft: The AI market");
    assert_eq!(server.interrupt(), 0);
}

#[test]
fn a_changed_project_file_shows_on_the_page_and_its_problems_too() {
    let workdir = Workdir::shipped_data();
    // No aimarket.toml at the start: one written later is read.
    let server = Server::start(&workdir, &["--currency", "CNY"]);
    server.wait_for_page_with("<title>The AI market: Alibaba Group and its peers</title>");
    workdir.write_here("aimarket.toml", "title = \"Draft\"\ncurrency = \"USD\"\n");
    // The title from the file; the currency flag still wins over the file.
    let page = server.wait_for_page_with("<title>Draft</title>");
    assert!(page.contains("Converted figures in CNY."), "{page}");

    workdir.write_here("aimarket.toml", "title = \"Draft\"\ncolour = \"red\"\n");
    let page = server.wait_for_page_with("The report cannot be built");
    assert!(
        page.contains("error: aimarket.toml:2: colour: unknown key"),
        "{page}"
    );
    assert!(server
        .line_starting("error: ")
        .starts_with("error: aimarket.toml:2: colour: unknown key"));
    // While the file has problems, a data edit shows them still.
    let companies = std::fs::read_to_string(workdir.data().join("companies.csv")).unwrap();
    workdir.write("companies.csv", &format!("{companies}\n"));
    assert!(server
        .line_starting("error: ")
        .starts_with("error: aimarket.toml:2: colour: unknown key"));

    workdir.write_here("aimarket.toml", "title = \"Final\"\n");
    server.wait_for_page_with("<title>Final</title>");
    assert_eq!(server.interrupt(), 0);
}

#[test]
fn with_a_base_url_the_served_page_has_its_preview_tags_and_picture() {
    let workdir = Workdir::shipped_data();
    let url = "https://example.org/ai/";
    let server = Server::start(&workdir, &["--data", "data", "--base-url", url]);
    let page = server.wait_for_page_with("<title>The AI market");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/ai/\">"));
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/ai/charts/lead.png\">"
    ));
    let (content_type, png) = server.get_bytes("/charts/lead.png");
    assert_eq!(content_type, "image/png");
    let built = workdir.run(&["build", "-q", "--out", "out", "--base-url", url]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let written = std::fs::read(workdir.path().join("out/charts/lead.png")).unwrap();
    assert_eq!(png, written);
    assert_eq!(server.interrupt(), 0);
}

#[test]
fn a_port_in_use_is_status_3() {
    let workdir = Workdir::shipped_data();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = workdir.run(&["serve", "--data", "data", "--port", &port]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        format!("error: cannot listen on 127.0.0.1:{port}: address already in use\n")
    );
}
