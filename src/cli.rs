//! The command line, as clap derive structs. The `///` comments are the `--help` text.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Choice, Currency, Metric};
use crate::{periods, project};

/// Turns a folder of CSV files about the AI market into checked metrics, charts
/// and a static HTML report.
#[derive(Debug, Parser)]
#[command(name = "aimarket", version, max_term_width = 100)]
pub struct Cli {
    /// The project file of `check`, `metrics`, `build`, `serve` and `schema` (default:
    /// aimarket.toml in the current folder, when there is one). Paths in it are
    /// relative to its folder; every flag wins over it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data folder and report every problem; writes nothing.
    ///
    /// Exit status: 0 valid (warnings allowed unless --strict), 1 invalid data,
    /// 2 usage error, 3 any other failure (such as an unreadable folder).
    Check(CheckArgs),

    /// Compute every metric and check every claim; print them to standard output.
    ///
    /// Invalid data stops with the diagnostics of `check` (exit 1). Warnings,
    /// such as a conversion that needs a missing rate, go to standard error.
    Metrics(MetricsArgs),

    /// Build the report: index.html, charts (SVG, and PNG with --png), the numbers
    /// behind each chart, and the metrics, written into --out.
    ///
    /// The new report is written beside --out and swapped in only when complete:
    /// a failed build leaves the previous one untouched. A non-empty --out that
    /// aimarket did not write is refused (exit 3).
    Build(BuildArgs),

    /// Compare two built reports by their metrics.json: metric rows that moved,
    /// appeared or went away, claim verdicts, input files, as-of day and currency.
    ///
    /// Exit status: 0 whether or not they differ, 2 usage error, 3 a side that
    /// cannot be read (not a report folder, not a metrics.json, bad JSON).
    Diff(DiffArgs),

    /// Preview the report in a browser while editing: build it in memory, serve
    /// it over HTTP, rebuild it when a file in the data or templates folder
    /// changes, and reload open pages.
    ///
    /// Nothing is written to disk. While the data is invalid the page shows the
    /// problems `check` prints, until the next good build. Ctrl-C stops it (exit
    /// 0) within 2 s, a second one at once; an address that cannot be listened
    /// on is exit 3.
    Serve(ServeArgs),

    /// Start a data repository in DIR: the data files with their header rows
    /// (or, with --example, the shipped dataset), a commented aimarket.toml, a
    /// CI workflow that builds the report, a .gitignore and a README.
    ///
    /// A folder that is not empty (a lone .git aside) is refused (exit 3) and
    /// nothing is written.
    Init(InitArgs),
    /// Print a Frictionless Data Package (datapackage.json) describing the data
    /// folder's CSV files, for checking them with any Frictionless tool.
    ///
    /// Each file's columns in its own order, their types, required cells,
    /// closed sets and slugs, each file's primary key and the references
    /// between files. Paths are relative to the data folder:
    /// `aimarket schema > data/datapackage.json`, then
    /// `frictionless validate data/datapackage.json`.
    ///
    /// Exit status: 0 printed, 1 a file's header is unusable (missing required
    /// column, repeated column) or a required file is missing, 3 an unreadable
    /// folder.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The data folder.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// Options shared by every command that reads the data folder.
#[derive(Clone, Debug, Args)]
pub struct DataArgs {
    /// The data folder (default: `data` in aimarket.toml, else data).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Use only rows dated on or before this day (YYYY-MM-DD), to reproduce a past
    /// report. Default: the latest period_end of earnings and actual capex and
    /// date of users and events.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,

    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// How to print the problems: text lines on standard error, GitHub Actions
    /// workflow commands on standard error (annotations on the files), or one
    /// JSON object on standard output. Default: github when the environment
    /// has GITHUB_ACTIONS=true, else text.
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,

    /// The currency `build` and `metrics` would convert to (an ISO 4217 code):
    /// the rates those conversions need are checked too (default: `currency` in
    /// aimarket.toml, else USD).
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The currency of converted figures, an ISO 4217 code (default: `currency`
    /// in aimarket.toml, else USD).
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,

    /// `table` for reading, `json` or `csv` (values unrounded) for machines.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    pub format: MetricsFormat,

    /// Only this metric (repeatable).
    #[arg(long = "metric", value_name = "NAME", value_parser = metric_names())]
    pub metrics: Vec<Metric>,

    /// Only this subject: a company, product, target, campaign, bloc or layer (repeatable).
    #[arg(long = "subject", value_name = "ID")]
    pub subjects: Vec<String>,

    /// How to print the problems on standard error (--format is the metrics'):
    /// text lines, or GitHub Actions workflow commands (annotations on the
    /// files). Default: github when the environment has GITHUB_ACTIONS=true,
    /// else text.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub diagnostics: Option<DiagnosticsFormat>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The folder to write the report into (default: `out` in aimarket.toml,
    /// else output).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Templates overriding the built-in ones, file by file (default:
    /// `templates` in aimarket.toml, else ./templates when it exists).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// The currency of converted figures, an ISO 4217 code (default: `currency`
    /// in aimarket.toml, else USD).
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,

    /// Also write each chart as a PNG.
    #[arg(long)]
    pub png: bool,

    /// Add a section on what changed since an earlier report: its folder or
    /// its metrics.json (left out when nothing changed).
    #[arg(long, value_name = "DIR")]
    pub compare: Option<PathBuf>,

    /// How to print the problems on standard error: text lines, or GitHub
    /// Actions workflow commands (annotations on the files). Default: github
    /// when the environment has GITHUB_ACTIONS=true, else text.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub diagnostics: Option<DiagnosticsFormat>,

    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print each stage with its time.
    #[arg(short, long)]
    pub verbose: bool,

    #[command(flatten)]
    pub page: PageArgs,
}

/// What `build` and `serve` are told of the page.
#[derive(Clone, Debug, Args)]
pub struct PageArgs {
    /// The page's title (default: `title` in aimarket.toml, else one naming the
    /// company the data follows).
    #[arg(long, value_name = "TEXT", value_parser = project::title_flag)]
    pub title: Option<String>,

    /// The address the report is published at, the folder of its index.html
    /// (http:// or https://; default: `base_url` in aimarket.toml). With it,
    /// the page names its own address and carries link-preview tags, and the
    /// page's first chart is written as a PNG for those previews.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report: a folder `build` wrote, or its metrics.json.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later report: a folder `build` wrote, or its metrics.json.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// `text` for a terminal; `markdown` for a pull-request comment (the largest
    /// moves, each table capped at 20 rows); `json` in full for machines.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

// `serve` keeps the PNG of link previews in memory: its own word for it.
#[derive(Clone, Debug, Args)]
#[command(mut_arg("base_url", |arg| arg.help(
    "The address the report is published at, the folder of its index.html \
     (http:// or https://; default: `base_url` in aimarket.toml). With it, the page \
     names its own address and carries link-preview tags, and the page's first \
     chart is served as a PNG for those previews"
)))]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Templates overriding the built-in ones, file by file (default:
    /// `templates` in aimarket.toml, else ./templates when it exists); watched
    /// like the data folder.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// The currency of converted figures, an ISO 4217 code (default: `currency`
    /// in aimarket.toml, else USD).
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<Currency>,

    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// The port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 4000)]
    pub port: u16,

    /// Open the report in the web browser once it is served.
    #[arg(long)]
    pub open: bool,

    #[command(flatten)]
    pub page: PageArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the repository in; made if it does not exist.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Fill data/ with the shipped dataset and aimarket.toml with its settings,
    /// in place of empty files.
    #[arg(long)]
    pub example: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    #[default]
    Text,
    Json,
    Github,
}

/// The form of the problems `build` and `metrics` print on standard error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticsFormat {
    #[default]
    Text,
    Github,
}

fn parse_currency(text: &str) -> Result<Currency, String> {
    Currency::parse(text)
        .ok_or_else(|| "expected an ISO 4217 currency code, such as USD".to_string())
}

fn parse_base_url(text: &str) -> Result<String, String> {
    match project::web_address_problem(text) {
        None => Ok(text.to_string()),
        Some(why) => Err(format!("expected an http:// or https:// address{why}")),
    }
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    periods::parse_date(text).map_err(str::to_string)
}

/// The metric names of SPEC 5 as `--metric` choices, in the SPEC's order.
fn metric_names() -> impl TypedValueParser<Value = Metric> {
    PossibleValuesParser::new(Metric::all().map(Metric::name))
        .map(|name: String| Metric::parse(&name).expect("a possible value names a metric"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn as_of_must_be_a_real_date() {
        assert!(Cli::try_parse_from(["aimarket", "check", "--as-of", "2026-02-30"]).is_err());
        let cli = Cli::try_parse_from(["aimarket", "check", "--as-of", "2026-03-31"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        assert_eq!(args.data.as_of, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(args.data.data, None);
    }

    #[test]
    fn metrics_filters_and_currency() {
        let cli = Cli::try_parse_from([
            "aimarket",
            "metrics",
            "--metric",
            "revenue_conv",
            "--metric",
            "capex_conv",
            "--subject",
            "alibaba",
            "--currency",
            "CNY",
            "--format",
            "csv",
        ])
        .unwrap();
        let Command::Metrics(args) = cli.command else {
            panic!("metrics")
        };
        assert_eq!(args.metrics, [Metric::RevenueConv, Metric::CapexConv]);
        assert_eq!(args.subjects, ["alibaba"]);
        assert_eq!(args.currency.map(|c| c.to_string()).as_deref(), Some("CNY"));
        assert_eq!(args.format, MetricsFormat::Csv);
        assert!(Cli::try_parse_from(["aimarket", "metrics", "--metric", "revenue"]).is_err());
        assert!(Cli::try_parse_from(["aimarket", "metrics", "--currency", "usd"]).is_err());
        assert!(Cli::try_parse_from(["aimarket", "metrics", "--currency", "XYZ"]).is_err());
    }

    #[test]
    fn config_is_global_and_init_defaults_to_here() {
        let cli = Cli::try_parse_from(["aimarket", "init", "--config", "p.toml"]).unwrap();
        assert_eq!(cli.config, Some(PathBuf::from("p.toml")));
        let Command::Init(args) = cli.command else {
            panic!("init")
        };
        assert_eq!((args.dir, args.example), (PathBuf::from("."), false));
        let cli = Cli::try_parse_from(["aimarket", "--config", "p.toml", "check"]).unwrap();
        assert_eq!(cli.config, Some(PathBuf::from("p.toml")));
    }
}
