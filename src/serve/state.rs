//! What the server shows: the files of the last good build, the problems of
//! the last build when it failed, and the generation count open pages watch
//! to know when to reload.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use tokio::sync::watch;

/// One file of the report: its path inside the report folder and its bytes.
pub type ReportFile = (String, Vec<u8>);

/// One build of the report in memory: its files, or `None` when the data has
/// errors, and the text `check` prints about the data.
pub struct Built {
    pub files: Option<Vec<ReportFile>>,
    pub diagnostics: String,
}

/// What a request is answered from; shared by the server and the rebuilds.
pub struct Site {
    shown: RwLock<Shown>,
    generation: watch::Sender<u64>,
    stopping: watch::Sender<bool>,
}

#[derive(Default)]
struct Shown {
    /// The files of the last good build, by path.
    files: HashMap<String, Arc<[u8]>>,
    /// The diagnostics of the last build when it made no report (or the
    /// failure that stopped it).
    problems: Option<String>,
}

/// What `/` shows.
pub enum Page {
    Report(Arc<[u8]>),
    Problems(String),
}

impl Site {
    pub fn new() -> Site {
        Site {
            shown: RwLock::new(Shown::default()),
            generation: watch::channel(0).0,
            stopping: watch::channel(false).0,
        }
    }

    /// A good build: its files replace the last ones.
    pub fn show_report(&self, files: Vec<ReportFile>) {
        let files = files
            .into_iter()
            .map(|(name, bytes)| (name, Arc::from(bytes)))
            .collect();
        *self.write() = Shown {
            files,
            problems: None,
        };
        self.generation.send_modify(|g| *g += 1);
    }

    /// A failed build: `/` shows its problems; the last good files stay for
    /// when the data is fixed.
    pub fn show_problems(&self, problems: String) {
        self.write().problems = Some(problems);
        self.generation.send_modify(|g| *g += 1);
    }

    pub fn page(&self) -> Page {
        let shown = self.read();
        match (&shown.problems, shown.files.get("index.html")) {
            (None, Some(index)) => Page::Report(index.clone()),
            (Some(problems), _) => Page::Problems(problems.clone()),
            (None, None) => Page::Problems("The report is being built.\n".into()),
        }
    }

    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        self.read().files.get(path).cloned()
    }

    /// What is shown, even after a panic while it was being replaced: each
    /// replacement is one assignment, so a poisoned lock still holds a whole
    /// `Shown`, and the server goes on answering.
    fn read(&self) -> RwLockReadGuard<'_, Shown> {
        self.shown.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Shown> {
        self.shown.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of builds so far.
    pub fn generation(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Ends the reload streams, so that the server can stop.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.subscribe()
    }
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_holding_the_lock_does_not_stop_the_site() {
        let site = Arc::new(Site::new());
        site.show_report(vec![("index.html".into(), b"first".to_vec())]);
        let holder = site.clone();
        let panicked = std::thread::spawn(move || {
            let _shown = holder.shown.write().unwrap();
            panic!("a panic while the lock is held");
        })
        .join();
        assert!(panicked.is_err() && site.shown.is_poisoned());
        assert!(matches!(site.page(), Page::Report(bytes) if &*bytes == b"first"));
        site.show_problems("error: x\n".into());
        assert!(matches!(site.page(), Page::Problems(text) if text == "error: x\n"));
        site.show_report(vec![("index.html".into(), b"second".to_vec())]);
        assert_eq!(site.file("index.html").as_deref(), Some(&b"second"[..]));
    }
}
