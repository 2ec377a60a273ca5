//! The connections: each served by hyper with a time limit on reading a
//! request's head (a keep-alive connection waiting for its next request is
//! reading one, so an idle connection closes after it too; the reload stream
//! is a response, which no limit cuts), and the stop on Ctrl-C: no new
//! connection, the reload streams ended, the requests under way given at most
//! `DRAIN` to finish (a second Ctrl-C does not wait).

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::state::Site;

/// How long a client may take to send a request's head, or leave a
/// keep-alive connection idle.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long requests under way may go on after Ctrl-C.
pub const DRAIN: Duration = Duration::from_secs(2);

/// Answers requests until Ctrl-C (counted by `interrupts`), then stops
/// within `DRAIN`.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Router,
    site: Arc<Site>,
    mut interrupts: watch::Receiver<u32>,
) -> Result<()> {
    let listener = TcpListener::from_std(listener).context("cannot set up the listener")?;
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), stopping.clone()));
                }
                // Out of file descriptors, say: the open connections close in time.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            Ok(()) = interrupts.changed() => break,
        }
    }
    drop(listener);
    site.stop();
    stop.send_replace(true);
    let drained = async { while connections.join_next().await.is_some() {} };
    tokio::select! {
        _ = tokio::time::timeout(DRAIN, drained) => {}
        Ok(()) = interrupts.changed() => {}
    }
    connections.abort_all();
    Ok(())
}

/// Counts Ctrl-Cs from now on (in place of the default, which ends the
/// program at once); to be called in the runtime.
pub fn interrupts() -> Result<watch::Receiver<u32>> {
    #[cfg(unix)]
    let ctrl_c = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    #[cfg(windows)]
    let ctrl_c = tokio::signal::windows::ctrl_c();
    let mut ctrl_c = ctrl_c.context("cannot listen for Ctrl-C")?;
    let (count, counted) = watch::channel(0);
    tokio::spawn(async move {
        while ctrl_c.recv().await.is_some() {
            count.send_modify(|n| *n += 1);
        }
    });
    Ok(counted)
}

/// One connection, closed once its request under way is answered when the
/// server stops.
async fn connection(stream: TcpStream, app: Router, mut stopping: watch::Receiver<bool>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stopping.wait_for(|stop| *stop) => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}
