//! The Data Packages: `datapackage.json` in the report, describing the CSV
//! files `build` writes, and `aimarket schema`, describing the data folder's.

mod common;

use std::fs;

use common::Workdir;
use serde_json::{json, Value};

fn resource<'a>(package: &'a Value, name: &str) -> &'a Value {
    package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

fn field<'a>(resource: &'a Value, name: &str) -> &'a Value {
    resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn the_report_describes_its_csv_files() {
    let dir = Workdir::shipped_data();
    let run = dir.run(&["build", "--strict", "-q", "--out", "report"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = dir.path().join("report");
    let text = fs::read_to_string(report.join("datapackage.json")).unwrap();
    let package: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(package["profile"], "tabular-data-package");

    // metrics.csv first, then every chart table in name order, each one there.
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    let mut tables: Vec<String> = fs::read_dir(report.join("data"))
        .unwrap()
        .map(|e| format!("data/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    tables.sort();
    assert_eq!(paths[0], "metrics.csv");
    assert_eq!(paths[1..], tables);
    assert!(paths.contains(&"data/revenue.csv") && paths.contains(&"data/users_mau.csv"));

    let revenue = resource(&package, "revenue");
    let revenue_conv = field(revenue, "revenue_conv");
    assert_eq!(revenue_conv["type"], "number");
    assert_eq!(
        revenue_conv["description"],
        "revenue_conv: revenue converted at the quarter's end. Unit: USD mn (millions of USD)."
    );
    assert_eq!(field(revenue, "period_end")["type"], "date");
    assert_eq!(
        revenue["schema"]["primaryKey"],
        json!(["company", "segment", "fiscal_period", "period_end"])
    );
    assert_eq!(revenue["schema"]["missingValues"], json!([""]));
    // The qualifier says how exact a count is, and is empty when exact: no key.
    let mau = resource(&package, "users_mau");
    assert_eq!(
        mau["schema"]["primaryKey"],
        json!(["product", "date", "metric"])
    );
    assert_eq!(field(mau, "value")["type"], "integer");
    // metrics.csv has empty segments and periods: no primary key.
    assert!(resource(&package, "metrics")["schema"]
        .get("primaryKey")
        .is_none());

    // data/users.csv line 3: qwen_app,2025-11-30,mau,18340000,,u2,aicpb, as
    // the package's file for users_mau has it.
    let path = report.join(mau["path"].as_str().unwrap());
    let rows = fs::read_to_string(path).unwrap();
    assert!(rows.starts_with("product,date,metric,value,qualifier,measured_by\n"));
    assert!(rows.contains("\nqwen_app,2025-11-30,mau,18340000,,aicpb\n"));

    // sources.csv's first row, title and url.
    assert_eq!(
        package["sources"][0],
        json!({
            "title": "Alibaba reports 14% YoY revenue growth in the June 2023 quarter \
                      (revenue, cloud revenue and Refinitiv consensus)",
            "path": "https://lycanseye.com/alibaba-reports-14-yoy-revenue-growth-in-q2-2023"
        })
    );
    // Listed, with its hash, among the files the build wrote.
    let marker = fs::read_to_string(report.join(".aimarket-output")).unwrap();
    assert!(marker.contains("  datapackage.json\n"));
}

#[test]
fn schema_describes_the_data_files_with_their_references() {
    let dir = Workdir::shipped_data();
    let run = dir.run(&["schema"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let package: Value = serde_json::from_str(&run.stdout).unwrap();
    let earnings = resource(&package, "earnings");
    assert_eq!(earnings["path"], "earnings.csv");
    let names: Vec<&str> = earnings["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "company",
            "fiscal_period",
            "period_end",
            "segment",
            "currency",
            "revenue",
            "revenue_consensus",
            "operating_income",
            "source"
        ]
    );
    assert_eq!(
        field(earnings, "revenue"),
        &json!({
            "name": "revenue",
            "type": "number",
            "format": "default",
            "description": "A number >= 0, in millions of the row's currency.",
            "constraints": {"required": true, "minimum": 0}
        })
    );
    assert_eq!(
        field(earnings, "operating_income")["description"],
        "A number, in millions of the row's currency. Optional: may be empty."
    );
    assert_eq!(
        earnings["schema"]["primaryKey"],
        json!(["company", "fiscal_period", "segment"])
    );
    assert_eq!(
        earnings["schema"]["foreignKeys"],
        json!([
            {"fields": ["company"], "reference": {"resource": "companies", "fields": ["id"]}},
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ])
    );
    let companies = resource(&package, "companies");
    assert_eq!(
        field(companies, "bloc")["constraints"],
        json!({"required": true, "enum": ["western", "china"]})
    );
}

#[test]
fn schema_follows_each_files_own_columns() {
    // events.csv has an extra column; base has no earnings.csv.
    let dir = Workdir::fixture("unknown_column");
    let run = dir.run(&["schema"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: data/events.csv: unknown column \"remarks\" (ignored)\n"
    );
    let package: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sources", "companies", "products", "events"]);
    let events = resource(&package, "events");
    assert_eq!(
        field(events, "remarks"),
        &json!({
            "name": "remarks",
            "type": "string",
            "format": "default",
            "description": "Not a column of aimarket (ignored)."
        })
    );
    assert!(events["schema"].get("primaryKey").is_none());
}

#[test]
fn schema_stops_at_a_header_it_cannot_describe() {
    let run = Workdir::fixture("missing_column").run(&["schema"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: data/stack.csv: missing required column \"bloc\"\n"
    );
    assert_eq!(run.stdout, "");
}
