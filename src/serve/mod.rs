//! `serve`: the report built in memory and served over HTTP, rebuilt when the
//! data or templates change, with open pages reloaded when a rebuild ends.
//! Nothing is written to disk.
//!
//! `state.rs` holds what is shown, `rebuild.rs` makes one build, `watcher.rs`
//! starts them when what `inputs.rs` names changes, `http.rs` answers requests
//! and `live_reload.rs` makes the served copies of pages.

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

/// Serves until Ctrl-C (exit 0).
pub fn run(config: &Config, task: &ServeConfig, build: Builder) -> Result<ExitCode> {
    let listener = listen(task.address)?;
    let address = listener.local_addr().context("cannot read the address")?;
    let site = Arc::new(Site::new());
    let _watching = watcher::watch(Rebuilder::new(config, task, build, site.clone()))?;
    let url = format!("http://{address}/");
    lines_to_stderr([format!("serving {url}")])?;
    if task.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(serve(listener, site))?;
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

/// Answers requests until Ctrl-C, then ends the reload streams so that the
/// open connections close and the server stops.
async fn serve(listener: TcpListener, site: Arc<Site>) -> Result<()> {
    let listener =
        tokio::net::TcpListener::from_std(listener).context("cannot set up the listener")?;
    let app = http::router(site.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            site.stop();
        })
        .await
        .context("the server failed")
}

/// Opens the page in the default browser; a failure is a note, not an error.
fn open_browser(url: &str) {
    if let Err(e) = opener::open_browser(url) {
        let _ = lines_to_stderr([format!("note: cannot open a browser: {e}")]);
    }
}
