//! The output promise under faults (SPEC section 7): a build killed at any of
//! its file-system steps leaves `--out` byte-identical, or repaired by the
//! next build; leftovers are removed; links, locks, the output streams.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{files, Workdir};

const FAULT: &str = "AIMARKET_TEST_FAULT";
/// `abort()` ends the process by SIGABRT: 128 + 6, as a shell reports it.
const KILLED: i32 = 134;

type Report = BTreeMap<String, Vec<u8>>;

/// A working folder with two different reports of the same data: `old` (as of
/// an earlier day) and `new` (the default as-of), and a broken copy of the data.
struct Scene {
    dir: Workdir,
    old: Report,
    new: Report,
}

const OLD: &[&str] = &["build", "-q", "--as-of", "2026-01-31"];
const NEW: &[&str] = &["build", "-q"];
const BROKEN: &[&str] = &["build", "-q", "--data", "broken"];

impl Scene {
    fn new() -> Scene {
        let dir = Workdir::fixture("metrics");
        let broken = dir.path().join("broken");
        fs::create_dir(&broken).unwrap();
        for entry in fs::read_dir(dir.data()).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), broken.join(entry.file_name())).unwrap();
        }
        fs::write(
            broken.join("fx.csv"),
            "currency,date,per_usd,source\nCNY,2025-01-01,oops,fx\n",
        )
        .unwrap();
        assert_eq!(dir.run(NEW).status, 0);
        let new = files(&dir.path().join("output"));
        assert_eq!(dir.run(OLD).status, 0);
        let old = files(&dir.path().join("output"));
        assert_ne!(old, new);
        Scene { dir, old, new }
    }

    fn out(&self) -> std::path::PathBuf {
        self.dir.path().join("output")
    }

    /// `--out` as it is now, or `None` when there is nothing there.
    fn report(&self) -> Option<Report> {
        self.out().exists().then(|| files(&self.out()))
    }

    /// The names beside `--out` that aimarket made, the lock file aside.
    fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".output.aimarket-") && n != ".output.aimarket-lock")
            .collect();
        names.sort();
        names
    }

    /// Back to the old report, with nothing beside it.
    fn reset(&self) {
        let _ = fs::remove_dir_all(self.out());
        for name in self.leftovers() {
            fs::remove_dir_all(self.dir.path().join(name)).unwrap();
        }
        for (path, bytes) in &self.old {
            let path = self.out().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
    }

    /// Starts a build with `faults` and returns once it has printed the line
    /// `until` (a fault point it reached), with the rest of its standard error.
    fn start_build(
        &self,
        args: &[&str],
        faults: &str,
        until: &str,
    ) -> (std::process::Child, BufReader<std::process::ChildStderr>) {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("aimarket"))
            .current_dir(self.dir.path())
            .args(args)
            .env(FAULT, faults)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while line.trim_end() != until {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "the build ended early"
            );
        }
        (child, stderr)
    }

    /// The fault points a build passes, in order.
    fn points(&self, extra: &str) -> Vec<String> {
        let run = self.dir.run_env(NEW, &[(FAULT, &format!("trace,{extra}"))]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("fault point: "))
            .map(str::to_string)
            .collect()
    }
}

/// What `--out` must hold right after a kill at `point`: the old report
/// before the swap, the new one after it, nothing between two renames.
fn expected_after_kill<'a>(scene: &'a Scene, point: &str) -> Option<&'a Report> {
    match point {
        "swap:moved-aside" => None,
        "swap:exchanged" | "swap:renamed-in" => Some(&scene.new),
        p if p.starts_with("old:") => Some(&scene.new),
        _ => Some(&scene.old),
    }
}

#[test]
fn a_build_killed_at_any_step_leaves_the_old_report_or_the_next_build_repairs_it() {
    let scene = Scene::new();
    for mode in ["", "no-exchange"] {
        scene.reset();
        let mut points = scene.points(mode);
        let swap = if mode.is_empty() {
            "swap:exchanged"
        } else {
            "swap:moved-aside"
        };
        assert!(points.iter().any(|p| p == swap), "{mode}: {points:?}");
        assert!(points.iter().any(|p| p == "write:index.html"), "{points:?}");
        assert!(points.iter().any(|p| p == "old:removed"), "{points:?}");
        if !mode.is_empty() {
            // Up to the swap, both modes take the same steps.
            let swap_starts = points.iter().position(|p| p == "marked").unwrap();
            points.drain(..swap_starts);
        }
        for point in &points {
            scene.reset();
            let faults = format!("{mode},kill-at={point}");
            let run = scene.dir.run_env(NEW, &[(FAULT, &faults)]);
            assert_eq!(run.status, KILLED, "{faults}: {}", run.stderr);
            let expected = expected_after_kill(&scene, point);
            assert_eq!(scene.report().as_ref(), expected, "{faults}");

            // The next build fails on its data, but first repairs `--out`.
            let run = scene.dir.run(BROKEN);
            assert_eq!(run.status, 1, "{faults}: {}", run.stderr);
            let repaired = expected.unwrap_or(&scene.old);
            assert_eq!(scene.report().as_ref(), Some(repaired), "{faults}");
            assert_eq!(scene.leftovers(), Vec::<String>::new(), "{faults}");

            let run = scene.dir.run(NEW);
            assert_eq!(run.status, 0, "{faults}: {}", run.stderr);
            assert_eq!(scene.report().as_ref(), Some(&scene.new), "{faults}");
        }
    }
}

#[test]
fn a_repair_killed_in_its_turn_is_finished_by_the_build_after() {
    let scene = Scene::new();
    for second in ["recover:restored", "leftover:removing", "leftover:removed"] {
        scene.reset();
        // A killed swap between its two renames, and a killed staging folder.
        let faults = "no-exchange,kill-at=swap:moved-aside";
        assert_eq!(scene.dir.run_env(NEW, &[(FAULT, faults)]).status, KILLED);
        assert_eq!(scene.report(), None);
        let faults = format!("kill-at={second}");
        assert_eq!(
            scene.dir.run_env(BROKEN, &[(FAULT, &faults)]).status,
            KILLED,
            "{second}"
        );
        assert_eq!(scene.report().as_ref(), Some(&scene.old), "{second}");
        let run = scene.dir.run(NEW);
        assert_eq!(run.status, 0, "{second}: {}", run.stderr);
        assert_eq!(scene.report().as_ref(), Some(&scene.new), "{second}");
        assert_eq!(scene.leftovers(), Vec::<String>::new(), "{second}");
    }
}

#[test]
fn an_old_report_that_cannot_be_removed_is_a_warning_and_the_next_build_removes_it() {
    let scene = Scene::new();
    scene.reset();
    let run = scene
        .dir
        .run_env(&["build"], &[(FAULT, "fail-at=old:removing")]);
    // The new report is in place: the build succeeded, and says what it left.
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(scene.report().as_ref(), Some(&scene.new));
    let left = scene.leftovers();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        run.stderr.contains(&format!(
            "warning: the new report is at output, but the previous one could not be removed from ./{}: injected failure at old:removing; the next build removes it",
            left[0]
        )),
        "{}",
        run.stderr
    );
    assert_eq!(scene.dir.run(NEW).status, 0);
    assert_eq!(scene.leftovers(), Vec::<String>::new());
}

#[test]
fn leftovers_of_older_builds_are_removed_and_foreign_folders_kept() {
    let scene = Scene::new();
    let dir = scene.dir.path();
    // A staging folder killed before its marker, one killed after, the old
    // naming's `-old` folder (whose pid a later build could reuse), and a
    // user's folder that only happens to have such a name.
    let empty = dir.join(".output.aimarket-new-4000001-0");
    let marked = dir.join(".output.aimarket-new-4000002-0");
    let older = dir.join(".output.aimarket-new-4000003-old");
    let mine = dir.join(".output.aimarket-new-mine");
    for folder in [&empty, &marked, &older, &mine] {
        fs::create_dir(folder).unwrap();
    }
    fs::write(marked.join(".aimarket-staging"), "4000002\n").unwrap();
    fs::write(marked.join("index.html"), "half").unwrap();
    fs::create_dir(older.join("charts")).unwrap();
    fs::write(
        older.join(".aimarket-output"),
        "This folder is written by `aimarket build`.\n",
    )
    .unwrap();
    fs::write(older.join("charts/a.svg"), "<svg/>").unwrap();
    fs::write(mine.join("notes.txt"), "keep").unwrap();

    let run = scene.dir.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The older naming's folder has a marker that lists no files: its files
    // cannot be told from a user's, so it stays too.
    assert_eq!(
        scene.leftovers(),
        [
            ".output.aimarket-new-4000003-old",
            ".output.aimarket-new-mine"
        ]
    );
    assert!(
        run.stderr.contains("warning: left ./.output.aimarket-new-4000003-old alone, as a user's folder: it holds charts/a.svg, which aimarket did not write"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: left ./.output.aimarket-new-mine alone: it has an aimarket name but no aimarket marker"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read(mine.join("notes.txt")).unwrap(), b"keep");
}

#[test]
fn a_link_given_as_out_is_followed_and_kept() {
    let scene = Scene::new();
    let dir = scene.dir.path();
    fs::create_dir(dir.join("site")).unwrap();
    std::os::unix::fs::symlink("site", dir.join("public")).unwrap();
    let run = scene.dir.run(&["build", "-q", "--out", "public"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(fs::symlink_metadata(dir.join("public"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(files(&dir.join("site")), scene.new);
    // Again, now that the folder holds a report.
    assert_eq!(scene.dir.run(&["build", "-q", "--out", "public"]).status, 0);
    assert!(fs::symlink_metadata(dir.join("public"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(files(&dir.join("site")), scene.new);

    // A trailing slash names the same link.
    assert_eq!(
        scene.dir.run(&["build", "-q", "--out", "public/"]).status,
        0
    );
    assert!(fs::symlink_metadata(dir.join("public"))
        .unwrap()
        .file_type()
        .is_symlink());

    // A link to a folder not made yet: the report goes there.
    std::os::unix::fs::symlink("later/site", dir.join("pending")).unwrap();
    assert_eq!(
        scene.dir.run(&["build", "-q", "--out", "pending"]).status,
        0
    );
    assert_eq!(files(&dir.join("later/site")), scene.new);

    // A swap through a link stopped between its two renames is repaired
    // through the link, even by a build whose data is bad.
    let faults = "no-exchange,kill-at=swap:moved-aside";
    let run = scene.dir.run_env(
        &["build", "-q", "--as-of", "2026-01-31", "--out", "public"],
        &[(FAULT, faults)],
    );
    assert_eq!(run.status, KILLED);
    assert!(!dir.join("site").exists());
    let run = scene
        .dir
        .run(&["build", "-q", "--data", "broken", "--out", "public"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(files(&dir.join("site")), scene.new);

    // Links that lead round in a circle are refused.
    std::os::unix::fs::symlink("loop2", dir.join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", dir.join("loop2")).unwrap();
    let run = scene.dir.run(&["build", "-q", "--out", "loop1"]);
    assert_eq!(run.status, 3);
    assert_eq!(
        run.stderr,
        "error: refusing to build into loop1: its links lead round in a circle\n"
    );
}

#[test]
fn a_file_written_into_the_report_during_the_swap_is_kept() {
    let scene = Scene::new();
    scene.reset();
    let (mut build, mut stderr) =
        scene.start_build(&["build"], "trace,pause-at=checked", "fault point: checked");
    // Written after the build's last look at the folder, before the swap.
    fs::write(scene.out().join("notes.txt"), "mine").unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert_eq!(common::status_code(build.wait().unwrap()), 0);
    assert_eq!(scene.report().as_ref(), Some(&scene.new));
    let left = scene.leftovers();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        fs::read(scene.dir.path().join(&left[0]).join("notes.txt")).unwrap(),
        b"mine"
    );
    assert!(
        rest.contains("was left there because it holds notes.txt, which aimarket did not write"),
        "{rest}"
    );
    // Later builds keep leaving it alone, and say so.
    let run = scene.dir.run(&["build", "-q"]);
    assert_eq!(run.status, 0);
    assert_eq!(scene.leftovers(), left);
}

#[test]
fn a_marker_that_is_not_a_plain_file_is_no_marker() {
    let scene = Scene::new();
    scene.reset();
    fs::remove_file(scene.out().join(".aimarket-output")).unwrap();
    let fifo = scene.out().join(".aimarket-output");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Reading a FIFO would wait forever; it is refused at once instead.
    let run = scene.dir.run(&["build", "-q"]);
    assert_eq!(run.status, 3);
    assert!(
        run.stderr.starts_with(
            "error: refusing to replace output: it is not empty and was not written by aimarket"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let scene = Scene::new();
    scene.reset();
    // The first build holds the lock for a second after making its folder.
    let (mut first, _stderr) = scene.start_build(
        &["build"],
        "trace,pause-at=staging:marked",
        "fault point: staging:made",
    );
    let second = scene.dir.run(&["build", "--as-of", "2026-01-31"]);
    assert_eq!(second.status, 0, "{}", second.stderr);
    assert!(
        second.stderr.starts_with(
            "note: waiting for another build into output to finish (it holds ./.output.aimarket-lock)\n"
        ),
        "{}",
        second.stderr
    );
    assert_eq!(common::status_code(first.wait().unwrap()), 0);
    // The second build started last and finished last.
    assert_eq!(scene.report().as_ref(), Some(&scene.old));
    assert_eq!(scene.leftovers(), Vec::<String>::new());
}

#[test]
fn write_errors_on_the_output_streams_end_with_status_3_and_a_closed_output_quietly() {
    let dir = Workdir::fixture("metrics");
    let binary = assert_cmd::cargo::cargo_bin("aimarket");
    let full = || fs::File::options().write(true).open("/dev/full").unwrap();
    let run = |args: &[&str], stdout: Stdio, stderr: Stdio| {
        let out = Command::new(&binary)
            .current_dir(dir.path())
            .args(args)
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .unwrap();
        (
            common::status_code(out.status),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Standard error full: diagnostics and the summary cannot be written.
    // The build stops at its warning, before the swap: no report is made.
    for args in [&["check"][..], &["metrics"], &["build"]] {
        let (status, _) = run(args, Stdio::null(), full().into());
        assert_eq!(status, 3, "{args:?}");
    }
    assert!(!dir.path().join("output").exists());
    // Help and usage errors too, as printed by the argument parser.
    assert_eq!(run(&["--help"], full().into(), Stdio::null()).0, 3);
    assert_eq!(run(&["--help"], Stdio::null(), Stdio::null()).0, 0);
    assert_eq!(run(&["--bogus"], Stdio::null(), full().into()).0, 3);
    assert_eq!(run(&["--bogus"], Stdio::null(), Stdio::null()).0, 2);
    // Standard output full: said on standard error.
    let (status, stderr) = run(&["metrics"], full().into(), Stdio::piped());
    assert_eq!(status, 3);
    assert!(
        stderr.ends_with(
            "error: cannot write to standard output: No space left on device (os error 28)\n"
        ),
        "{stderr}"
    );

    // A reader that went away (`| head -1`): quiet, and not a failure.
    let mut child = Command::new(&binary)
        .current_dir(dir.path())
        .args(["metrics", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(common::status_code(out.status), 0);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "warning: data/fx.csv: no CNY rate on or before 2024-09-30: converted figures that need it are left out\n");
}

#[test]
fn the_report_is_the_same_whichever_way_the_data_folder_is_named() {
    let dir = Workdir::fixture("metrics");
    assert_eq!(dir.run(&["build", "-q", "--out", "relative"]).status, 0);
    let absolute = dir.data().display().to_string();
    let run = dir.run(&["build", "-q", "--data", &absolute, "--out", "absolute"]);
    assert_eq!(run.status, 0);
    let inside = Command::new(assert_cmd::cargo::cargo_bin("aimarket"))
        .current_dir(dir.data())
        .args(["build", "-q", "--data", ".", "--out", "../inside"])
        .status()
        .unwrap();
    assert!(inside.success());
    // Regression: the folder's own name reached the page's warnings.
    let renamed = dir.path().join("facts");
    std::fs::rename(dir.data(), &renamed).unwrap();
    let run = dir.run(&["build", "-q", "--data", "facts", "--out", "renamed"]);
    assert_eq!(run.status, 0);
    let relative = files(&dir.path().join("relative"));
    assert_eq!(files(&dir.path().join("absolute")), relative);
    assert_eq!(files(&dir.path().join("inside")), relative);
    assert_eq!(files(&dir.path().join("renamed")), relative);
    let html = String::from_utf8(relative["index.html"].clone()).unwrap();
    assert!(html.contains("<li>warning: fx.csv: no CNY rate on or before 2024-09-30"));
    assert!(!html.contains("data/fx.csv"));
    assert!(!html.contains(&absolute));
}

#[test]
fn a_build_that_panics_before_the_swap_leaves_the_old_report_and_says_why() {
    let scene = Scene::new();
    let points = scene.points("");
    let swap = points.iter().position(|p| p == "swap:exchanged").unwrap();
    // Each kind of step before the swap; of the writes, the page's.
    let steps: Vec<&String> = points[..swap]
        .iter()
        .filter(|p| !p.starts_with("write:") || *p == "write:index.html")
        .collect();
    assert_eq!(steps.len(), 5, "{steps:?}");
    for point in steps {
        scene.reset();
        let faults = format!("panic-at={point}");
        let run = scene.dir.run_env(NEW, &[(FAULT, &faults)]);
        assert_eq!(run.status, 3, "{faults}: {}", run.stderr);
        let line = run.stderr.trim_end();
        let said = format!("error: build stopped by an internal error: injected panic at {point} (at src/output/fault.rs:");
        assert!(line.starts_with(&said), "{faults}: {line}");
        assert!(line.ends_with("); this is a bug in aimarket"), "{line}");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert_eq!(scene.report().as_ref(), Some(&scene.old), "{faults}");
        assert_eq!(scene.leftovers(), Vec::<String>::new(), "{faults}");
    }
}
