//! The command line, as clap derive structs. The `///` comments are the `--help` text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::periods;

/// Turns a folder of CSV files about the AI market into checked metrics, charts
/// and a static HTML report.
#[derive(Debug, Parser)]
#[command(name = "aimarket", version, max_term_width = 100)]
pub struct Cli {
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
}

/// Options shared by every command that reads the data folder.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data folder.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,

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

    /// How to print the problems: text lines on standard error, or one JSON
    /// object on standard output.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    periods::parse_date(text).map_err(str::to_string)
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
        let Command::Check(args) = cli.command;
        assert_eq!(args.data.as_of, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(args.data.data, PathBuf::from("data"));
    }
}
