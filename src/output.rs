//! Writing the report folder safely (SPEC section 7).
//!
//! Everything is written into a fresh folder beside `--out` and swapped in only
//! when complete, so a failed build leaves the previous report untouched. The
//! folder carries a marker file; a non-empty folder without it is a user's
//! folder and is never replaced.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The file that marks a folder as written by `aimarket build`.
pub const MARKER: &str = ".aimarket-output";
const MARKER_TEXT: &str =
    "This folder is written by `aimarket build` and replaced whole by each build.\n";

/// A report folder being written.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// Checks that `out` may be replaced, then makes the folder to write into.
    pub fn begin(out: &Path) -> Result<Staging> {
        check_replaceable(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out
            .file_name()
            .with_context(|| format!("{} is not a folder name", out.display()))?
            .to_string_lossy()
            .into_owned();
        let dir = parent.join(format!(".{name}.aimarket-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
        })
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
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Swaps the finished folder in for `out`.
    pub fn commit(self) -> Result<()> {
        self.write(MARKER, MARKER_TEXT.as_bytes())?;
        // Checked again: the folder may have changed while the report was built.
        check_replaceable(&self.out)?;
        let old = self.dir.with_file_name(format!(
            "{}-old",
            self.dir.file_name().expect("named").to_string_lossy()
        ));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)
                .with_context(|| format!("cannot move {} aside", self.out.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(e)
                .with_context(|| format!("cannot move the new report to {}", self.out.display()));
        }
        if had_old {
            fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An unfinished build leaves nothing behind.
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `out` may be replaced when it does not exist, is an empty folder, or carries
/// the marker; anything else belongs to the user.
fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!("refusing to replace {}: it is not a folder", out.display());
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if !empty {
        bail!(
            "refusing to replace {}: it is not empty and was not written by aimarket (no {MARKER} file); \
             choose another --out or empty it",
            out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_swaps_in_with_a_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let staging = Staging::begin(&out).unwrap();
        staging.write("charts/a.svg", b"<svg/>").unwrap();
        assert!(!out.exists(), "nothing appears before the commit");
        staging.commit().unwrap();
        assert_eq!(fs::read(out.join("charts/a.svg")).unwrap(), b"<svg/>");
        assert!(out.join(MARKER).is_file());
        // A second build replaces the first whole.
        let staging = Staging::begin(&out).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("charts/a.svg").exists());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        // Nothing is left beside it.
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unfinished_build_leaves_the_old_report() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let staging = Staging::begin(&out).unwrap();
        staging.write("index.html", b"old").unwrap();
        staging.commit().unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            staging.write("index.html", b"half").unwrap();
            // Dropped without commit: a failure mid-build.
        }
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_users_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "keep me").unwrap();
        let error = Staging::begin(&out).err().unwrap().to_string();
        assert!(error.starts_with("refusing to replace"), "{error}");
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).unwrap(),
            "keep me"
        );
        // An empty folder is fine.
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(Staging::begin(&empty).is_ok());
    }
}
