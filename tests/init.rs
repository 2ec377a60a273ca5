//! `aimarket init`: a new data repository that passes `check` and `build` at
//! once, empty or with the shipped dataset, and never a folder that is not empty.

mod common;

use std::fs;
use std::path::Path;

use common::{files, Workdir};

/// The repository's own files, which `init --example` must reproduce.
fn repository(path: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

const CREATED: &str = "  aimarket.toml
  README.md
  .gitignore
  .github/workflows/report.yml
  data/sources.csv
  data/companies.csv
  data/products.csv
  data/earnings.csv
  data/capex.csv
  data/targets.csv
  data/users.csv
  data/campaigns.csv
  data/events.csv
  data/stack.csv
  data/fx.csv
  data/claims.csv
";

/// The last line `init` prints.
const NEXT_PUSH: &str = "before the first push: in .github/workflows/report.yml, put the \
    aimarket repository to install from in place of OWNER; on GitHub, set Settings > Pages > \
    Source to GitHub Actions\n";

#[test]
fn an_empty_repository_checks_and_builds_at_once() {
    let dir = Workdir::empty();
    let init = dir.run(&["init"]);
    assert_eq!(init.status, 0, "{}", init.stderr);
    assert_eq!(
        init.stdout,
        format!(
            "created in .:\n{CREATED}data/ holds each data file with its header row; add rows, \
             then check them.\nnext:\n  aimarket check\n  aimarket build\n  aimarket serve --open\n{NEXT_PUSH}"
        )
    );
    let written = files(dir.path());
    assert_eq!(written.len(), 16);
    assert_eq!(
        written["data/companies.csv"],
        b"id,name,bloc,country,currency,fiscal_year_end,color\n"
    );
    assert_eq!(written["data/fx.csv"], b"currency,date,usd_per_unit\n");
    assert_eq!(written[".gitignore"], b"output/\ntarget/\n.*.aimarket-*\n");
    // The repository's own workflow, installing a release in place of the
    // checked-out source.
    let workflow = String::from_utf8(repository(".github/workflows/report.yml")).unwrap();
    assert_eq!(
        String::from_utf8(written[".github/workflows/report.yml"].clone()).unwrap(),
        workflow.replace(
            "  AIMARKET_INSTALL: --path .\n",
            "  AIMARKET_INSTALL: --git https://github.com/OWNER/aimarket --tag v0.1.0\n"
        )
    );

    let check = dir.run(&["check", "--strict"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert_eq!(
        check.stderr,
        "checked 12 files (0 rows) in data: 0 errors, 0 warnings\n"
    );
    let build = dir.run(&["build", "--strict", "-q"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    let page = fs::read_to_string(dir.path().join("output/index.html")).unwrap();
    assert!(page.contains("<title>The AI market</title>"));
    // Regression: the lock file every build leaves beside output/ showed as
    // untracked. Git sees the files init wrote and nothing a build left.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    assert!(dir.path().join(".output.aimarket-lock").exists());
    let untracked = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(untracked.lines().count(), 16, "{untracked}");
    assert!(!untracked.contains("aimarket-lock") && !untracked.contains("output/"));
    for line in [
        "<li>Key figures: no metrics to show</li>",
        "<li>Earnings: earnings.csv has no rows</li>",
        "<li>Claims: claims.csv has no rows</li>",
    ] {
        assert!(page.contains(line), "{line}");
    }
}

#[test]
fn the_example_is_the_shipped_dataset_and_its_report() {
    let dir = Workdir::empty();
    let init = dir.run(&["init", "new/repo", "--example"]);
    assert_eq!(init.status, 0, "{}", init.stderr);
    assert_eq!(
        init.stdout,
        format!(
            "created in new/repo:\n{CREATED}data/ holds the example dataset.\nnext:\n  \
             cd new/repo\n  aimarket check\n  aimarket build\n  aimarket serve --open\n{NEXT_PUSH}"
        )
    );
    let repo = dir.path().join("new/repo");
    let written = files(&repo);
    assert_eq!(written["aimarket.toml"], repository("aimarket.toml"));
    for (name, bytes) in files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")) {
        assert_eq!(written[&format!("data/{name}")], bytes, "{name}");
    }

    let check = dir.run(&["--config", "new/repo/aimarket.toml", "check", "--strict"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    // What a check of the repository's own data says, of the new folder.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let shipped = shipped.to_str().unwrap();
    let expected = dir.run(&["check", "--strict", "--data", shipped]).stderr;
    assert!(expected.ends_with(": 0 errors, 0 warnings\n"), "{expected}");
    assert_eq!(check.stderr, expected.replace(shipped, "new/repo/data"));
    let build = dir.run(&[
        "--config",
        "new/repo/aimarket.toml",
        "build",
        "--strict",
        "-q",
    ]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    // The same data and settings as the repository's: the same page.
    assert_eq!(
        fs::read(repo.join("output/index.html")).unwrap(),
        repository("output/index.html")
    );
}

#[test]
fn a_fresh_clone_holding_only_git_counts_as_empty() {
    let dir = Workdir::empty();
    dir.write_here(".git/HEAD", "ref: refs/heads/main\n");
    let init = dir.run(&["init"]);
    assert_eq!(init.status, 0, "{}", init.stderr);
    assert_eq!(files(dir.path()).len(), 17);
    assert_eq!(dir.run(&["check"]).status, 0);
}

#[test]
fn a_folder_named_like_an_option_is_written_so_cd_reads_it_as_a_folder() {
    let dir = Workdir::empty();
    let init = dir.run(&["init", "--", "-rf"]);
    assert_eq!(init.status, 0, "{}", init.stderr);
    assert!(
        init.stdout.contains("\nnext:\n  cd ./-rf\n"),
        "{}",
        init.stdout
    );
    assert!(dir.path().join("-rf/data/companies.csv").is_file());
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_refused_by_name() {
    let dir = Workdir::empty();
    std::os::unix::fs::symlink("gone", dir.path().join("repo")).unwrap();
    let init = dir.run(&["init", "repo"]);
    assert_eq!(init.status, 3);
    // Regression: this said "File exists".
    assert_eq!(
        init.stderr,
        "error: repo is a link to gone, which does not exist: make that folder, or name another\n"
    );
    // A link to an empty folder is followed.
    std::fs::create_dir(dir.path().join("gone")).unwrap();
    let init = dir.run(&["init", "repo"]);
    assert_eq!(init.status, 0, "{}", init.stderr);
    assert!(dir.path().join("gone/aimarket.toml").is_file());
    assert!(std::fs::symlink_metadata(dir.path().join("repo"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_as_it_was() {
    let dir = Workdir::empty();
    dir.write_here("repo/notes.txt", "mine\n");
    let init = dir.run(&["init", "repo"]);
    assert_eq!(init.status, 3);
    assert_eq!(
        init.stderr,
        "error: repo is not empty: init starts a repository only in an empty or new folder\n"
    );
    assert_eq!(init.stdout, "");
    let left: Vec<String> = files(dir.path()).into_keys().collect();
    assert_eq!(left, ["repo/notes.txt"]);
}
