//! `aimarket`: parse the command line, run the command, print the error chain once.

use std::process::ExitCode;

use aimarket::{cli, pipeline};
use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match pipeline::run(cli) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(pipeline::EXIT_FAILURE)
        }
    }
}
