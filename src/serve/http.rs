//! The routes: `/` (the report, or the problems while the data has some),
//! the report's other files from memory, and the reload event stream; each
//! for requests that name this server (`host.rs`).

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::Stream;

use super::host::{self, Hosts};
use super::live_reload::{problems_page, served_report, EVENTS};
use super::state::{Page, Site};

pub fn router(site: Arc<Site>, hosts: Hosts) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route(EVENTS, get(events))
        .fallback(get(file))
        .with_state(site)
        .layer(axum::middleware::from_fn_with_state(hosts, host::check))
}

async fn index(State(site): State<Arc<Site>>) -> Response {
    let generation = *site.generation().borrow();
    let html = match site.page() {
        Page::Report(bytes) => served_report(&String::from_utf8_lossy(&bytes), generation),
        Page::Problems(text) => problems_page(&text, generation),
    };
    respond("text/html; charset=utf-8", html.into_bytes())
}

/// `/charts/*`, `/data/*`, `/metrics.json`, `/metrics.csv`: the files of the
/// last good build.
async fn file(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    match site.file(path) {
        Some(bytes) if path != "index.html" => respond(content_type(path), bytes.to_vec()),
        _ => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

fn respond(content_type: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("svg") => "image/svg+xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// One "reload" event when a build finishes after the one the page came from
/// (at once if one already has); ends when the server stops.
async fn events(
    State(site): State<Arc<Site>>,
    uri: Uri,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let since = since(&uri);
    let mut generation = site.generation();
    if since.is_some_and(|seen| seen != *generation.borrow()) {
        generation.mark_changed();
    }
    let state = (generation, site.stopping());
    let stream = futures_util::stream::unfold(state, |(mut generation, mut stopping)| async move {
        tokio::select! {
            changed = generation.changed() => changed.ok()?,
            _ = stopping.wait_for(|stop| *stop) => return None,
        }
        let event = Event::default().event("reload").data("reload");
        Some((Ok(event), (generation, stopping)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `N` of `?since=N`: the build the page came from.
fn since(uri: &Uri) -> Option<u64> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("charts/capex_by_bloc.svg"), "image/svg+xml");
        assert_eq!(
            content_type("data/capex_by_bloc.csv"),
            "text/csv; charset=utf-8"
        );
        assert_eq!(content_type("metrics.json"), "application/json");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn since_is_read_from_the_query() {
        let uri = |text: &str| text.parse::<Uri>().unwrap();
        assert_eq!(since(&uri("/__aimarket/events?since=12")), Some(12));
        assert_eq!(since(&uri("/__aimarket/events?a=b&since=3")), Some(3));
        assert_eq!(since(&uri("/__aimarket/events")), None);
        assert_eq!(since(&uri("/__aimarket/events?since=x")), None);
    }
}
