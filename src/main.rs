//! `aimarket`: parse the command line, run the command, print the error chain once.

use std::io::Write;
use std::process::ExitCode;

use aimarket::{cli, pipeline};
use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match pipeline::run(cli) {
        Ok(status) => status,
        Err(error) => {
            let stream = error.downcast_ref::<pipeline::StreamError>();
            if stream.is_some_and(pipeline::StreamError::is_closed_stdout) {
                return ExitCode::SUCCESS;
            }
            // Standard error may be the stream that failed: never panic on it.
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            ExitCode::from(pipeline::EXIT_FAILURE)
        }
    }
}
