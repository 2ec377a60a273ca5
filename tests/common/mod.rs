//! Shared helpers for the integration tests: a temporary working folder holding
//! a copy of a fixture as `data/`, and a way to run the real binary in it.
#![allow(dead_code)]

#[cfg(unix)]
pub mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Workdir {
    dir: TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The diagnostic lines: standard error without the closing summary line.
    pub fn problems(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| !line.starts_with("checked "))
            .collect()
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

impl Workdir {
    /// `data/` is `tests/fixtures/base` with the fixture's own files laid over it.
    pub fn fixture(name: &str) -> Workdir {
        let workdir = Workdir {
            dir: TempDir::new().unwrap(),
        };
        copy_files(&fixtures().join("base"), &workdir.data());
        copy_files(&fixtures().join(name), &workdir.data());
        workdir
    }

    /// `data/` is a copy of the repository's shipped data folder.
    pub fn shipped_data() -> Workdir {
        let workdir = Workdir {
            dir: TempDir::new().unwrap(),
        };
        copy_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            &workdir.data(),
        );
        workdir
    }

    /// An empty working folder.
    pub fn empty() -> Workdir {
        Workdir {
            dir: TempDir::new().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file at a path inside the working folder (not `data/`).
    pub fn write_here(&self, path: &str, contents: &str) {
        let path = self.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn write(&self, file: &str, contents: &str) {
        fs::write(self.data().join(file), contents).unwrap();
    }

    pub fn remove(&self, file: &str) {
        fs::remove_file(self.data().join(file)).unwrap();
    }

    /// Rewrites the bytes of every data file.
    pub fn transform_all(&self, transform: Transform) {
        for entry in fs::read_dir(self.data()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            fs::write(&path, transform(&bytes)).unwrap();
        }
    }

    /// Runs `aimarket ARGS` in the working folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let run = self.run_env(args, &[]);
        assert!(run.status < 128, "killed by a signal: {}", run.stderr);
        run
    }

    /// Runs `aimarket ARGS` with extra environment variables; a process ended
    /// by a signal gets the shell's status, 128 + the signal's number.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::cargo_bin("aimarket")
            .unwrap()
            .current_dir(self.path())
            .args(args)
            // Tests expect the text form wherever they run, GitHub Actions included.
            .env_remove("GITHUB_ACTIONS")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        Run {
            status: status_code(output.status),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs `aimarket check ARGS` on `data/`.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

#[cfg(unix)]
pub fn status_code(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .expect("exited or was killed")
}

#[cfg(not(unix))]
pub fn status_code(status: std::process::ExitStatus) -> i32 {
    status.code().expect("exited")
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn bom(bytes: &[u8]) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), bytes].concat()
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

fn no_final_newline(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    while out.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        out.pop();
    }
    out
}

/// Old Mac line ends: a lone CR for every LF.
fn cr(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| if b == b'\n' { b'\r' } else { b })
        .collect()
}

/// Line ends taken in turn from LF, CRLF and a lone CR, quoted fields' included.
fn mixed(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    let mut ends = [b"\n".as_slice(), b"\r\n", b"\r"].into_iter().cycle();
    for &b in bytes {
        match b {
            b'\n' => out.extend_from_slice(ends.next().expect("endless")),
            _ => out.push(b),
        }
    }
    out
}

fn all_three(bytes: &[u8]) -> Vec<u8> {
    no_final_newline(&crlf(&bom(bytes)))
}

/// Rewrites a file's bytes.
pub type Transform = fn(&[u8]) -> Vec<u8>;

/// The byte-level variants a valid folder must pass in.
pub const ENCODINGS: &[(&str, Transform)] = &[
    ("as written", <[u8]>::to_vec),
    ("BOM", bom),
    ("CRLF", crlf),
    ("no final newline", no_final_newline),
    ("BOM, CRLF, no final newline", all_three),
    ("CR (old Mac)", cr),
    ("LF, CRLF and CR mixed", mixed),
];

/// The report's visible text (tags dropped, entities for ' and & undone) and
/// its raw HTML.
pub fn built_page(dir: &Workdir) -> (String, String) {
    let run = dir.run(&["build", "-q"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = fs::read_to_string(dir.path().join("output/index.html")).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, html)
}

/// The HTML of one section of the page.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\"")).expect(id);
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}
