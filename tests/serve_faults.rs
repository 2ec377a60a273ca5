//! `serve` under faults: saves of every kind made while it rebuilds, a data
//! file linked from elsewhere, a large folder beside the data, a rebuild
//! that cannot see its own reads as changes, half-sent requests, idle and
//! foreign connections, and Ctrl-C with a connection left open.
#![cfg(unix)]

mod common;

use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::server::Server;
use common::Workdir;

/// How long the server waits for a request's head, and lets a keep-alive
/// connection idle (`serve::connections::HEADER_TIMEOUT`).
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long requests under way may go on after Ctrl-C (`serve::connections::DRAIN`).
const DRAIN: Duration = Duration::from_secs(2);

/// The shipped companies.csv with Tencent's name changed.
fn companies_named(name: &str) -> String {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/companies.csv");
    let companies = fs::read_to_string(shipped).unwrap();
    assert!(companies.contains("\ntencent,Tencent,"));
    companies.replace("\ntencent,Tencent,", &format!("\ntencent,{name},"))
}

/// A save as `cat new > file` makes it: the file emptied, then written in a
/// few pieces with pauses between them.
fn save_in_place(path: &Path, text: &str, rng: &mut fastrand::Rng) {
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    std::thread::sleep(Duration::from_millis(rng.u64(0..50)));
    let mut rest = text.as_bytes();
    for _ in 0..rng.usize(1..4) {
        let (piece, after) = rest.split_at(rng.usize(0..=rest.len()));
        file.write_all(piece).unwrap();
        rest = after;
        std::thread::sleep(Duration::from_millis(rng.u64(0..50)));
    }
    file.write_all(rest).unwrap();
}

/// A save as most editors make it: a new file renamed over the old one.
fn save_by_rename(path: &Path, text: &str) {
    let new = path.with_extension("csv.new");
    fs::write(&new, text).unwrap();
    fs::rename(&new, path).unwrap();
}

/// `N` of `data-generation="N"`: the build a page came from.
fn generation(page: &str) -> u64 {
    let at = page.find("data-generation=\"").unwrap() + "data-generation=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn of_a_hundred_saves_of_every_kind_none_is_shown_half_written() {
    let workdir = Workdir::shipped_data();
    let server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");
    // Every page shown while the saves go on, by its build.
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (url, done) = (format!("{}/", server.url()), done.clone());
        std::thread::spawn(move || {
            let mut broken = std::collections::BTreeMap::new();
            while !done.load(Ordering::Relaxed) {
                let mut response = ureq::get(&url).call().unwrap();
                let page = response.body_mut().read_to_string().unwrap();
                if page.contains("The report cannot be built") {
                    let problems = page.split("<pre>").nth(1).unwrap_or(&page);
                    let problems = problems.split("</pre>").next().unwrap().to_string();
                    broken.insert(generation(&page), problems);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            broken
        })
    };
    let path = workdir.data().join("companies.csv");
    let mut rng = fastrand::Rng::with_seed(2026);
    for save in 1..=100 {
        let text = companies_named(&format!("Tencent save-{save}"));
        match rng.u8(0..3) {
            0 => save_in_place(&path, &text, &mut rng),
            1 => save_by_rename(&path, &text),
            _ => {
                // Saved twice in a row: a draft, then the save at once.
                let draft = companies_named(&format!("Tencent draft-{save}"));
                save_in_place(&path, &draft, &mut rng);
                save_in_place(&path, &text, &mut rng);
            }
        }
        std::thread::sleep(Duration::from_millis(rng.u64(0..80)));
    }
    server.wait_for_page_with("Tencent save-100");
    done.store(true, Ordering::Relaxed);
    let broken = watcher.join().unwrap();
    let errors: Vec<String> = server
        .lines_so_far()
        .into_iter()
        .filter(|line| line.starts_with("error"))
        .collect();
    assert!(
        broken.is_empty() && errors.is_empty(),
        "{} builds of 100 saves were shown broken: {:?}\n{errors:?}\nthe first: {}",
        broken.len(),
        broken.keys().collect::<Vec<_>>(),
        broken.values().next().map_or("", |page| page.as_str())
    );
}

#[test]
fn a_data_file_linked_from_elsewhere_is_rebuilt_when_its_target_changes() {
    let workdir = Workdir::shipped_data();
    let elsewhere = workdir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let target = elsewhere.join("companies.csv");
    fs::rename(workdir.data().join("companies.csv"), &target).unwrap();
    std::os::unix::fs::symlink(&target, workdir.data().join("companies.csv")).unwrap();
    let server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");

    let mut rng = fastrand::Rng::with_seed(4);
    save_in_place(&target, &companies_named("Tencent Linked"), &mut rng);
    server.wait_for_page_with("Tencent Linked");
    save_by_rename(&target, &companies_named("Tencent Renamed"));
    server.wait_for_page_with("Tencent Renamed");
    // The link made to lead to another file, in another folder.
    let other = workdir.path().join("other.csv");
    fs::write(&other, companies_named("Tencent Other")).unwrap();
    fs::remove_file(workdir.data().join("companies.csv")).unwrap();
    std::os::unix::fs::symlink(&other, workdir.data().join("companies.csv")).unwrap();
    server.wait_for_page_with("Tencent Other");
    fs::write(&other, companies_named("Tencent Other Again")).unwrap();
    server.wait_for_page_with("Tencent Other Again");
    assert_eq!(server.interrupt(), 0);
}

/// CPU time of a process so far (user and system), from /proc/PID/stat.
#[cfg(target_os = "linux")]
fn cpu_time(pid: u32) -> Duration {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command's closing parenthesis; utime and stime are 14 and 15.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let per_second = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .unwrap();
    let per_second: u64 = String::from_utf8(per_second.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    Duration::from_secs_f64(ticks as f64 / per_second as f64)
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_server_beside_a_folder_of_20000_files_uses_almost_no_cpu() {
    let workdir = Workdir::shipped_data();
    let archive = workdir.data().join("archive");
    fs::create_dir(&archive).unwrap();
    for n in 0..20_000 {
        fs::write(archive.join(format!("{n}.csv")), "").unwrap();
    }
    let server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");
    std::thread::sleep(Duration::from_millis(500));
    let (used_before, started) = (cpu_time(server.pid()), Instant::now());
    std::thread::sleep(Duration::from_secs(3));
    let used = cpu_time(server.pid()) - used_before;
    let wall = started.elapsed();
    assert!(
        used < wall / 20,
        "idle for {wall:?}, the server used {used:?} of CPU"
    );
    // Still watching: an edit is rebuilt.
    fs::write(
        workdir.data().join("companies.csv"),
        companies_named("Tencent Awake"),
    )
    .unwrap();
    server.wait_for_page_with("Tencent Awake");
}

/// A connection with `text` sent on it.
fn connect(server: &Server, text: &str) -> TcpStream {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.write_all(text.as_bytes()).unwrap();
    stream
}

/// Reads one response: its status, and its body when it has a length.
fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, String) {
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = Some(value.trim().parse().unwrap());
        }
    }
    let mut body = vec![0; length.unwrap_or(0)];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// How long until the server closes the connection (a read sees its end).
fn time_to_close(stream: TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut rest = Vec::new();
    let ended = (&stream).read_to_end(&mut rest);
    assert!(
        ended.is_ok()
            || ended
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "not closed within {limit:?}: {ended:?}"
    );
    started.elapsed()
}

#[test]
fn half_sent_requests_and_idle_connections_are_closed_and_the_reload_stream_is_not() {
    let workdir = Workdir::shipped_data();
    let server = Server::start(&workdir, &["--data", "data"]);
    let page = server.wait_for_page_with("<title>The AI market");
    let host = format!("Host: {}\r\n", server.address());

    let half_sent = connect(&server, &format!("GET / HTTP/1.1\r\n{host}"));
    let idle = connect(&server, &format!("GET /metrics.csv HTTP/1.1\r\n{host}\r\n"));
    let events = format!(
        "GET /__aimarket/events?since={} HTTP/1.1\r\n{host}\r\n",
        generation(&page)
    );
    let mut stream = BufReader::new(connect(&server, &events));
    let mut idle = BufReader::new(idle);
    assert_eq!(read_response(&mut idle).0, 200);
    let limit = HEADER_TIMEOUT + Duration::from_secs(3);
    let half_sent = std::thread::spawn(move || time_to_close(half_sent, limit));
    let idle = std::thread::spawn(move || time_to_close(idle.into_inner(), limit));

    // The reload stream outlives both limits, and still says when to reload.
    let mut line = String::new();
    stream.read_line(&mut line).unwrap();
    assert_eq!(line, "HTTP/1.1 200 OK\r\n");
    while line != "\r\n" {
        line.clear();
        stream.read_line(&mut line).unwrap();
    }
    stream.get_ref().set_read_timeout(Some(limit)).unwrap();
    let mut nothing = [0; 1];
    let waited = stream.get_ref().peek(&mut nothing);
    assert!(waited.is_err(), "the stream ended or spoke: {waited:?}");
    for (what, closed) in [("half-sent", half_sent), ("idle", idle)] {
        let closed = closed.join().unwrap();
        assert!(
            closed > HEADER_TIMEOUT - Duration::from_secs(1) && closed < limit,
            "the {what} connection closed after {closed:?}"
        );
    }
    stream
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    workdir.write("companies.csv", &companies_named("Tencent Reloaded"));
    let mut said = String::new();
    while !said.contains("event: reload") {
        stream.read_line(&mut said).unwrap();
    }
}

/// The status of `GET /` sent with `Host: host`.
fn status_for_host(server: &Server, host: &str) -> (u16, String) {
    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    read_response(&mut BufReader::new(connect(server, &request)))
}

#[test]
fn requests_for_other_names_are_refused() {
    let workdir = Workdir::shipped_data();
    let server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");
    let port = server.address().rsplit(':').next().unwrap().to_string();
    for host in [
        server.address().to_string(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, page) = status_for_host(&server, &host);
        assert_eq!(status, 200, "{host}");
        assert!(page.contains("<title>The AI market"), "{host}");
    }
    for host in [
        format!("rebinding.example:{port}"),
        format!("localhost.rebinding.example:{port}"),
        "localhost:1".to_string(),
    ] {
        let (status, text) = status_for_host(&server, &host);
        assert_eq!(status, 421, "{host}");
        assert_eq!(
            text,
            format!(
                "421 Misdirected Request: this preview answers to localhost:{port} and {}, \
                 not to the name this request was sent to\n",
                server.address()
            ),
            "{host}"
        );
    }
    let files = format!("GET /metrics.json HTTP/1.1\r\nHost: rebinding.example:{port}\r\n\r\n");
    assert_eq!(
        read_response(&mut BufReader::new(connect(&server, &files))).0,
        421
    );
}

#[test]
fn ctrl_c_stops_within_the_drain_time_despite_a_half_sent_request() {
    let workdir = Workdir::shipped_data();
    let mut server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");
    let _half_sent = connect(&server, "GET / HTTP/1.1\r\n");
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    server.send_interrupt();
    let status = server.exit_within(DRAIN + Duration::from_secs(2));
    let took = started.elapsed();
    assert_eq!(status, Some(0), "still running {took:?} after Ctrl-C");
    assert!(
        took < DRAIN + Duration::from_millis(800),
        "stopped after {took:?}"
    );
    assert_eq!(server.line_starting("stopped"), "stopped");
}

#[test]
fn a_second_ctrl_c_stops_at_once() {
    let workdir = Workdir::shipped_data();
    let mut server = Server::start(&workdir, &["--data", "data"]);
    server.wait_for_page_with("<title>The AI market");
    let _half_sent = connect(&server, "GET / HTTP/1.1\r\n");
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    server.send_interrupt();
    std::thread::sleep(Duration::from_millis(300));
    server.send_interrupt();
    let status = server.exit_within(DRAIN + Duration::from_secs(2));
    let took = started.elapsed();
    assert_eq!(status, Some(0), "still running {took:?} after two Ctrl-Cs");
    assert!(took < Duration::from_secs(1), "stopped after {took:?}");
}
