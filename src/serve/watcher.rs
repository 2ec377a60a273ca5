//! Watches what the report is built from (`inputs.rs`) and rebuilds on each
//! change, one rebuild at a time on its own thread.
//!
//! Only events that can change a file count: a read (the rebuild's own, or
//! the watcher's look at the folders) is an event too, and taking it for a
//! change would rebuild for ever. A rebuild starts once the changes have been
//! quiet for `QUIET` and no file is still being written: a file written in
//! place (`cat new > file` empties it first) is done when its writer closes
//! it, or after `WRITER_PATIENCE` without a write. Editors that write a new
//! file and rename it over the old one are done at the rename. A rebuild whose
//! inputs changed while it ran is not shown, and the next one starts once they
//! settle, so a save is never shown half written. Events come late on a busy
//! machine, so before and after each build the watcher catches up with every
//! change made until then (`Watch::catch_up`).

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::inputs::{Inputs, Stamps};
use super::rebuild::Rebuilder;

/// How long the changes must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(20);

/// How long a file written in place and not closed yet may go without a write
/// before it is read as it stands (its writer may keep it open).
const WRITER_PATIENCE: Duration = Duration::from_secs(2);

/// Whether the watcher is inotify, which reports a writer closing its file
/// and the opening of a watched folder; elsewhere a write is done once the
/// changes are quiet, and a build trusts the events delivered when it ends.
const INOTIFY: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// How long to wait for the event of the watcher's own opening of a folder.
const CATCH_UP_LIMIT: Duration = Duration::from_secs(1);

/// Watching and rebuilding go on until this is dropped.
pub struct Watching {
    stopped: Arc<AtomicBool>,
    wake: Sender<notify::Result<Event>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::Relaxed);
        let _ = self.wake.send(Ok(Event::new(EventKind::Other)));
    }
}

/// Starts watching, then makes the first build (so that no change after it is
/// missed); later rebuilds run on their own thread.
pub fn watch(rebuilder: Rebuilder) -> Result<Watching> {
    let inputs = Inputs::new(
        &rebuilder.config.data.dir,
        rebuilder.report.templates.as_deref(),
        &rebuilder.again.project_file,
    )?;
    let (changes, events) = mpsc::channel();
    let watcher =
        notify::recommended_watcher(changes.clone()).context("cannot watch for changes")?;
    let stopped = Arc::new(AtomicBool::new(false));
    let mut watch = Watch {
        stopped: stopped.clone(),
        inputs,
        watcher,
        watching: BTreeSet::new(),
        events,
        stamps: Stamps::new(),
        writing: HashMap::new(),
        shown_from: None,
        rebuilder,
    };
    let stamps = watch.inputs.stamps();
    for folder in watch.inputs.folders(&stamps) {
        watch
            .watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
        watch.watching.insert(folder);
    }
    watch.build_until_settled();
    std::thread::spawn(move || {
        while watch.wait_for_change() {
            watch.settle();
            watch.build_until_settled();
        }
    });
    Ok(Watching {
        stopped,
        wake: changes,
    })
}

struct Watch {
    stopped: Arc<AtomicBool>,
    inputs: Inputs,
    watcher: RecommendedWatcher,
    /// The folders being watched, each without its subfolders.
    watching: BTreeSet<PathBuf>,
    events: Receiver<notify::Result<Event>>,
    /// The inputs as last looked at (for the targets of links).
    stamps: Stamps,
    /// Files written in place and not closed yet, with the time of their last write.
    writing: HashMap<PathBuf, Instant>,
    /// The inputs of the build shown.
    shown_from: Option<Stamps>,
    rebuilder: Rebuilder,
}

impl Watch {
    /// Waits for a change of an input; `false` once watching stopped.
    fn wait_for_change(&mut self) -> bool {
        while !self.stopped.load(Ordering::Relaxed) {
            let Ok(event) = self.events.recv() else {
                return false;
            };
            if self.note(event) {
                return true;
            }
        }
        false
    }

    /// Waits until the changes have been quiet for `QUIET` and no file is
    /// being written (or its writer has been still for `WRITER_PATIENCE`).
    fn settle(&mut self) {
        let mut quiet_since = Instant::now();
        loop {
            let writers = self.writing.values().map(|last| *last + WRITER_PATIENCE);
            let settled_at = writers.fold(quiet_since + QUIET, Instant::max);
            let Some(left) = settled_at.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    if self.note(event) {
                        quiet_since = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        // Writers still for that long are read as they stand.
        self.writing.clear();
    }

    /// Rebuilds until a build's inputs did not change while it ran, and shows
    /// that one; nothing when the inputs are those of the build shown.
    fn build_until_settled(&mut self) {
        loop {
            let before = self.look();
            // A change the stamps show before its events told of it.
            if self.catch_up() {
                self.settle();
                continue;
            }
            if self.shown_from.as_ref() == Some(&before) {
                return;
            }
            let outcome = self.rebuilder.rebuild();
            let after = self.look();
            if self.catch_up() || after != before {
                self.settle();
                continue;
            }
            self.rebuilder.show(outcome);
            self.shown_from = Some(before);
            return;
        }
    }

    /// Notes every event of a change made before now, and says whether one
    /// changed an input. The watcher delivers events a little late (later
    /// on a busy machine), in the order they happened, and reports the
    /// opening of a watched folder too: the event of opening one that no build
    /// opens comes after all of them. Without it, the events delivered so far.
    fn catch_up(&mut self) -> bool {
        let mut changed = false;
        let barrier = self.inputs.unread_folder();
        if let Some(barrier) = barrier.filter(|folder| INOTIFY && fs::File::open(folder).is_ok()) {
            let deadline = Instant::now() + CATCH_UP_LIMIT;
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match self.events.recv_timeout(left) {
                    Ok(Ok(event)) if opens(&event, &barrier) => return changed,
                    Ok(event) => changed |= self.note(event),
                    Err(_) => return changed,
                }
            }
            return changed;
        }
        while let Ok(event) = self.events.try_recv() {
            changed |= self.note(event);
        }
        changed
    }

    /// The inputs' stamps now, with the folders watched made to match them
    /// (a new link's target folder, a templates subfolder made since).
    fn look(&mut self) -> Stamps {
        let stamps = self.inputs.stamps();
        let folders = self.inputs.folders(&stamps);
        for gone in self.watching.difference(&folders) {
            let _ = self.watcher.unwatch(gone);
        }
        // A folder that cannot be watched is tried again at the next look.
        self.watching.retain(|folder| folders.contains(folder));
        for folder in folders {
            if !self.watching.contains(&folder)
                && self
                    .watcher
                    .watch(&folder, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.watching.insert(folder);
            }
        }
        self.stamps = stamps.clone();
        stamps
    }

    /// Whether an event may have changed an input; keeps `writing` up to date.
    /// An error of the watcher (its queue overflowed) counts as a change: the
    /// stamps then decide.
    fn note(&mut self, event: notify::Result<Event>) -> bool {
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            _ => {
                self.writing.clear();
                return true;
            }
        };
        let paths: Vec<PathBuf> = event
            .paths
            .into_iter()
            .filter(|path| self.inputs.concern(path, &self.stamps))
            .collect();
        if paths.is_empty() {
            return false;
        }
        match event.kind {
            // A read: the rebuild's own, the watcher's look, an editor's.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            EventKind::Modify(ModifyKind::Data(_)) if INOTIFY => {
                let now = Instant::now();
                self.writing
                    .extend(paths.into_iter().map(|path| (path, now)));
                return true;
            }
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => {}
            _ => return true,
        }
        // Closed, removed or renamed: no longer being written.
        for path in &paths {
            self.writing.remove(path);
        }
        true
    }
}

/// Whether an event is the opening of `folder` itself.
fn opens(event: &Event, folder: &Path) -> bool {
    matches!(event.kind, EventKind::Access(AccessKind::Open(_))) && event.paths == [folder]
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use clap::Parser;

    use super::*;
    use crate::checked::Checked;
    use crate::cli::Cli;
    use crate::config::{BuildConfig, Config, Task};
    use crate::serve::state::{Built, Page, Site};
    use crate::serve::Builder;

    /// A build whose stage panics while the data folder holds a file named
    /// `panic` (as polars may on a corrupt file), and that otherwise makes a
    /// page of one line: how many companies it read.
    fn fragile(config: &Config, _: &BuildConfig, checked: Checked) -> anyhow::Result<Built> {
        assert!(!config.data.dir.join("panic").exists(), "a stage failed");
        let page = format!("{} companies", checked.data.companies.len());
        Ok(Built {
            files: Some(vec![("index.html".into(), page.into_bytes())]),
            diagnostics: String::new(),
        })
    }

    /// The text of `/` once `wanted` says it is the one (within 30 s).
    fn page_when(site: &Site, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = match site.page() {
                Page::Report(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Page::Problems(text) => text,
            };
            if wanted(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "/ stayed {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A copy of the shipped data served with `build`: its folder, the data
    /// folder, the site, and the watching (which stops before the folder goes).
    fn serve_with(build: Builder) -> (tempfile::TempDir, PathBuf, Arc<Site>, Watching) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        fs::create_dir_all(dir.path().join("templates")).unwrap();
        fs::create_dir(&data).unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        for entry in fs::read_dir(shipped).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
        }
        fs::write(dir.path().join("aimarket.toml"), "").unwrap();
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let cli = Cli::try_parse_from([
            "aimarket",
            "serve",
            "--port",
            "0",
            "--data",
            &path("data"),
            "--templates",
            &path("templates"),
            "--config",
            &path("aimarket.toml"),
        ])
        .unwrap();
        let config = Config::from_cli(&cli).unwrap();
        let Task::Serve(task) = &config.task else {
            panic!("serve")
        };
        let site = Arc::new(Site::new());
        let watching = watch(Rebuilder::new(&config, task, build, site.clone())).unwrap();
        (dir, data, site, watching)
    }

    /// companies.csv without its last row.
    fn drop_a_company(data: &Path) {
        let companies = fs::read_to_string(data.join("companies.csv")).unwrap();
        let rows: Vec<&str> = companies.lines().collect();
        fs::write(
            data.join("companies.csv"),
            rows[..rows.len() - 1].join("\n") + "\n",
        )
        .unwrap();
    }

    #[test]
    fn a_panic_in_a_rebuild_shows_on_the_page_and_the_next_change_rebuilds() {
        let (_dir, data, site, _watching) = serve_with(fragile);
        fs::write(data.join("panic"), "").unwrap();
        // 12 rows in the shipped companies.csv.
        assert_eq!(page_when(&site, |_| true), "12 companies");
        // The panic's message and where it was raised.
        let failed = |text: &str| {
            text.starts_with(
                "error: the build stopped on an internal error of aimarket: a stage failed \
                 (at src/serve/watcher.rs:",
            )
        };
        page_when(&site, failed);
        fs::remove_file(data.join("panic")).unwrap();
        page_when(&site, |text| text == "12 companies");
        // Again, and an edit after it.
        fs::write(data.join("panic"), "").unwrap();
        page_when(&site, failed);
        fs::remove_file(data.join("panic")).unwrap();
        drop_a_company(&data);
        page_when(&site, |text| text == "11 companies");
    }

    /// `fragile`, which also saves companies.csv without its last row while
    /// it builds, when the data folder holds a file named `save`.
    fn saving(config: &Config, report: &BuildConfig, checked: Checked) -> anyhow::Result<Built> {
        if fs::remove_file(config.data.dir.join("save")).is_ok() {
            drop_a_company(&config.data.dir);
        }
        fragile(config, report, checked)
    }

    #[test]
    fn a_build_whose_inputs_changed_while_it_ran_is_not_shown() {
        let (_dir, data, site, _watching) = serve_with(saving);
        assert_eq!(page_when(&site, |_| true), "12 companies");
        assert_eq!(*site.generation().borrow(), 1);
        fs::write(data.join("save"), "").unwrap();
        page_when(&site, |text| text == "11 companies");
        // The build that read 12 companies was not shown in between.
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(*site.generation().borrow(), 2);
    }
}
