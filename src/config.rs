//! The resolved configuration every stage reads: what the command line asked
//! for, checked once, together with what the run depends on around it (whether
//! standard error is a terminal, the current folder, the number of cores), so
//! that no stage parses arguments or reads the environment.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::cli::{CheckFormat, Cli, Command, DataArgs, DiffFormat, MetricsFormat, ServeArgs};
use crate::diagnostics::printable;
use crate::load::Split;
use crate::model::{Currency, Metric};
use crate::progress::Verbosity;

/// One run of one command.
#[derive(Clone, Debug)]
pub struct Config {
    pub data: DataConfig,
    /// The currency of converted figures (`--currency`).
    pub currency: Currency,
    pub verbosity: Verbosity,
    pub task: Task,
}

/// How to read and check the data folder.
#[derive(Clone, Debug)]
pub struct DataConfig {
    /// The data folder as given, which is how diagnostics name its files.
    pub dir: PathBuf,
    /// The as-of day given on the command line; `None` means the data's default.
    pub as_of: Option<NaiveDate>,
    pub strict: bool,
    /// Show a progress bar for long loads: standard error is a terminal and no `-q`.
    pub progress: bool,
    /// Hash every input file (for `metrics.json`); `check` needs no hashes.
    pub hashes: bool,
    /// How a large users.csv is shared among workers.
    pub split: Split,
}

/// What the command does with the checked data.
#[derive(Clone, Debug)]
pub enum Task {
    Check(CheckFormat),
    Metrics(MetricsConfig),
    Build(BuildConfig),
    Diff(DiffConfig),
    Serve(ServeConfig),
    /// `schema`: describe the data folder's files.
    Schema,
}

/// `diff`: the two reports and the form of the comparison.
#[derive(Clone, Debug)]
pub struct DiffConfig {
    pub old: PathBuf,
    pub new: PathBuf,
    pub format: DiffFormat,
}

/// `serve`: the report built as `build` would (its `out` unused, no PNGs),
/// the address to listen on and the folders to watch.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub report: BuildConfig,
    pub address: SocketAddr,
    pub open: bool,
    /// The data folder, and the templates folder when there is one.
    pub watched: Vec<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct MetricsConfig {
    pub format: MetricsFormat,
    pub only: Selection,
}

/// The metrics and subjects `--metric` and `--subject` ask for; none named
/// means all.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub metrics: Vec<Metric>,
    pub subjects: Vec<String>,
}

impl Selection {
    pub fn wants(&self, metric: Metric, subject: &str) -> bool {
        (self.metrics.is_empty() || self.metrics.contains(&metric))
            && (self.subjects.is_empty() || self.subjects.iter().any(|s| s == subject))
    }
}

#[derive(Clone, Debug)]
pub struct BuildConfig {
    pub out: PathBuf,
    /// The folder whose templates override the built-in ones: `--templates`,
    /// else `templates` in the current folder when there is one.
    pub templates: Option<PathBuf>,
    pub png: bool,
    /// The earlier report `--compare` names, a folder or its metrics.json.
    pub compare: Option<PathBuf>,
    /// The data folder as the report names it: its own name alone, so the
    /// same data gives the same bytes from any working folder.
    pub report_data_dir: PathBuf,
    /// Threads the charts are drawn on: one per core, at most 8.
    pub draw_workers: usize,
}

impl Config {
    /// Resolves the command line; fails only on what no stage could run with
    /// (a `--templates` folder that does not exist).
    pub fn from_cli(cli: &Cli) -> Result<Config> {
        let terminal = std::io::stderr().is_terminal();
        Ok(match &cli.command {
            Command::Check(args) => Config {
                // `check` writes no metrics.json, so it reads each file once and hashes none.
                data: DataConfig::new(&args.data, terminal, false),
                currency: args.currency,
                verbosity: Verbosity::Normal,
                task: Task::Check(args.format),
            },
            Command::Metrics(args) => Config {
                data: DataConfig::new(&args.data, terminal, true),
                currency: args.currency,
                verbosity: Verbosity::Normal,
                task: Task::Metrics(MetricsConfig {
                    format: args.format,
                    only: Selection {
                        metrics: args.metrics.clone(),
                        subjects: args.subjects.clone(),
                    },
                }),
            },
            Command::Build(args) => {
                let verbosity = match (args.quiet, args.verbose) {
                    (true, _) => Verbosity::Quiet,
                    (false, true) => Verbosity::Verbose,
                    (false, false) => Verbosity::Normal,
                };
                let templates = templates_folder(args.templates.as_ref())?;
                Config {
                    data: DataConfig::new(&args.data, terminal && !args.quiet, true),
                    currency: args.currency,
                    verbosity,
                    task: Task::Build(BuildConfig {
                        out: args.out.clone(),
                        templates,
                        png: args.png,
                        compare: args.compare.clone(),
                        report_data_dir: report_data_dir(&args.data.data),
                        draw_workers: draw_workers(),
                    }),
                }
            }
            Command::Diff(args) => Config {
                data: DataConfig::unused(),
                currency: Currency::USD,
                verbosity: Verbosity::Normal,
                task: Task::Diff(DiffConfig {
                    old: args.old.clone(),
                    new: args.new.clone(),
                    format: args.format,
                }),
            },
            Command::Serve(args) => serve_config(args)?,
            Command::Schema(args) => Config {
                data: DataConfig::folder(&args.data),
                currency: Currency::USD,
                verbosity: Verbosity::Normal,
                task: Task::Schema,
            },
        })
    }
}

/// `serve` loads quietly (no progress bar between rebuilds) and hashes the
/// inputs as `build` does, for the same metrics.json.
fn serve_config(args: &ServeArgs) -> Result<Config> {
    let templates = templates_folder(args.templates.as_ref())?;
    let watched = [Some(args.data.data.clone()), templates.clone()];
    Ok(Config {
        data: DataConfig::new(&args.data, false, true),
        currency: args.currency,
        verbosity: Verbosity::Quiet,
        task: Task::Serve(ServeConfig {
            report: BuildConfig {
                out: PathBuf::new(),
                templates,
                png: false,
                compare: None,
                report_data_dir: report_data_dir(&args.data.data),
                draw_workers: draw_workers(),
            },
            address: SocketAddr::new(args.bind, args.port),
            open: args.open,
            watched: watched.into_iter().flatten().collect(),
        }),
    })
}

/// `--templates` if given (it must exist), else `templates` in the current
/// folder when there is one.
fn templates_folder(given: Option<&PathBuf>) -> Result<Option<PathBuf>> {
    Ok(match given {
        Some(dir) if !dir.is_dir() => {
            bail!("templates folder {} does not exist", dir.display())
        }
        Some(dir) => Some(dir.clone()),
        None => Some(PathBuf::from("templates")).filter(|t| t.is_dir()),
    })
}

/// Threads the charts are drawn on: one per core, at most 8.
fn draw_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

impl DataConfig {
    /// For a command that reads no data folder (`diff`).
    fn unused() -> DataConfig {
        DataConfig {
            dir: PathBuf::new(),
            as_of: None,
            strict: false,
            progress: false,
            hashes: false,
            split: Split::for_this_machine(),
        }
    }

    /// For a command that reads only the files' headers (`schema`).
    fn folder(dir: &Path) -> DataConfig {
        DataConfig {
            dir: dir.to_path_buf(),
            ..DataConfig::unused()
        }
    }

    fn new(args: &DataArgs, progress: bool, hashes: bool) -> DataConfig {
        DataConfig {
            dir: args.data.clone(),
            as_of: args.as_of,
            strict: args.strict,
            progress,
            hashes,
            split: Split::for_this_machine(),
        }
    }
}

/// `data` for `--data data`, `/srv/x/data` or `.` run inside `data`: the data
/// folder's own name.
fn report_data_dir(data_dir: &Path) -> PathBuf {
    std::fs::canonicalize(data_dir)
        .ok()
        .and_then(|path| {
            let name = path.file_name()?.to_string_lossy();
            Some(PathBuf::from(printable(&name)))
        })
        .unwrap_or_else(|| PathBuf::from("data"))
}

#[cfg(test)]
mod tests {
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
        assert_eq!(build.report_data_dir, PathBuf::from("data"));
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
}
