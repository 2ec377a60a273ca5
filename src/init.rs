//! `init`: a new data repository, ready for `check` and `build`. Everything it
//! writes is built into the binary: the header rows come from the data files'
//! columns (SPEC section 3), and `--example` writes the shipped dataset and
//! project file as they were when the binary was built.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::config::InitConfig;
use crate::model::DataFile;
use crate::streams::to_stdout;

/// The shipped dataset, file by file.
const EXAMPLE_DATA: [(DataFile, &str); 12] = [
    (DataFile::Sources, include_str!("../data/sources.csv")),
    (DataFile::Companies, include_str!("../data/companies.csv")),
    (DataFile::Products, include_str!("../data/products.csv")),
    (DataFile::Earnings, include_str!("../data/earnings.csv")),
    (DataFile::Capex, include_str!("../data/capex.csv")),
    (DataFile::Targets, include_str!("../data/targets.csv")),
    (DataFile::Users, include_str!("../data/users.csv")),
    (DataFile::Campaigns, include_str!("../data/campaigns.csv")),
    (DataFile::Events, include_str!("../data/events.csv")),
    (DataFile::Stack, include_str!("../data/stack.csv")),
    (DataFile::Fx, include_str!("../data/fx.csv")),
    (DataFile::Claims, include_str!("../data/claims.csv")),
];

/// The project file of a new repository: every key shown, commented out.
const PROJECT_FILE: &str = include_str!("../assets/init/aimarket.toml");
/// The shipped project file, for `--example`.
const EXAMPLE_PROJECT_FILE: &str = include_str!("../aimarket.toml");
const README: &str = include_str!("../assets/init/README.md");
const WORKFLOW: &str = include_str!("../.github/workflows/report.yml");
/// What a build leaves that is not the repository's: the report, cargo's
/// folder, and beside the report the lock every build takes (and, after a
/// build was killed, its staging folders).
const GITIGNORE: &str = "output/\ntarget/\n.*.aimarket-*\n";

/// The line of the workflow that says where CI installs aimarket from: the
/// checked-out source in aimarket's own repository.
const INSTALL_HERE: &str = "  AIMARKET_INSTALL: --path .\n";

/// The workflow of a repository of data: the same file, installing a release
/// of aimarket. The repository it comes from is the user's to name (the
/// workflow stops with an annotation until OWNER is replaced).
fn workflow() -> String {
    WORKFLOW.replacen(
        INSTALL_HERE,
        &format!(
            "  AIMARKET_INSTALL: --git https://github.com/OWNER/aimarket --tag v{}\n",
            env!("CARGO_PKG_VERSION")
        ),
        1,
    )
}

/// Writes the repository into an empty or new folder, then says what it wrote
/// and what to run next. The files are written into a staging folder first
/// and moved in only when all are written, so a failed `init` leaves nothing
/// behind that a second `init` would refuse.
pub fn run(task: &InitConfig) -> Result<ExitCode> {
    let dir = &task.dir;
    let existing = refuse_unless_empty(dir)?;
    let files = files(task.example);
    install(dir, existing, &files)?;
    to_stdout(summary(dir, &files, task.example).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `files` into a staging folder, then moves them into `dir`: the
/// whole folder in one rename when `dir` is new, else each top-level entry.
fn install(dir: &Path, existing: bool, files: &[(PathBuf, String)]) -> Result<()> {
    if existing {
        let staging = Staging::make(dir, ".aimarket-init")?;
        write_all(&staging.path, files)?;
        for name in top_level(files) {
            move_into(&staging.path.join(&name), &dir.join(&name))?;
        }
    } else {
        let parent = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        let staging = Staging::make(parent, &format!(".{name}.aimarket-init"))?;
        write_all(&staging.path, files)?;
        move_into(&staging.path, dir)?;
        staging.done();
    }
    Ok(())
}

/// A folder that files are written into before they are moved in place;
/// removed with what it holds unless the move took it.
struct Staging {
    path: PathBuf,
    moved: bool,
}

impl Staging {
    /// `IN/PREFIX-PID`, made with the permissions any new folder gets.
    fn make(within: &Path, prefix: &str) -> Result<Staging> {
        let path = within.join(format!("{prefix}-{}", std::process::id()));
        // A folder of that name is one a killed `init` of the same number left.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Staging { path, moved: false })
    }

    fn done(mut self) {
        self.moved = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.moved {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn write_all(root: &Path, files: &[(PathBuf, String)]) -> Result<()> {
    for (name, contents) in files {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The first part of each path, once each: `data`, `.github`, `aimarket.toml`.
fn top_level(files: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = Vec::new();
    for (name, _) in files {
        if let Some(first) = name.components().next() {
            let first = PathBuf::from(first.as_os_str());
            if !names.contains(&first) {
                names.push(first);
            }
        }
    }
    names
}

fn move_into(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).with_context(|| format!("cannot move {} into place", to.display()))
}

/// A folder that exists must be empty (but for `.git`): `init` never
/// overwrites or mixes in. Says whether it exists; a link is followed, and a
/// link to nothing is refused by name.
fn refuse_unless_empty(dir: &Path) -> Result<bool> {
    if !dir.exists() {
        if let Ok(target) = std::fs::read_link(dir) {
            bail!(
                "{} is a link to {}, which does not exist: make that folder, or name another",
                dir.display(),
                target.display()
            );
        }
        return Ok(false);
    }
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    // A fresh clone of an empty git repository holds `.git` alone: that is empty too.
    let mut entries = entries.filter(|e| e.as_ref().map_or(true, |e| e.file_name() != ".git"));
    if entries.next().is_some() {
        bail!(
            "{} is not empty: init starts a repository only in an empty or new folder",
            dir.display()
        );
    }
    Ok(true)
}

/// Every file of the new repository, by its path inside it.
fn files(example: bool) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (
            PathBuf::from("aimarket.toml"),
            if example {
                EXAMPLE_PROJECT_FILE
            } else {
                PROJECT_FILE
            }
            .to_string(),
        ),
        (PathBuf::from("README.md"), README.to_string()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
        (PathBuf::from(".github/workflows/report.yml"), workflow()),
    ];
    for (file, shipped) in EXAMPLE_DATA {
        let contents = if example {
            shipped.to_string()
        } else {
            header_row(file)
        };
        files.push((Path::new("data").join(file.file_name()), contents));
    }
    files
}

/// A data file with its header row alone: every column, optional ones too.
fn header_row(file: DataFile) -> String {
    let names: Vec<&str> = file.columns().iter().map(|c| c.name).collect();
    names.join(",") + "\n"
}

/// `created in DIR:` with each file, then the commands to run next.
fn summary(dir: &Path, files: &[(PathBuf, String)], example: bool) -> String {
    let mut out = format!("created in {}:\n", dir.display());
    for (name, _) in files {
        out.push_str(&format!("  {}\n", name.display()));
    }
    out.push_str(if example {
        "data/ holds the example dataset.\n"
    } else {
        "data/ holds each data file with its header row; add rows, then check them.\n"
    });
    out.push_str("next:\n");
    if dir != Path::new(".") {
        out.push_str(&format!(
            "  cd {}\n",
            shell_word(&dir.display().to_string())
        ));
    }
    out.push_str("  aimarket check\n  aimarket build\n  aimarket serve --open\n");
    out.push_str(
        "before the first push: in .github/workflows/report.yml, put the aimarket repository \
         to install from in place of OWNER; on GitHub, set Settings > Pages > Source to \
         GitHub Actions\n",
    );
    out
}

/// A path as a shell reads it back: as it is when it is plain, else in
/// single quotes (`my dir` -> `'my dir'`); one that starts with `-` after
/// `./`, so that `cd` does not read it as options.
fn shell_word(path: &str) -> String {
    if path.starts_with('-') {
        return shell_word(&format!("./{path}"));
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "._/-+,".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_a_shell_reads_them() {
        assert_eq!(shell_word("new/repo"), "new/repo");
        assert_eq!(shell_word("my dir"), "'my dir'");
        assert_eq!(shell_word("$(x)"), "'$(x)'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        // Regression: `cd -rf` was printed for a folder named `-rf`.
        assert_eq!(shell_word("-rf"), "./-rf");
        assert_eq!(shell_word("-a b"), "'./-a b'");
    }

    /// Regression: a failed `init` left a half-written folder that a second
    /// `init` refused.
    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let root = tempfile::tempdir().unwrap();
        // The second file's folder is the first file: it cannot be written.
        let files = [
            (PathBuf::from("a.txt"), "a".to_string()),
            (PathBuf::from("a.txt/b.txt"), "b".to_string()),
        ];
        let new = root.path().join("new");
        assert!(install(&new, false, &files).is_err());
        let existing = root.path().join("existing");
        std::fs::create_dir(&existing).unwrap();
        assert!(install(&existing, true, &files).is_err());
        let left: Vec<_> = walk(root.path());
        assert_eq!(left, [PathBuf::from("existing")]);
        // And the same files but the bad one go in whole.
        install(&new, false, &files[..1]).unwrap();
        install(&existing, true, &files[..1]).unwrap();
        assert_eq!(
            walk(root.path()),
            ["existing", "existing/a.txt", "new", "new/a.txt"].map(PathBuf::from)
        );
    }

    /// Every path under `root`, sorted, relative to it.
    fn walk(root: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path.clone());
                }
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
        found.sort();
        found
    }

    #[test]
    fn the_workflow_of_a_data_repository_installs_a_release() {
        assert_eq!(WORKFLOW.matches(INSTALL_HERE).count(), 1);
        let written = workflow();
        assert!(!written.contains(INSTALL_HERE));
        assert!(written.contains(&format!(
            "\n  AIMARKET_INSTALL: --git https://github.com/OWNER/aimarket --tag v{}\n",
            env!("CARGO_PKG_VERSION")
        )));
        assert_eq!(written.lines().count(), WORKFLOW.lines().count());
    }

    #[test]
    fn header_rows_list_every_column() {
        assert_eq!(
            header_row(DataFile::Companies),
            "id,name,bloc,country,currency,fiscal_year_end,color\n"
        );
        assert_eq!(
            header_row(DataFile::Events),
            "date,company,title,category,source\n"
        );
    }

    #[test]
    fn the_commented_project_file_shows_every_key_and_each_is_valid() {
        let keys: Vec<&str> = PROJECT_FILE
            .lines()
            .filter_map(|line| line.strip_prefix("# ")?.split_once(" = "))
            .map(|(key, _)| key)
            .collect();
        assert_eq!(keys, crate::project::KEYS);
        let uncommented: String = PROJECT_FILE
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") => format!("{rest}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        let project = crate::project::parse(uncommented.as_bytes(), "aimarket.toml", Path::new(""))
            .expect("every example value is valid");
        assert_eq!(project.top_products, Some(7));
        assert_eq!(project.sections.map(|s| s.len()), Some(10));
    }

    #[test]
    fn the_example_is_every_data_file_but_parquet() {
        let names: Vec<DataFile> = EXAMPLE_DATA.iter().map(|(f, _)| *f).collect();
        let expected: Vec<DataFile> = DataFile::ALL
            .into_iter()
            .filter(|f| *f != DataFile::UsersParquet)
            .collect();
        assert_eq!(names, expected);
    }
}
