//! A real `redis-server` on a free loopback port, killed when dropped.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::Error;

/// How long [`RedisServer::start`] and [`RedisServer::restart`] wait for the server to answer
/// `PING`.
pub const REDIS_READY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many free ports [`RedisServer::start`] tries when another process takes the one it
/// picked before the server could bind it.
const START_ATTEMPTS: usize = 3;

/// The most bytes of the server's log kept for error messages.
const LOG_LIMIT: usize = 16 * 1024;

/// A `redis-server` (the Debian package `redis-server`, on `PATH`) listening on
/// `127.0.0.1:PORT`, with persistence off, so that it writes no file anywhere.
///
/// It is killed and reaped when dropped, so a failing test never leaves a server behind.
/// [`stop`](Self::stop) and [`restart`](Self::restart) simulate an outage: the port stays the
/// same, so clients connected to [`url`](Self::url) find the server again.
///
/// Starting and stopping block the calling thread (for milliseconds; at most
/// [`REDIS_READY_TIMEOUT`]), so they can be called from sync and async tests alike; the server
/// does not depend on any async runtime.
///
/// # Examples
///
/// ```no_run
/// use jwt_ring_testkit::RedisServer;
///
/// let mut redis = RedisServer::start()?;
/// assert!(redis.url().starts_with("redis://127.0.0.1:"));
/// redis.stop();
/// redis.restart()?;
/// # Ok::<(), jwt_ring_testkit::Error>(())
/// ```
#[derive(Debug)]
pub struct RedisServer {
    port: u16,
    /// `None` while stopped.
    child: Option<Child>,
    /// What the server printed (its log), for error messages.
    log: Arc<Mutex<String>>,
    /// The threads that copy the server's output into `log`; they end when it exits.
    log_threads: Vec<thread::JoinHandle<()>>,
}

impl RedisServer {
    /// Starts `redis-server` on a free loopback port and waits until it answers `PING`.
    ///
    /// # Errors
    ///
    /// [`Error::RedisNotFound`] when `redis-server` is not on `PATH` (install it with
    /// `apt-get install -y redis-server`), [`Error::RedisNotReady`] with the server's log when
    /// it exits or does not answer within [`REDIS_READY_TIMEOUT`], [`Error::Io`] when no port
    /// can be reserved.
    pub fn start() -> Result<Self, Error> {
        let mut last = None;
        for _ in 0..START_ATTEMPTS {
            let port = free_port()?;
            let mut server = Self {
                port,
                child: None,
                log: Arc::new(Mutex::new(String::new())),
                log_threads: Vec::new(),
            };
            match server.restart() {
                Ok(()) => return Ok(server),
                // Another process may have taken the port in between: try another one.
                Err(error @ Error::RedisNotReady { .. }) => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        Err(last.unwrap_or_else(|| not_ready(0, "no port could be tried", "")))
    }

    /// `redis://127.0.0.1:PORT/`, for a Redis client.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The port the server listens on (and listens on again after [`restart`](Self::restart)).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the server process is running (started and not stopped).
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut().map(Child::try_wait) {
            Some(Ok(None)) => true,
            Some(Ok(Some(_)) | Err(_)) | None => false,
        }
    }

    /// Kills the server and waits until it has exited: connections to it are closed and new
    /// ones are refused. Its data is gone (it keeps none on disk). Does nothing when stopped.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            // Reaps it; returns at once after SIGKILL.
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (stopping it first if it runs) and waits until
    /// it answers `PING`. It starts empty.
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start); also when another process has taken the port meanwhile.
    pub fn restart(&mut self) -> Result<(), Error> {
        self.stop();
        let port = self.port.to_string();
        let dir = std::env::temp_dir();
        let mut child = Command::new("redis-server")
            .args(["--port", &port, "--bind", "127.0.0.1", "--save", ""])
            .args(["--appendonly", "no", "--dir"])
            .arg(&dir)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => Error::RedisNotFound,
                _ => Error::Io(error),
            })?;
        let log = Arc::new(Mutex::new(String::new()));
        self.log_threads.clear();
        for pipe in [
            child
                .stdout
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let sink = Arc::clone(&log);
            self.log_threads
                .push(thread::spawn(move || collect(pipe, &sink)));
        }
        self.log = log;
        self.child = Some(child);
        self.wait_ready()
    }

    /// Whether the server answers `PING` with `PONG` now (raw RESP over TCP, 200 ms at most).
    pub fn answers_ping(&self) -> bool {
        ping(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)))
    }

    /// How many keys the server holds now (`DBSIZE`, raw RESP over TCP): what a test counts
    /// to show that refused requests left nothing behind.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the server does not answer with an integer within a second.
    pub fn key_count(&self) -> Result<u64, Error> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let timeout = Duration::from_secs(1);
        let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(b"*1\r\n$6\r\nDBSIZE\r\n")?;
        let mut reply = Vec::new();
        let mut byte = [0_u8; 1];
        while !reply.ends_with(b"\r\n") && reply.len() < 32 {
            stream.read_exact(&mut byte)?;
            reply.extend_from_slice(&byte);
        }
        std::str::from_utf8(&reply)
            .ok()
            .and_then(|text| text.strip_prefix(':'))
            .and_then(|text| text.trim_end().parse().ok())
            .ok_or_else(|| {
                Error::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "DBSIZE did not answer with an integer",
                ))
            })
    }

    /// What the server has printed so far (its log, truncated to the first 16 KiB).
    pub fn log(&self) -> String {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Polls with `PING` until the server answers `+PONG`, it exits, or the time is up.
    fn wait_ready(&mut self) -> Result<(), Error> {
        let deadline = Instant::now() + REDIS_READY_TIMEOUT;
        loop {
            if !self.is_running() {
                self.stop();
                // Everything it wrote before it exited: its pipes are closed now.
                for copier in self.log_threads.drain(..) {
                    let _ = copier.join();
                }
                return Err(not_ready(self.port, "it exited", &self.log()));
            }
            if self.answers_ping() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.stop();
                let reason = format!("no answer to PING within {REDIS_READY_TIMEOUT:?}");
                return Err(not_ready(self.port, &reason, &self.log()));
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether a Redis server at `addr` answers `PING` with `+PONG` (raw RESP over TCP).
fn ping(addr: SocketAddr) -> bool {
    let timeout = Duration::from_millis(200);
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, timeout) else {
        return false;
    };
    if stream.set_read_timeout(Some(timeout)).is_err()
        || stream.write_all(b"*1\r\n$4\r\nPING\r\n").is_err()
    {
        return false;
    }
    let mut reply = [0_u8; 7];
    stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}

/// A port that was free a moment ago: the system picks it for a listener that is then closed.
fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn not_ready(port: u16, reason: &str, log: &str) -> Error {
    Error::RedisNotReady {
        port,
        reason: reason.to_owned(),
        log: log.to_owned(),
    }
}

/// Appends everything `pipe` yields to `sink`, up to [`LOG_LIMIT`] bytes, until it closes.
fn collect(mut pipe: Box<dyn Read + Send>, sink: &Mutex<String>) {
    let mut buffer = [0_u8; 4096];
    while let Ok(read @ 1..) = pipe.read(&mut buffer) {
        let mut log = sink.lock().unwrap_or_else(PoisonError::into_inner);
        if log.len() < LOG_LIMIT {
            log.push_str(&String::from_utf8_lossy(
                buffer.get(..read).unwrap_or_default(),
            ));
        }
    }
}
