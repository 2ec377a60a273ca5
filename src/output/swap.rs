//! Putting a finished report folder where the old one was, and repairing what
//! a killed build left beside it.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: at every instant
//! `--out` holds either the old report or the new one. Elsewhere (or on a file
//! system without the exchange) it is two renames, old aside then new in; a
//! kill between them leaves no `--out`, and the next build puts the old report
//! back before anything else.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fault;
use super::manifest::{is_empty, Manifest, Mismatch};
use super::marks::{MARKER, STAGING_MARK};

/// Whether anything (a link included) is at `path`.
pub fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Puts the folder `new` at `out`. The old report, if there was one, ends at
/// the returned path (`new` after an exchange, `aside` after two renames),
/// still whole, for the caller to remove.
pub fn replace(new: &Path, out: &Path, aside: &Path) -> io::Result<Option<PathBuf>> {
    if !exists(out) {
        fs::rename(new, out)?;
        fault::point("swap:renamed-in")?;
        return Ok(None);
    }
    if !fault::no_exchange() && exchange(new, out)? {
        fault::point("swap:exchanged")?;
        return Ok(Some(new.to_path_buf()));
    }
    fs::rename(out, aside)?;
    fault::point("swap:moved-aside")?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(aside, out);
        return Err(e);
    }
    fault::point("swap:renamed-in")?;
    Ok(Some(aside.to_path_buf()))
}

/// Swaps `a` and `b` in one step; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel, or a file system without the exchange.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes a folder of aimarket's own, its markers last, so that a removal
/// cut short leaves a folder still marked as aimarket's for the next build.
pub fn remove_marked(dir: &Path, label: &str) -> io::Result<()> {
    let mut first = true;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == MARKER || name == STAGING_MARK {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
        if std::mem::take(&mut first) {
            fault::point(&format!("{label}:removing"))?;
        }
    }
    for mark in [MARKER, STAGING_MARK] {
        match fs::remove_file(dir.join(mark)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    fs::remove_dir(dir)?;
    fault::point(&format!("{label}:removed"))
}

/// A folder carries one of aimarket's markers, or is empty (a build killed
/// right after making it).
fn is_marked(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || dir.join(STAGING_MARK).is_file() || is_empty(dir)
}

/// The names of the temporary folders of the report folder `name`, as bytes
/// of the platform (a name that is not UTF-8 keeps its own bytes).
pub struct Names<'a> {
    pub name: &'a OsStr,
}

impl Names<'_> {
    fn with(&self, rest: &str) -> OsString {
        let mut name = OsString::from(".");
        name.push(self.name);
        name.push(".aimarket-");
        name.push(rest);
        name
    }

    pub fn new_folder(&self, tag: &str) -> OsString {
        self.with(&format!("new-{tag}"))
    }

    pub fn aside_folder(&self, tag: &str) -> OsString {
        self.with(&format!("old-{tag}"))
    }

    pub fn lock_file(&self) -> OsString {
        self.with("lock")
    }

    /// What follows `new-` in the name of a staging folder.
    pub fn tag_of<'n>(&self, file_name: &'n OsStr) -> Option<&'n [u8]> {
        file_name
            .as_encoded_bytes()
            .strip_prefix(self.new_folder("").as_encoded_bytes())
    }

    /// `Some(true)` for a folder holding an old report, `Some(false)` for a new
    /// one, `None` for anything not aimarket's.
    fn kind_of(&self, file_name: &OsStr) -> Option<bool> {
        let bytes = file_name.as_encoded_bytes();
        let rest = bytes.strip_prefix(self.with("").as_encoded_bytes())?;
        if rest.starts_with(b"old-") {
            Some(true)
        } else if rest.starts_with(b"new-") {
            Some(false)
        } else {
            None
        }
    }
}

/// Why a folder of aimarket's own must not be removed: a file in it that
/// aimarket did not write, or that changed since (a user's, written while the
/// folder was still `--out`). Files already removed do not count.
pub fn foreign(dir: &Path) -> Option<Mismatch> {
    match Manifest::read(dir) {
        Ok(Some(manifest)) => manifest.first_mismatch(dir, false).ok().flatten(),
        _ => None,
    }
}

/// Repairs what killed or failed builds left beside `out` (in `parent`): an
/// interrupted two-rename swap is undone by putting the old report back, and
/// leftover temporary folders are removed. Runs under the output lock, so no
/// build that owns them is still running. Returns lines to show the user.
pub fn recover(parent: &Path, out: &Path, names: &Names) -> io::Result<Vec<String>> {
    let mut leftovers = Vec::new();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        if let Some(old) = names.kind_of(&entry.file_name()) {
            if entry.file_type()?.is_dir() {
                leftovers.push((entry.path(), old));
            }
        }
    }
    leftovers.sort();
    let mut lines = Vec::new();
    if !exists(out) {
        let whole = leftovers
            .iter()
            .position(|(path, old)| *old && is_whole(path));
        if let Some(i) = whole {
            let (path, _) = leftovers.remove(i);
            fs::rename(&path, out)?;
            fault::point("recover:restored")?;
            lines.push(format!(
                "note: put the previous report back at {} (a build was stopped while swapping it)",
                out.display()
            ));
        }
    }
    for (path, _) in leftovers {
        if !is_marked(&path) {
            lines.push(format!(
                "warning: left {} alone: it has an aimarket name but no aimarket marker",
                path.display()
            ));
        } else if let Some(mismatch) = foreign(&path) {
            lines.push(format!(
                "warning: left {} alone, as a user's folder: {mismatch}",
                path.display()
            ));
        } else if let Err(e) = remove_marked(&path, "leftover") {
            lines.push(format!(
                "warning: cannot remove {}, left by an earlier build: {e}",
                path.display()
            ));
        }
    }
    Ok(lines)
}

/// A report folder with every file its marker lists, unchanged, and nothing else.
fn is_whole(dir: &Path) -> bool {
    match Manifest::read(dir) {
        Ok(Some(manifest)) => matches!(manifest.first_mismatch(dir, true), Ok(None)),
        _ => false,
    }
}
