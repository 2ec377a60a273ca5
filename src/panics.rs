//! Panics turned into errors. Every command but `serve` runs inside `guard`,
//! and the Parquet reader inside `catch` (polars panics on some corrupt files):
//! a panic there becomes a value saying what panicked and where, which the
//! caller reports in its own words, instead of the process ending with status
//! 101.
//!
//! The panic hook is one for the whole process, so it is installed once and
//! asks the panicking thread whether a `catch` is running on it (a count kept
//! per thread): only then does it stay quiet and keep the panic's place for
//! the `catch`. A panic on any other thread is printed as before, so `serve`'s
//! server keeps its messages while its rebuild thread reads a corrupt file.
//! Work a `catch` hands to other threads (scoped workers, a thread pool) is
//! not silenced: such a panic is printed there, and reaches the `catch` as
//! the panic the joining thread raises. That is why the Parquet reader runs
//! on the calling thread (`users_parquet.rs`).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use anyhow::{anyhow, Result};

/// A panic caught by `catch`: its message and where it was raised, when the
/// panic started on the catching thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panic {
    /// The first line of the panic's message, at most `MESSAGE_CHARS` long.
    pub message: String,
    /// `file:line:column` in the source that panicked.
    pub location: Option<String>,
}

impl fmt::Display for Panic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{} (at {location})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A message longer than this is cut: it goes on one line of a diagnostic.
const MESSAGE_CHARS: usize = 200;

thread_local! {
    /// How many `catch` calls are running on this thread.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
    /// Where the last panic caught on this thread was raised.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic in it is returned as a `Panic`, and nothing is printed.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, Panic> {
    install_hook();
    LOCATION.with(|l| l.borrow_mut().take());
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|payload| Panic {
        message: message_of(payload.as_ref()),
        location: LOCATION.with(|l| l.borrow_mut().take()),
    })
}

/// Runs a command or one of its stages: a panic in `work` becomes an error
/// naming `what` failed, the panic's message and its place. `serve` can run
/// each rebuild through it to keep serving after one.
pub fn guard<T>(what: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    catch(work).unwrap_or_else(|panic| {
        Err(anyhow!(
            "{what} stopped by an internal error: {panic}; this is a bug in aimarket"
        ))
    })
}

/// The hook, installed on the first `catch`: quiet on a thread running one,
/// the hook it replaced everywhere else.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            // `try_with`: a thread being torn down has no thread-locals left.
            if !CATCHING.try_with(|c| c.get() > 0).unwrap_or(false) {
                return previous(info);
            }
            let place = info.location().map(|l| l.to_string());
            let _ = LOCATION.try_with(|l| *l.borrow_mut() = place);
        }));
    });
}

/// A panic's message, as `panic!` and `assert!` give it (a `&str` or a
/// `String`), on one line.
fn message_of(payload: &(dyn Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    let line = text.lines().next().unwrap_or("").trim();
    match line.char_indices().nth(MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_place() {
        let line = line!() + 1;
        let caught = catch(|| -> u32 { panic!("index {} out of range\nsecond line", 7) });
        let panic = caught.unwrap_err();
        assert_eq!(panic.message, "index 7 out of range");
        let place = panic.location.unwrap();
        assert!(
            place.starts_with(&format!("src/panics.rs:{line}:")),
            "{place}"
        );
    }

    #[test]
    fn work_that_does_not_panic_gives_its_value() {
        assert_eq!(catch(|| 6 * 7), Ok(42));
        assert_eq!(guard("check", || Ok(1)).unwrap(), 1);
    }

    #[test]
    fn an_error_stays_that_error() {
        let error = guard("check", || -> Result<()> { Err(anyhow!("cannot read")) });
        assert_eq!(error.unwrap_err().to_string(), "cannot read");
    }

    #[test]
    fn guard_names_what_stopped_and_why() {
        let error = guard("build", || -> Result<u8> {
            let empty: Vec<u8> = Vec::new();
            let at = empty.len() + 2;
            Ok(empty[at])
        })
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with(
                "build stopped by an internal error: index out of bounds: \
                 the len is 0 but the index is 2 (at src/panics.rs:"
            ),
            "{error}"
        );
        assert!(error.ends_with("; this is a bug in aimarket"), "{error}");
    }

    #[test]
    fn a_long_message_is_cut_on_a_character() {
        let long = "é".repeat(MESSAGE_CHARS + 5);
        let panic = catch(|| panic!("{long}")).unwrap_err();
        assert_eq!(panic.message, format!("{}...", "é".repeat(MESSAGE_CHARS)));
    }

    #[test]
    fn a_panic_with_another_payload_is_still_caught() {
        let panic = catch(|| std::panic::panic_any(17_u8)).unwrap_err();
        assert_eq!(panic.message, "a panic without a message");
    }

    #[test]
    fn a_panic_raised_again_from_another_thread_is_caught_here() {
        let panic = catch(|| {
            std::thread::scope(|scope| {
                scope.spawn(|| panic!("in a worker"));
            })
        })
        .unwrap_err();
        assert_eq!(panic.message, "a scoped thread panicked");
    }
}
