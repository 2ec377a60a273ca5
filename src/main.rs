//! `aimarket`: parse the command line, run the command, print the error chain once.

use std::io::Write;
use std::process::ExitCode;

use aimarket::config::{self, Config};
use aimarket::project::InvalidProject;
use aimarket::streams::StreamError;
use aimarket::{cli, pipeline};
use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(usage) => return usage_or_help(&usage),
    };
    match Config::from_cli(&cli).and_then(|config| pipeline::run(&config)) {
        Ok(status) => status,
        Err(error) => {
            let stream = error.downcast_ref::<StreamError>();
            if stream.is_some_and(StreamError::is_closed_stdout) {
                return ExitCode::SUCCESS;
            }
            // A project file with problems is bad input, like bad data: its
            // problems are diagnostics, in the command's form, and the status is 1.
            if let Some(invalid) = error.downcast_ref::<InvalidProject>() {
                let form = config::problems_form(&cli);
                return pipeline::project_problems(invalid, form)
                    .unwrap_or(ExitCode::from(pipeline::EXIT_FAILURE));
            }
            // Standard error may be the stream that failed: never panic on it.
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            ExitCode::from(pipeline::EXIT_FAILURE)
        }
    }
}

/// Help, version or a usage error, as clap prints them (status 0 or 2), but a
/// failed write of that text is status 3 like any other, and quiet for a
/// closed pipe.
fn usage_or_help(usage: &clap::Error) -> ExitCode {
    match usage.print() {
        Ok(()) => ExitCode::from(u8::try_from(usage.exit_code()).unwrap_or(2)),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(pipeline::EXIT_FAILURE),
    }
}
