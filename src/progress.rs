//! What a run says about itself on standard error as it goes: each stage's time
//! with `-v`, notes unless `-q`, and a progress bar for loads long enough to
//! wonder about (drawn only when standard error is a terminal, never with `-q`,
//! and only after the first second: a fast load shows nothing).

use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::streams::lines_to_stderr;

/// How much a run prints besides its results: `-q` only errors, `-v` also
/// each stage with its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Stage timings for `-v`, and notes that `-q` leaves out.
pub struct Progress {
    verbosity: Verbosity,
    started: Instant,
}

impl Progress {
    pub fn start(verbosity: Verbosity) -> Progress {
        Progress {
            verbosity,
            started: Instant::now(),
        }
    }

    /// A stage has ended: with `-v`, its name and time since the last one.
    pub fn stage(&mut self, name: &str) -> Result<()> {
        if self.verbosity == Verbosity::Verbose {
            let ms = self.started.elapsed().as_secs_f64() * 1000.0;
            lines_to_stderr([format!("{name}: {ms:.1} ms")])?;
        }
        self.started = Instant::now();
        Ok(())
    }

    pub fn notes(&self, lines: impl IntoIterator<Item = String>) -> Result<()> {
        if self.verbosity == Verbosity::Quiet {
            return Ok(());
        }
        lines_to_stderr(lines)
    }
}

/// How long a load runs before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// A bar over the bytes of a file being read; a no-op when not wanted.
pub struct LoadProgress {
    bar: Option<ProgressBar>,
}

impl LoadProgress {
    pub fn start(enabled: bool, bytes: u64, what: &str) -> LoadProgress {
        if !enabled {
            return LoadProgress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}, {eta} left")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(format!("reading {what}"));
        let later = bar.downgrade();
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if let Some(bar) = later.upgrade().filter(|b| !b.is_finished()) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
        LoadProgress { bar: Some(bar) }
    }

    /// A handle for a worker to report bytes read.
    pub fn handle(&self) -> Option<ProgressBar> {
        self.bar.clone()
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
