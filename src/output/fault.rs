//! Fault injection for the tests of the output promise (as Git's `GIT_TEST_*`
//! variables): each file-system step of a build passes a named point, and the
//! variable `AIMARKET_TEST_FAULT` can stop the process dead there, make the step
//! fail, panic as a bug would, pause it, or turn off the atomic exchange. Unset,
//! every point is a no-op.
//!
//! `AIMARKET_TEST_FAULT` holds comma-separated items:
//! - `trace`: print `fault point: NAME` on standard error at each point;
//! - `kill-at=NAME`: abort at that point, as `kill -9` would (no clean-up runs);
//! - `fail-at=NAME`: the step fails with an I/O error;
//! - `panic-at=NAME`: panic there, as a bug in aimarket would;
//! - `pause-at=NAME`: sleep one second there (to make two builds overlap);
//! - `no-exchange`: swap with two renames, as on systems without `RENAME_EXCHANGE`.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

pub const VARIABLE: &str = "AIMARKET_TEST_FAULT";

#[derive(Default)]
struct Faults {
    trace: bool,
    kill_at: Vec<String>,
    fail_at: Vec<String>,
    panic_at: Vec<String>,
    pause_at: Vec<String>,
    no_exchange: bool,
}

fn faults() -> &'static Faults {
    static FAULTS: OnceLock<Faults> = OnceLock::new();
    FAULTS.get_or_init(|| {
        let mut faults = Faults::default();
        let Ok(text) = std::env::var(VARIABLE) else {
            return faults;
        };
        for item in text.split(',').map(str::trim) {
            match item.split_once('=') {
                Some(("kill-at", name)) => faults.kill_at.push(name.to_string()),
                Some(("fail-at", name)) => faults.fail_at.push(name.to_string()),
                Some(("panic-at", name)) => faults.panic_at.push(name.to_string()),
                Some(("pause-at", name)) => faults.pause_at.push(name.to_string()),
                _ if item == "trace" => faults.trace = true,
                _ if item == "no-exchange" => faults.no_exchange = true,
                _ => {}
            }
        }
        faults
    })
}

/// A step of the build's file-system work has been reached (or is about to
/// be, for `fail-at`).
pub fn point(name: &str) -> std::io::Result<()> {
    let faults = faults();
    if faults.trace {
        let _ = writeln!(std::io::stderr(), "fault point: {name}");
    }
    let named = |list: &[String]| list.iter().any(|n| n == name);
    if named(&faults.pause_at) {
        std::thread::sleep(Duration::from_secs(1));
    }
    if named(&faults.kill_at) {
        std::process::abort();
    }
    if named(&faults.panic_at) {
        panic!("injected panic at {name}");
    }
    if named(&faults.fail_at) {
        return Err(std::io::Error::other(format!("injected failure at {name}")));
    }
    Ok(())
}

/// Whether the swap must not use the atomic exchange.
pub fn no_exchange() -> bool {
    faults().no_exchange
}
