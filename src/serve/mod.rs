//! `serve`: the report built in memory and served over HTTP, rebuilt when the
//! data or templates change, with open pages reloaded when a rebuild ends.
//! Nothing is written to disk.
//!
//! `state.rs` holds what is shown, `rebuild.rs` makes one build, `watcher.rs`
//! starts them when what `inputs.rs` names changes, `connections.rs` serves
//! the connections, `http.rs` answers requests (for the names `host.rs`
//! allows) and `live_reload.rs` makes the served copies of pages.

mod connections;
mod host;
mod http;
mod inputs;
mod live_reload;
mod rebuild;
mod state;
mod watcher;

use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::config::{Config, ServeConfig};
use crate::streams::lines_to_stderr;

pub use rebuild::Builder;
use rebuild::Rebuilder;
use state::Site;
pub use state::{Built, ReportFile};

/// Serves until Ctrl-C (exit 0), which stops it within `connections::DRAIN`.
pub fn run(config: &Config, task: &ServeConfig, build: Builder) -> Result<ExitCode> {
    let listener = listen(task.address)?;
    let address = listener.local_addr().context("cannot read the address")?;
    let site = Arc::new(Site::new());
    let _watching = watcher::watch(Rebuilder::new(config, task, build, site.clone()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server")?;
    // Ctrl-C during the first build ends the program at once; from here on it
    // stops the server.
    let interrupts = {
        let _in_runtime = runtime.enter();
        connections::interrupts()?
    };
    let url = format!("http://{address}/");
    lines_to_stderr([format!("serving {url}")])?;
    if task.open {
        open_browser(&url);
    }
    let app = http::router(site.clone(), host::Hosts { address });
    runtime.block_on(connections::serve(listener, app, site, interrupts))?;
    lines_to_stderr(["stopped".to_string()])?;
    Ok(ExitCode::SUCCESS)
}

/// `cannot listen on 127.0.0.1:4000: address already in use`
fn listen(address: SocketAddr) -> Result<TcpListener> {
    match TcpListener::bind(address) {
        Ok(listener) => {
            listener
                .set_nonblocking(true)
                .context("cannot set up the listener")?;
            Ok(listener)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            bail!("cannot listen on {address}: address already in use")
        }
        Err(e) => bail!("cannot listen on {address}: {e}"),
    }
}

/// Opens the page in the default browser; a failure is a note, not an error.
fn open_browser(url: &str) {
    if let Err(e) = opener::open_browser(url) {
        let _ = lines_to_stderr([format!("note: cannot open a browser: {e}")]);
    }
}
