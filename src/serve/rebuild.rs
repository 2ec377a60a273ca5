//! One rebuild: the data loaded and checked (the users table only when its
//! file changed), the report built in memory, and
//! the site shown either the new report or the problems, which the terminal
//! prints too.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::checked::{load_checked_with, Checked};
use crate::config::{BuildConfig, Config};
use crate::load::UsersCache;
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
}

impl Rebuilder {
    /// Rebuilds and shows the outcome; a failure of the program (an unreadable
    /// folder, a broken template) is shown like bad data, and the next change
    /// tries again.
    pub fn rebuild(&mut self) {
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
}
