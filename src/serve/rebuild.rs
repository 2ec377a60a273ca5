//! One rebuild: the project file read again when it changed, the data loaded
//! and checked (the users table only when its file changed), the report built
//! in memory, and the site shown either the new report or the problems (of
//! the project file or of the data), which the terminal prints too.

use std::path::Path;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::Result;

use crate::checked::{load_checked_with, Checked};
use crate::config::{BuildConfig, Config, ServeAgain, Task};
use crate::load::UsersCache;
use crate::project::InvalidProject;
use crate::streams::to_stderr;

use super::state::{Built, Site};

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

impl Rebuilder {
    /// Rebuilds and shows the outcome; a failure of the program (an unreadable
    /// folder, a broken template) is shown like bad data, and the next change
    /// tries again.
    pub fn rebuild(&mut self) {
        if let Err(problems) = self.reconfigure() {
            let _ = to_stderr(&problems);
            self.site.show_problems(problems);
            return;
        }
        let started = Instant::now();
        let built = load_checked_with(&self.config.data, Some(&mut self.users))
            .and_then(|checked| (self.build)(&self.config, &self.report, checked));
        // The terminal may be gone; the server goes on all the same.
        let _ = match built {
            Ok(Built {
                files: Some(files),
                diagnostics,
            }) => {
                self.site.show_report(files);
                to_stderr(&format!(
                    "{diagnostics}report built in {:.2} s\n",
                    started.elapsed().as_secs_f64()
                ))
            }
            Ok(Built {
                files: None,
                diagnostics,
            }) => {
                let printed = to_stderr(&diagnostics);
                self.site.show_problems(diagnostics);
                printed
            }
            Err(error) => {
                let text = format!("error: {error:#}\n");
                let printed = to_stderr(&text);
                self.site.show_problems(text);
                printed
            }
        };
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
