//! A progress bar for loads long enough to wonder about: drawn on standard error
//! only when it is a terminal, never with `-q`, and only after the first second
//! (a fast load shows nothing).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
