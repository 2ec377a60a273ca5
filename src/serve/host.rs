//! The names the server answers to. A page on another site can make its own
//! name resolve to 127.0.0.1 (DNS rebinding) and then read the preview from
//! the visitor's browser; the `Host` such a request carries is that site's
//! name. So only `localhost`, the loopback addresses and the address served
//! on (any address when serving on all of them) are answered, at the port
//! served on; any other name gets 421 Misdirected Request.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The address served on, which the `Host` of each request must name.
#[derive(Clone, Copy)]
pub struct Hosts {
    pub address: SocketAddr,
}

impl Hosts {
    /// Whether a `Host` value names this server: `localhost`, a loopback
    /// address or the address served on, with the port served on (which a
    /// browser leaves out for port 80 only).
    pub fn allow(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        if host.contains('@') || authority.port_u16().unwrap_or(80) != self.address.port() {
            return false;
        }
        let name = authority.host();
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = name.trim_start_matches('[').trim_end_matches(']');
        ip.parse::<IpAddr>().is_ok_and(|ip| {
            ip.is_loopback() || ip == self.address.ip() || self.address.ip().is_unspecified()
        })
    }
}

/// Answers a request only when its `Host` names this server.
pub async fn check(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST);
    if host
        .and_then(|host| host.to_str().ok())
        .is_some_and(|host| hosts.allow(host))
    {
        return next.run(request).await;
    }
    let port = hosts.address.port();
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "421 Misdirected Request: this preview answers to localhost:{port} and {}, \
             not to the name this request was sent to\n",
            hosts.address
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_server_s_own_names_are_answered() {
        let hosts = Hosts {
            address: "127.0.0.1:4000".parse().unwrap(),
        };
        for good in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LocalHost:4000",
            "[::1]:4000",
            "127.0.0.2:4000",
        ] {
            assert!(hosts.allow(good), "{good}");
        }
        for bad in [
            "evil.example:4000",
            "localhost.evil.example:4000",
            "127.0.0.1.nip.io:4000",
            "localhost:4001",
            "localhost",
            "127.0.0.1",
            "10.0.0.1:4000",
            "user@localhost:4000",
            "",
            "local host:4000",
        ] {
            assert!(!hosts.allow(bad), "{bad}");
        }
        let on_port_80 = Hosts {
            address: "127.0.0.1:80".parse().unwrap(),
        };
        assert!(on_port_80.allow("localhost") && on_port_80.allow("127.0.0.1"));
        // On all addresses, each of the machine's addresses may be asked for.
        let everywhere = Hosts {
            address: "0.0.0.0:4000".parse().unwrap(),
        };
        assert!(everywhere.allow("192.168.1.20:4000") && everywhere.allow("localhost:4000"));
        assert!(!everywhere.allow("evil.example:4000"));
        let one_address = Hosts {
            address: "192.168.1.20:4000".parse().unwrap(),
        };
        assert!(one_address.allow("192.168.1.20:4000"));
        assert!(!one_address.allow("192.168.1.21:4000"));
    }
}
