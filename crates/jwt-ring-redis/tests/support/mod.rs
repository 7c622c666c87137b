//! Servers for the failure cases a real Redis does not produce on demand.

#![allow(dead_code)]

use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A loopback server that speaks RESP: it reads each command (an array of bulk strings) and
/// answers with what `reply` returns for it, or with nothing at all when it returns `None`.
/// Stops when dropped.
pub struct FakeRedis {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl FakeRedis {
    pub async fn start(reply: fn(&[Vec<u8>]) -> Option<&'static [u8]>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, reply));
            }
        });
        Self { addr, task }
    }

    /// A server that accepts connections and never answers (nor closes them).
    pub async fn silent() -> Self {
        Self::start(|_| None).await
    }

    pub fn url(&self) -> String {
        format!("redis://{}/", self.addr)
    }
}

impl Drop for FakeRedis {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Whether `command` is part of redis-rs's connection set-up.
pub fn is_setup(command: &[Vec<u8>]) -> bool {
    command
        .first()
        .is_some_and(|name| name.eq_ignore_ascii_case(b"CLIENT"))
}

async fn serve(stream: TcpStream, reply: fn(&[Vec<u8>]) -> Option<&'static [u8]>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    while let Some(command) = read_command(&mut read).await {
        if let Some(answer) = reply(&command)
            && write.write_all(answer).await.is_err()
        {
            return;
        }
    }
    // Keep the connection open: a silent server does not hang up either.
    std::future::pending::<()>().await;
}

async fn read_command(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> Option<Vec<Vec<u8>>> {
    let count = read_number(read, b'*').await?;
    let mut parts = Vec::new();
    for _ in 0..count {
        let len = read_number(read, b'$').await?;
        let mut part = vec![0; len + 2];
        read.read_exact(&mut part).await.ok()?;
        part.truncate(len);
        parts.push(part);
    }
    Some(parts)
}

async fn read_number(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    kind: u8,
) -> Option<usize> {
    let mut line = Vec::new();
    read.read_until(b'\n', &mut line).await.ok()?;
    let text = std::str::from_utf8(line.strip_prefix(&[kind])?).ok()?;
    text.trim_end().parse().ok()
}
