//! The marker of a report folder: the list of files `aimarket build` wrote, with
//! their SHA-256, in the format `sha256sum -c` reads.
//!
//! A folder is aimarket's own only while it holds exactly those files with those
//! bytes; anything else in it (a user's note, an edited chart) is the user's and
//! stops a build from replacing the folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::marks::{MARKER, STAGING_MARK};
use crate::diagnostics::printable;

const HEADER: &str =
    "# Written by `aimarket build`, which replaces this folder whole on each build.\n\
# The files it wrote and their SHA-256 (check them with `sha256sum -c .aimarket-output`):\n";

/// Relative path (with `/`) to lowercase hex SHA-256.
#[derive(Debug, Default, PartialEq)]
pub struct Manifest {
    files: BTreeMap<String, String>,
}

/// The first thing in a folder that does not match its manifest.
#[derive(Debug, PartialEq)]
pub enum Mismatch {
    /// A file or folder the manifest does not list.
    Unknown(String),
    /// A listed file whose bytes changed.
    Changed(String),
    /// A listed file that is gone.
    Missing(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Unknown(path) => {
                write!(
                    f,
                    "it holds {}, which aimarket did not write",
                    printable(path)
                )
            }
            Mismatch::Changed(path) => {
                write!(f, "{} was changed after aimarket wrote it", printable(path))
            }
            Mismatch::Missing(path) => write!(f, "{} is missing", printable(path)),
        }
    }
}

impl Manifest {
    /// Every file under `dir` (the markers aside), hashed; `known` holds the
    /// hashes of files whose bytes were hashed as they were written, so they
    /// are not read back.
    pub fn of_folder(dir: &Path, known: &BTreeMap<String, String>) -> Result<Manifest> {
        let mut files = BTreeMap::new();
        for (path, kind) in walk(dir)? {
            if kind == Kind::File && path != MARKER && path != STAGING_MARK {
                let hash = match known.get(&path) {
                    Some(hash) => hash.clone(),
                    None => hash_file(&dir.join(&path))?,
                };
                files.insert(path, hash);
            }
        }
        Ok(Manifest { files })
    }

    pub fn hash(bytes: &[u8]) -> String {
        format!("{:x}", Sha256::digest(bytes))
    }

    /// The manifest in `dir`'s marker; `None` when there is no marker. A marker
    /// that lists nothing (an older aimarket's) makes every file unknown.
    pub fn read(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MARKER);
        // Only a plain file is a marker (reading a FIFO would wait forever).
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return Ok(None);
        }
        let text = match fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Ok(Some(Manifest::parse(&text)))
    }

    fn parse(text: &str) -> Manifest {
        let files = text
            .lines()
            .filter_map(|line| {
                let (hash, path) = line.split_once("  ")?;
                let is_hash = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
                is_hash.then(|| (path.to_string(), hash.to_ascii_lowercase()))
            })
            .collect();
        Manifest { files }
    }

    /// A marker that lists no file: an older aimarket's, or not aimarket's.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn to_text(&self) -> String {
        let mut text = String::from(HEADER);
        for (path, hash) in &self.files {
            text.push_str(&format!("{hash}  {path}\n"));
        }
        text
    }

    /// The first entry of `dir` (in path order) that the manifest does not
    /// account for; missing files count only when `complete` is asked for.
    pub fn first_mismatch(&self, dir: &Path, complete: bool) -> Result<Option<Mismatch>> {
        let folders: BTreeSet<&str> = self.files.keys().flat_map(|path| ancestors(path)).collect();
        let mut seen = 0;
        for (path, kind) in walk(dir)? {
            if path == MARKER || path == STAGING_MARK {
                continue;
            }
            let known = match kind {
                // A folder of the user's is named by its first file, if any.
                Kind::Folder => folders.contains(path.as_str()) || !is_empty(&dir.join(&path)),
                Kind::File => match self.files.get(&path) {
                    Some(hash) => {
                        seen += 1;
                        if *hash != hash_file(&dir.join(&path))? {
                            return Ok(Some(Mismatch::Changed(path)));
                        }
                        true
                    }
                    None => false,
                },
                Kind::Other => false,
            };
            if !known {
                return Ok(Some(Mismatch::Unknown(path)));
            }
        }
        if complete && seen < self.files.len() {
            let missing = self
                .files
                .keys()
                .find(|path| !dir.join(path).is_file())
                .cloned()
                .unwrap_or_default();
            return Ok(Some(Mismatch::Missing(missing)));
        }
        Ok(None)
    }
}

pub fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `charts/a.svg` -> `charts`; `a/b/c.txt` -> `a`, `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    File,
    Folder,
    /// A link, socket or anything else: never aimarket's.
    Other,
}

/// Every entry under `dir`, folders before their contents, in path order; links
/// are not followed.
fn walk(dir: &Path) -> Result<Vec<(String, Kind)>> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let entries =
            fs::read_dir(&folder).with_context(|| format!("cannot list {}", folder.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", folder.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            let kind = match entry.file_type() {
                Ok(t) if t.is_file() => Kind::File,
                Ok(t) if t.is_dir() => Kind::Folder,
                _ => Kind::Other,
            };
            if kind == Kind::Folder {
                pending.push((entry.path(), format!("{path}/")));
            }
            found.push((path, kind));
        }
    }
    found.sort();
    Ok(found)
}

fn hash_file(path: &PathBuf) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Manifest::hash(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = tmp.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        tmp
    }

    #[test]
    fn lists_files_in_sha256sum_format() {
        let tmp = folder(&[("index.html", "abc"), ("charts/a.svg", "")]);
        let text = Manifest::of_folder(tmp.path(), &BTreeMap::new())
            .unwrap()
            .to_text();
        // `printf abc | sha256sum` and `sha256sum /dev/null`, by hand.
        assert!(text.ends_with(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  charts/a.svg\n\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  index.html\n"
        ));
        assert!(text.starts_with("# Written by `aimarket build`"));
        assert_eq!(
            Manifest::parse(&text),
            Manifest::of_folder(tmp.path(), &BTreeMap::new()).unwrap()
        );
    }

    #[test]
    fn names_the_first_thing_it_does_not_account_for() {
        let tmp = folder(&[("index.html", "abc"), ("charts/a.svg", "<svg/>")]);
        let manifest = Manifest::of_folder(tmp.path(), &BTreeMap::new()).unwrap();
        fs::write(tmp.path().join(MARKER), manifest.to_text()).unwrap();
        assert_eq!(manifest.first_mismatch(tmp.path(), true).unwrap(), None);

        fs::write(tmp.path().join("charts/notes.txt"), "mine").unwrap();
        fs::create_dir(tmp.path().join("drafts")).unwrap();
        assert_eq!(
            manifest.first_mismatch(tmp.path(), false).unwrap(),
            Some(Mismatch::Unknown("charts/notes.txt".into()))
        );
        fs::remove_file(tmp.path().join("charts/notes.txt")).unwrap();
        assert_eq!(
            manifest.first_mismatch(tmp.path(), false).unwrap(),
            Some(Mismatch::Unknown("drafts".into()))
        );
        fs::remove_dir(tmp.path().join("drafts")).unwrap();

        fs::write(tmp.path().join("index.html"), "edited").unwrap();
        assert_eq!(
            manifest.first_mismatch(tmp.path(), false).unwrap(),
            Some(Mismatch::Changed("index.html".into()))
        );
        fs::remove_file(tmp.path().join("index.html")).unwrap();
        assert_eq!(manifest.first_mismatch(tmp.path(), false).unwrap(), None);
        assert_eq!(
            manifest.first_mismatch(tmp.path(), true).unwrap(),
            Some(Mismatch::Missing("index.html".into()))
        );
    }

    #[test]
    fn an_empty_marker_accounts_for_nothing() {
        let tmp = folder(&[(MARKER, ""), ("notes.txt", "mine")]);
        let manifest = Manifest::read(tmp.path()).unwrap().unwrap();
        assert_eq!(
            manifest.first_mismatch(tmp.path(), false).unwrap(),
            Some(Mismatch::Unknown("notes.txt".into()))
        );
        assert_eq!(Manifest::read(&tmp.path().join("none")).unwrap(), None);
    }
}
