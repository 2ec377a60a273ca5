//! Watches the data and templates folders and rebuilds on each change.
//! Editors save by writing a new file and renaming it over the old one, so
//! the folders are watched, not the files, and changes that come together
//! (debounced) make one rebuild. Reading a file is an event too (the
//! rebuild's own reads among them), so a rebuild starts only when the size,
//! time or name of a file in the folders changed. A file still being written
//! (its last change younger than the quiet time) waits for the debouncer's
//! word that it settled, so that a save is not read half done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use anyhow::{bail, Context, Result};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, DebouncedEventKind, Debouncer};

use super::rebuild::{file_stamp, Rebuilder};

/// How long the folders must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(20);

/// Starts watching, then makes the first build (so that no change after it
/// is missed); later rebuilds run on their own thread, one at a time, and
/// changes made during one make one more. Watching stops when the returned
/// value is dropped.
pub fn watch(
    folders: &[PathBuf],
    project_file: &Path,
    mut rebuilder: Rebuilder,
) -> Result<Debouncer<RecommendedWatcher>> {
    let (changes, changed) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, changes).context("cannot watch for changes")?;
    for folder in folders {
        if !folder.is_dir() {
            bail!("{} does not exist or is not a folder", folder.display());
        }
        debouncer
            .watcher()
            .watch(folder, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
    }
    // The project file's own folder, without what is under it (`output/`,
    // `target/`): a rebuild follows when the file changes.
    let project_folder = match project_file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    debouncer
        .watcher()
        .watch(project_folder, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", project_folder.display()))?;
    let folders = folders.to_vec();
    let project_file = project_file.to_path_buf();
    let stamps = move || {
        let mut now = stamps(&folders);
        if let Some(stamp) = file_stamp(&project_file) {
            now.insert(project_file.clone(), stamp);
        }
        now
    };
    let mut last = stamps();
    rebuilder.rebuild();
    std::thread::spawn(move || {
        while let Ok(batch) = changed.recv() {
            // Changes that came in while the last rebuild ran: one rebuild for all.
            let mut settled = has_settled(&batch);
            while let Ok(batch) = changed.try_recv() {
                settled |= has_settled(&batch);
            }
            if !settled {
                continue;
            }
            let now = stamps();
            if now != last && !being_written(&now, &last, SystemTime::now()) {
                last = now;
                rebuilder.rebuild();
            }
        }
    });
    Ok(debouncer)
}

/// Whether the debouncer says some path has been quiet for `QUIET` (`Any`),
/// rather than that changes to it go on (`AnyContinuous`). An error of the
/// watcher counts as settled: the stamps then decide.
fn has_settled(batch: &DebounceEventResult) -> bool {
    match batch {
        Ok(events) => events.iter().any(|e| e.kind == DebouncedEventKind::Any),
        Err(_) => true,
    }
}

/// Whether a file that changed since `last` was modified less than `QUIET`
/// before `now`: its writer may not be done, and the debouncer will say when
/// it settled. A time in the future (a clock set apart) does not hold it up.
fn being_written(now_stamps: &Stamps, last: &Stamps, now: SystemTime) -> bool {
    now_stamps.iter().any(|(path, stamp)| {
        last.get(path) != Some(stamp)
            && stamp
                .1
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age < QUIET)
    })
}

/// The size and modification time of each file under the folders, by path.
type Stamps = BTreeMap<PathBuf, (u64, Option<std::time::SystemTime>)>;

fn stamps(folders: &[PathBuf]) -> Stamps {
    let mut stamps = Stamps::new();
    for folder in folders {
        add_stamps(folder, &mut stamps);
    }
    stamps
}

/// Unreadable entries are left out: the rebuild reports them.
fn add_stamps(folder: &Path, stamps: &mut Stamps) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            add_stamps(&entry.path(), stamps);
        } else {
            stamps.insert(entry.path(), (meta.len(), meta.modified().ok()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_within_the_quiet_time_is_still_being_written() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let path = PathBuf::from("data/companies.csv");
        let stamped = |ms_ago: u64| {
            Stamps::from([(
                path.clone(),
                (10, Some(now - Duration::from_millis(ms_ago))),
            )])
        };
        let last = Stamps::from([(path.clone(), (9, Some(now - Duration::from_secs(60))))]);
        assert!(being_written(&stamped(5), &last, now));
        assert!(!being_written(
            &stamped(QUIET.as_millis() as u64),
            &last,
            now
        ));
        assert!(!being_written(&stamped(500), &last, now));
        // Unchanged since the last build: not in the way, however young.
        assert!(!being_written(&stamped(5), &stamped(5), now));
        // A modification time ahead of the clock.
        let ahead = Stamps::from([(path.clone(), (10, Some(now + Duration::from_secs(5))))]);
        assert!(!being_written(&ahead, &last, now));
    }

    #[test]
    fn stamps_change_with_a_file_and_not_with_a_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x\n").unwrap();
        let folders = [dir.path().to_path_buf()];
        let first = stamps(&folders);
        assert_eq!(first.len(), 1);
        std::fs::read(&file).unwrap();
        assert_eq!(stamps(&folders), first);
        std::fs::write(&file, "xy\n").unwrap();
        assert_ne!(stamps(&folders), first);
        std::fs::write(dir.path().join("b.csv"), "").unwrap();
        assert_eq!(stamps(&folders).len(), 2);
    }
}
