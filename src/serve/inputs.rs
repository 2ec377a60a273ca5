//! What a rebuild reads, as the watcher sees it: the files of the data folder
//! (not its subfolders, which the loader never reads), the template files, the
//! project file, and the file each link among them leads to. Their stamps
//! (size, modification time and, for a link, its target) say whether anything
//! a rebuild reads has changed; the folders holding them are the ones to watch,
//! each without what is under it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::report::{STYLESHEET, TEMPLATES};

/// A file's size, its modification time and, when it is a link, the file it
/// leads to (whose size and time the first two are).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    target: Option<PathBuf>,
}

/// The stamp of each file a rebuild reads, by path.
pub type Stamps = BTreeMap<PathBuf, Stamp>;

/// The folders a rebuild reads from, as full paths, so that the paths of the
/// watcher's events (a watched folder joined with a name) can be matched.
pub struct Inputs {
    data: PathBuf,
    templates: Option<PathBuf>,
    project_folder: PathBuf,
    project_file: PathBuf,
}

impl Inputs {
    pub fn new(data: &Path, templates: Option<&Path>, project_file: &Path) -> Result<Inputs> {
        let project_folder = match project_file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let project_folder = full_folder(project_folder)?;
        let name = project_file
            .file_name()
            .with_context(|| format!("{} names no file", project_file.display()))?;
        Ok(Inputs {
            data: full_folder(data)?,
            templates: templates.map(full_folder).transpose()?,
            project_file: project_folder.join(name),
            project_folder,
        })
    }

    /// The stamps of what a rebuild would read now. Unreadable entries are
    /// left out: the rebuild reports them.
    pub fn stamps(&self) -> Stamps {
        let mut stamps = Stamps::new();
        if let Ok(entries) = fs::read_dir(&self.data) {
            for entry in entries.flatten() {
                add_stamp(&mut stamps, entry.path());
            }
        }
        for file in self.template_files() {
            add_stamp(&mut stamps, file);
        }
        add_stamp(&mut stamps, self.project_file.clone());
        stamps
    }

    /// The folders to watch, each without its subfolders: the data folder,
    /// the templates folder and those of its subfolders that hold templates,
    /// the project file's folder, and the folder of each link's target.
    pub fn folders(&self, stamps: &Stamps) -> BTreeSet<PathBuf> {
        let mut folders = BTreeSet::from([self.data.clone(), self.project_folder.clone()]);
        if let Some(templates) = &self.templates {
            folders.insert(templates.clone());
            folders.extend(
                self.template_files()
                    .filter_map(|file| file.parent().map(Path::to_path_buf))
                    .filter(|folder| folder.is_dir()),
            );
        }
        let targets = stamps.values().filter_map(|stamp| stamp.target.as_deref());
        folders.extend(targets.filter_map(|target| target.parent().map(Path::to_path_buf)));
        folders
    }

    /// Whether a change at `path` (a watched folder joined with a name) may
    /// change what a rebuild reads: any entry of the data folder, a template
    /// file or its folder, the project file, a link's target, or a watched
    /// folder itself.
    pub fn concern(&self, path: &Path, stamps: &Stamps) -> bool {
        path.parent() == Some(self.data.as_path())
            || path == self.data
            || path == self.project_file
            || self
                .template_files()
                .any(|file| file == path || file.parent() == Some(path))
            || stamps
                .values()
                .any(|stamp| stamp.target.as_deref() == Some(path))
    }

    /// A watched folder that no build opens (the loader lists the data
    /// folder; the templates and the project file are read by name): the
    /// project file's folder, else the templates folder.
    pub fn unread_folder(&self) -> Option<PathBuf> {
        [Some(&self.project_folder), self.templates.as_ref()]
            .into_iter()
            .flatten()
            .find(|folder| **folder != self.data)
            .cloned()
    }

    /// The path each template would be read from.
    fn template_files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let names = TEMPLATES.iter().map(|(name, _)| *name);
        let names = names.chain([STYLESHEET.0]);
        self.templates
            .iter()
            .flat_map(move |folder| names.clone().map(move |name| folder.join(name)))
    }
}

/// A folder as a full path without links, which is what a watch reports.
fn full_folder(folder: &Path) -> Result<PathBuf> {
    match fs::canonicalize(folder) {
        Ok(full) if full.is_dir() => Ok(full),
        _ => bail!("{} does not exist or is not a folder", folder.display()),
    }
}

/// The stamp of a file (through a link, of its target); folders and what
/// cannot be read are left out.
fn add_stamp(stamps: &mut Stamps, path: PathBuf) {
    let Ok(meta) = fs::metadata(&path) else {
        return;
    };
    if meta.is_dir() {
        return;
    }
    let is_link = fs::symlink_metadata(&path).is_ok_and(|own| own.file_type().is_symlink());
    let target = is_link.then(|| fs::canonicalize(&path).ok()).flatten();
    stamps.insert(
        path,
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            target,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(dir: &Path) -> Inputs {
        let templates = dir.join("templates");
        fs::create_dir_all(templates.join("partials")).unwrap();
        Inputs::new(
            &dir.join("data"),
            Some(&templates),
            &dir.join("aimarket.toml"),
        )
        .unwrap()
    }

    #[test]
    fn stamps_are_of_the_files_read_and_not_of_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        fs::create_dir_all(data.join("archive")).unwrap();
        fs::write(data.join("companies.csv"), "x\n").unwrap();
        fs::write(data.join("archive/companies.csv"), "old\n").unwrap();
        let inputs = inputs(dir.path());
        fs::write(dir.path().join("templates/partials/chart.html"), "c").unwrap();
        fs::write(dir.path().join("templates/notes.txt"), "not a template").unwrap();
        fs::write(dir.path().join("aimarket.toml"), "").unwrap();
        fs::write(dir.path().join("Cargo.toml"), "").unwrap();
        let full = fs::canonicalize(dir.path()).unwrap();
        let names: Vec<_> = inputs.stamps().into_keys().collect();
        assert_eq!(
            names,
            [
                full.join("aimarket.toml"),
                full.join("data/companies.csv"),
                full.join("templates/partials/chart.html"),
            ]
        );
        // A read changes no stamp; a write does.
        let first = inputs.stamps();
        fs::read(data.join("companies.csv")).unwrap();
        assert_eq!(inputs.stamps(), first);
        fs::write(data.join("companies.csv"), "xy\n").unwrap();
        assert_ne!(inputs.stamps(), first);
        // Neither the subfolder nor its files are watched.
        let folders: Vec<_> = inputs.folders(&first).into_iter().collect();
        assert_eq!(
            folders,
            [
                full.clone(),
                full.join("data"),
                full.join("templates"),
                full.join("templates/partials")
            ]
        );
        assert!(!inputs.concern(&full.join("data/archive/companies.csv"), &first));
        assert!(!inputs.concern(&full.join("Cargo.toml"), &first));
        assert!(!inputs.concern(&full.join("templates/partials/x/y.html"), &first));
        assert!(inputs.concern(&full.join("data/new.csv"), &first));
        assert!(inputs.concern(&full.join("templates/partials/claims.html"), &first));
        assert!(inputs.concern(&full.join("templates/partials"), &first));
        assert!(inputs.concern(&full.join("aimarket.toml"), &first));
        // No build opens the project file's folder, unless it holds the data.
        assert_eq!(inputs.unread_folder(), Some(full.clone()));
        let data_here = Inputs::new(&full, Some(&full.join("templates")), &full.join("x.toml"));
        assert_eq!(
            data_here.unwrap().unread_folder(),
            Some(full.join("templates"))
        );
        let nothing_else = Inputs::new(&full, None, &full.join("x.toml")).unwrap();
        assert_eq!(nothing_else.unread_folder(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_stamped_and_watched_by_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let full = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(full.join("data")).unwrap();
        fs::create_dir_all(full.join("elsewhere/deeper")).unwrap();
        let target = full.join("elsewhere/companies.csv");
        fs::write(&target, "x\n").unwrap();
        std::os::unix::fs::symlink(&target, full.join("data/companies.csv")).unwrap();
        let inputs = inputs(&full);
        let first = inputs.stamps();
        let stamp = &first[&full.join("data/companies.csv")];
        assert_eq!((stamp.len, stamp.target.as_ref()), (2, Some(&target)));
        assert!(inputs.folders(&first).contains(&full.join("elsewhere")));
        assert!(inputs.concern(&target, &first));
        assert!(!inputs.concern(&full.join("elsewhere/other.csv"), &first));
        // The target's edit changes the link's stamp.
        fs::write(&target, "xyz\n").unwrap();
        assert_eq!(inputs.stamps()[&full.join("data/companies.csv")].len, 4);
    }
}
