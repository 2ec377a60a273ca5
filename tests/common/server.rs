//! A running `aimarket serve --port 0`: its address, the lines it prints,
//! requests to it, and Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Workdir;

/// How long a rebuild may take before a test gives up on it.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Server {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `aimarket serve --port 0 ARGS` and reads the address it prints.
    pub fn start(workdir: &Workdir, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aimarket"))
            .current_dir(workdir.path())
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = mpsc::channel();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            lines,
        };
        let serving = server.line_starting("serving ");
        server.url = serving["serving ".len()..]
            .trim_end_matches('/')
            .to_string();
        server
    }

    /// Waits for a line of standard error that starts with `prefix`.
    pub fn line_starting(&self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no line starting {prefix:?}"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    /// The status, content type and body of `GET PATH`.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut response = agent.get(format!("{}{path}", self.url)).call().unwrap();
        let content_type = response.headers()["content-type"].to_str().unwrap().into();
        let body = response.body_mut().read_to_string().unwrap();
        (response.status().as_u16(), content_type, body)
    }

    /// The content type and bytes of `GET PATH`, which must succeed.
    pub fn get_bytes(&self, path: &str) -> (String, Vec<u8>) {
        let mut response = ureq::get(format!("{}{path}", self.url)).call().unwrap();
        let content_type = response.headers()["content-type"].to_str().unwrap().into();
        (content_type, response.body_mut().read_to_vec().unwrap())
    }

    /// Polls `/` until its body contains `text`.
    pub fn wait_for_page_with(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, _, body) = self.get("/");
            if body.contains(text) {
                return body;
            }
            assert!(Instant::now() < deadline, "/ never showed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-C, and the exit status.
    pub fn interrupt(mut self) -> i32 {
        self.send_interrupt();
        super::status_code(self.child.wait().unwrap())
    }

    /// Ctrl-C, as `kill -INT` sends it.
    pub fn send_interrupt(&self) {
        let pid = self.child.id().to_string();
        let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(kill.success());
    }

    /// The exit status, if the server stops within `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(super::status_code(status));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// The lines of standard error printed since the last look.
    pub fn lines_so_far(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `127.0.0.1:PORT`, where the server listens.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
