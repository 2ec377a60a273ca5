//! Writing the report folder safely (SPEC section 7).
//!
//! A build takes an advisory lock on a file beside `--out`, repairs what
//! earlier builds left, writes everything into a fresh folder beside `--out`,
//! and swaps it in only when complete. The folder's marker lists every file the
//! build wrote with its SHA-256; a folder holding anything else is the user's
//! and is never replaced. A link given as `--out` is followed: the report is
//! built into the folder it points to, and the link stays.

mod fault;
mod manifest;
mod marks;
mod swap;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use manifest::Manifest;
pub use marks::MARKER;
use marks::STAGING_MARK;
use swap::Names;

/// A report folder being written, and the lock that keeps other builds out.
pub struct Staging {
    out: PathBuf,
    name: OsString,
    dir: PathBuf,
    /// The SHA-256 of each file written through `write`, for the marker.
    written: RefCell<BTreeMap<String, String>>,
    /// Swapped in: `dir` now holds the old report, no longer a staging folder.
    swapped: bool,
    /// Held until the build ends; the system releases it if the process dies.
    _lock: File,
}

/// What happened besides the swap, for the user: repairs, and leftovers that
/// could not be removed.
pub type Notes = Vec<String>;

impl Staging {
    /// Locks `out`, repairs what killed builds left, checks that `out` may be
    /// replaced, then makes the folder to write into. `waiting` is shown when
    /// another build holds the lock and this one waits for it.
    pub fn begin(out: &Path, waiting: impl Fn(&str)) -> Result<(Staging, Notes)> {
        let out = resolve(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .with_context(|| format!("{} is not a folder name", out.display()))?
            .to_os_string();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let names = Names { name: &name };
        let lock = lock(&parent.join(names.lock_file()), &out, waiting)?;
        let notes = swap::recover(&parent, &out, &names).with_context(|| {
            format!(
                "cannot repair what an earlier build left beside {}",
                out.display()
            )
        })?;
        check_replaceable(&out)?;
        let dir = make_staging(&parent, &names)?;
        let staging = Staging {
            out,
            dir,
            name,
            written: RefCell::default(),
            swapped: false,
            _lock: lock,
        };
        Ok((staging, notes))
    }

    /// Where a file of the report goes while it is being written.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        self.written
            .borrow_mut()
            .insert(relative.to_string(), Manifest::hash(bytes));
        fault::point(&format!("write:{relative}"))?;
        Ok(())
    }

    /// Lists the files in the marker and swaps the folder in for `out`. The
    /// old report is removed afterwards; if that fails the new report is in
    /// place all the same (the build succeeded), the returned notes say what
    /// was left, and the next build removes it.
    pub fn commit(mut self) -> Result<Notes> {
        let manifest = Manifest::of_folder(&self.dir, &self.written.borrow())?;
        self.write(MARKER, manifest.to_text().as_bytes())?;
        let mark = self.path(STAGING_MARK);
        fs::remove_file(&mark).with_context(|| format!("cannot remove {}", mark.display()))?;
        fault::point("marked")?;
        // Checked again: the folder may have changed while the report was built.
        check_replaceable(&self.out)?;
        fault::point("checked")?;
        let names = Names { name: &self.name };
        let tag = tag_of(&self.dir, &names);
        let aside = self.dir.with_file_name(names.aside_folder(&tag));
        let old = swap::replace(&self.dir, &self.out, &aside)
            .with_context(|| format!("cannot move the new report to {}", self.out.display()))?;
        self.swapped = true;
        let mut notes = Notes::new();
        if let Some(old) = old {
            // A file the user wrote into `--out` while this build was swapping.
            if let Some(mismatch) = swap::foreign(&old) {
                notes.push(format!(
                    "warning: the new report is at {}; the previous one, now at {}, was left \
                     there because {mismatch}",
                    self.out.display(),
                    old.display()
                ));
            } else if let Err(e) = swap::remove_marked(&old, "old") {
                notes.push(format!(
                    "warning: the new report is at {}, but the previous one could not be removed \
                     from {}: {e}; the next build removes it",
                    self.out.display(),
                    old.display()
                ));
            }
        }
        Ok(notes)
    }
}

impl Drop for Staging {
    /// An unfinished build leaves nothing behind (a killed one is cleaned up
    /// by the next build).
    fn drop(&mut self) {
        if !self.swapped && self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The folder `--out` names: a trailing `/` or `/.` dropped, and links
/// followed to the path they lead to, so the report goes into the link's
/// folder (made if it does not exist yet) and the link stays.
fn resolve(out: &Path) -> Result<PathBuf> {
    let mut path: PathBuf = out.components().collect();
    // As many hops as Linux follows before it reports a loop.
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        let target = fs::read_link(&path)
            .with_context(|| format!("cannot read the link {}", path.display()))?;
        path = match path.parent() {
            Some(parent) => parent.join(target),
            None => target,
        }
        .components()
        .collect();
    }
    bail!(
        "refusing to build into {}: its links lead round in a circle",
        out.display()
    )
}

/// Takes the advisory lock on `path`, waiting for another build that holds it.
fn lock(path: &Path, out: &Path, waiting: impl Fn(&str)) -> Result<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(TryLockError::WouldBlock) => waiting(&format!(
            "waiting for another build into {} to finish (it holds {})",
            out.display(),
            path.display()
        )),
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(file)
}

/// A new folder beside `out`, `.NAME.aimarket-new-` and a random suffix (never
/// the name of a folder already there), marked as a build's staging folder
/// before anything is written into it. It is removed again if that fails.
fn make_staging(parent: &Path, names: &Names) -> Result<PathBuf> {
    let prefix = names.new_folder("");
    let made = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a folder in {}", parent.display()))?;
    fault::point("staging:made")?;
    let mark = made.path().join(STAGING_MARK);
    fs::write(&mark, format!("{}\n", std::process::id()))
        .with_context(|| format!("cannot write {}", mark.display()))?;
    fault::point("staging:marked")?;
    let kept = made.keep();
    // `tempfile` made the path absolute; messages name the folder as `--out` was given.
    Ok(parent.join(kept.file_name().expect("a folder name")))
}

/// The random suffix: `x7Kq2b` from `.output.aimarket-new-x7Kq2b`.
fn tag_of(dir: &Path, names: &Names) -> String {
    let tag = dir.file_name().and_then(|name| names.tag_of(name));
    String::from_utf8_lossy(tag.unwrap_or_default()).into_owned()
}

/// `out` may be replaced when it does not exist, is an empty folder, or holds
/// exactly the files its marker lists, unchanged; anything else is the user's.
fn check_replaceable(out: &Path) -> Result<()> {
    if !swap::exists(out) {
        return Ok(());
    }
    if !out.is_dir() {
        bail!("refusing to replace {}: it is not a folder", out.display());
    }
    let empty = fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    let Some(manifest) = Manifest::read(out)? else {
        bail!(
            "refusing to replace {}: it is not empty and was not written by aimarket (no {MARKER} file); \
             choose another --out or empty it",
            out.display()
        );
    };
    let mismatch = manifest.first_mismatch(out, false)?;
    if let Some(manifest::Mismatch::Unknown(path)) = &mismatch {
        if manifest.is_empty() {
            bail!(
                "refusing to replace {}: its {MARKER} lists no files (an older aimarket or another \
                 program wrote it) and it holds {path}; check the folder and empty it, or choose another --out",
                out.display()
            );
        }
    }
    if let Some(mismatch) = mismatch {
        bail!(
            "refusing to replace {}: {mismatch}; move it out of the folder or choose another --out",
            out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    fn begin(out: &Path) -> Result<Staging> {
        Staging::begin(out, |_| {}).map(|(staging, _)| staging)
    }

    /// Everything in `dir` but the lock file.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".aimarket-lock"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_then_swaps_in_with_a_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let staging = begin(&out).unwrap();
        staging.write("charts/a.svg", b"<svg/>").unwrap();
        assert!(!out.exists(), "nothing appears before the commit");
        assert!(staging.commit().unwrap().is_empty());
        assert_eq!(fs::read(out.join("charts/a.svg")).unwrap(), b"<svg/>");
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.ends_with("  charts/a.svg\n"), "{marker}");
        // A second build replaces the first whole.
        let staging = begin(&out).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("charts/a.svg").exists());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        // Nothing is left beside it but the lock file.
        assert_eq!(entries(tmp.path()), ["report"]);
        assert!(tmp.path().join(".report.aimarket-lock").is_file());
    }

    #[test]
    fn an_unfinished_build_leaves_the_old_report() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let staging = begin(&out).unwrap();
        staging.write("index.html", b"old").unwrap();
        staging.commit().unwrap();
        {
            let staging = begin(&out).unwrap();
            staging.write("index.html", b"half").unwrap();
            // Dropped without commit: a failure mid-build.
        }
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(entries(tmp.path()), ["report"]);
    }

    #[test]
    fn a_users_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "keep me").unwrap();
        let error = begin(&out).err().unwrap().to_string();
        assert!(error.starts_with("refusing to replace"), "{error}");
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).unwrap(),
            "keep me"
        );
        // An empty folder is fine.
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(begin(&empty).is_ok());
    }

    #[test]
    fn a_file_added_to_a_report_stops_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let staging = begin(&out).unwrap();
        staging.write("data/a.csv", b"x\n1\n").unwrap();
        staging.commit().unwrap();
        fs::write(out.join("data/mine.csv"), "y\n").unwrap();
        let error = format!("{:#}", begin(&out).err().unwrap());
        let expected =
            "refusing to replace REPORT: it holds data/mine.csv, which aimarket did not write";
        assert!(
            error.starts_with(&expected.replace("REPORT", &out.display().to_string())),
            "{error}"
        );
        assert_eq!(fs::read(out.join("data/mine.csv")).unwrap(), b"y\n");
    }

    #[test]
    fn an_empty_marker_does_not_make_a_folder_aimarkets() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(MARKER), "").unwrap();
        fs::write(out.join("notes.txt"), "keep me").unwrap();
        let error = format!("{:#}", begin(&out).err().unwrap());
        assert!(
            error.contains(": its .aimarket-output lists no files"),
            "{error}"
        );
        assert!(error.contains("it holds notes.txt;"), "{error}");
        assert!(out.join("notes.txt").is_file());
    }

    #[test]
    fn staging_names_step_around_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let names = Names {
            name: OsStr::new("report"),
        };
        let pid = std::process::id();
        // A folder of the older naming that a user happens to have, unmarked.
        let older = tmp.path().join(names.new_folder(&format!("{pid}-0")));
        fs::create_dir(&older).unwrap();
        fs::write(older.join("keep.txt"), "mine").unwrap();
        // The suffixes are random, drawn from `fastrand`: with the same seed,
        // the second build's first choice is the first build's folder.
        fastrand::seed(7);
        let first = make_staging(tmp.path(), &names).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fastrand::seed(7);
        let same = make_staging(elsewhere.path(), &names).unwrap();
        assert_eq!(same.file_name(), first.file_name());
        fastrand::seed(7);
        let second = make_staging(tmp.path(), &names).unwrap();
        assert_ne!(second, first);
        for dir in [&first, &second] {
            assert_eq!(dir.parent(), Some(tmp.path()));
            let tag = tag_of(dir, &names);
            assert!(!tag.is_empty() && !tag.contains(std::path::MAIN_SEPARATOR));
            assert_eq!(dir.file_name(), Some(names.new_folder(&tag).as_os_str()));
            // Marked before anything else is written into it.
            assert_eq!(entries(dir), [STAGING_MARK]);
            let mark = fs::read_to_string(dir.join(STAGING_MARK)).unwrap();
            assert_eq!(mark, format!("{pid}\n"));
        }
        assert_eq!(entries(&older), ["keep.txt"]);
    }
}
