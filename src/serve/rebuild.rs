//! One rebuild: the project file read again when it changed, the data loaded
//! and checked (the users table only when its file changed) and the report
//! built in memory, into the report or the problems (of the project file, of
//! the data, of the program: a panic in any stage is caught and becomes one).
//! The watcher shows the outcome, on the page and in the terminal, only when
//! the inputs did not change while it was made.

use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::Result;

use crate::checked::{load_checked_with, Checked};
use crate::config::{BuildConfig, Config, ServeAgain, ServeConfig, Task};
use crate::load::UsersCache;
use crate::panics;
use crate::project::InvalidProject;
use crate::streams::to_stderr;

use super::state::{Built, ReportFile, Site};

/// Builds the report in memory from checked data (`pipeline::build_in_memory`).
pub type Builder = fn(&Config, &BuildConfig, Checked) -> Result<Built>;

pub struct Rebuilder {
    pub config: Config,
    pub report: BuildConfig,
    pub build: Builder,
    pub site: Arc<Site>,
    /// The users table of the last build, read again only when its file changed.
    pub users: UsersCache,
    pub again: ServeAgain,
    /// The project file's size and time when last read (`None`: absent).
    pub project_stamp: Option<FileStamp>,
    /// The problems of the project file as last read, shown until it is fixed.
    pub project_problems: Option<String>,
    /// The folders being watched, which a changed project file cannot move.
    pub watched: Vec<std::path::PathBuf>,
}

/// A file's size and modification time.
pub type FileStamp = (u64, Option<SystemTime>);

/// The stamp of a file, `None` when it is not there.
pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// What one rebuild made, shown only if its inputs did not change while it ran.
pub enum Outcome {
    /// The report's files, and what the terminal prints about the data.
    Report(Vec<ReportFile>, String),
    /// The page of problems, which the terminal prints too.
    Problems(String),
}

impl Rebuilder {
    pub fn new(config: &Config, task: &ServeConfig, build: Builder, site: Arc<Site>) -> Rebuilder {
        Rebuilder {
            config: config.clone(),
            report: task.report.clone(),
            build,
            site,
            users: UsersCache::new(),
            again: task.again.clone(),
            project_stamp: file_stamp(&task.again.project_file),
            project_problems: None,
            watched: task.watched.clone(),
        }
    }

    /// Rebuilds. A failure of the program (an unreadable folder, a broken
    /// template, even a panic in a stage) makes problems like bad data, so
    /// that the next change tries again.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        match panics::catch(|| self.build()) {
            Ok(Ok(Built {
                files: Some(files),
                diagnostics,
            })) => Outcome::Report(
                files,
                format!(
                    "{diagnostics}report built in {:.2} s\n",
                    started.elapsed().as_secs_f64()
                ),
            ),
            Ok(Ok(Built {
                files: None,
                diagnostics,
            })) => Outcome::Problems(diagnostics),
            Ok(Err(error)) => Outcome::Problems(format!("error: {error:#}\n")),
            Err(panic) => {
                // What a stage had kept between builds may be half made.
                self.users = UsersCache::new();
                self.project_stamp = None;
                Outcome::Problems(format!(
                    "error: the build stopped on an internal error of aimarket: {panic}\n"
                ))
            }
        }
    }

    /// The project file read again if it changed, the data loaded and checked,
    /// and the report built.
    fn build(&mut self) -> Result<Built> {
        if let Err(problems) = self.reconfigure() {
            return Ok(Built {
                files: None,
                diagnostics: problems,
            });
        }
        let checked = load_checked_with(&self.config.data, Some(&mut self.users))?;
        (self.build)(&self.config, &self.report, checked)
    }

    /// Shows the outcome of a rebuild on the page and in the terminal (which
    /// may be gone: the server goes on all the same).
    pub fn show(&self, outcome: Outcome) {
        match outcome {
            Outcome::Report(files, text) => {
                self.site.show_report(files);
                let _ = to_stderr(&text);
            }
            Outcome::Problems(text) => {
                let _ = to_stderr(&text);
                self.site.show_problems(text);
            }
        }
    }

    /// Reads the project file again when it changed since the last read, and
    /// takes the configuration it makes with the flags; its problems, until
    /// it is fixed.
    fn reconfigure(&mut self) -> Result<(), String> {
        let stamp = file_stamp(&self.again.project_file);
        if stamp != self.project_stamp {
            self.project_stamp = stamp;
            self.project_problems = match self.again.resolve() {
                Ok(config) => self.take(config).err(),
                Err(error) => Some(match error.downcast_ref::<InvalidProject>() {
                    Some(invalid) => format!("{invalid}\n"),
                    None => format!("error: {error:#}\n"),
                }),
            };
        }
        self.project_problems.clone().map_or(Ok(()), Err)
    }

    /// The new configuration; folders it names that are not watched yet
    /// need a restart, which the page says in place of a report of the old
    /// folders.
    fn take(&mut self, config: Config) -> Result<(), String> {
        let Task::Serve(task) = &config.task else {
            return Ok(());
        };
        if task.watched != self.watched {
            return Err(
                "error: aimarket.toml names other data or templates folders than \
                        serve watches: restart serve to build from them\n"
                    .to_string(),
            );
        }
        self.report = task.report.clone();
        self.config = config;
        Ok(())
    }
}
