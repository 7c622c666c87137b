//! The `redis-server` harness: starts, answers, stops, restarts on the same port, cleans up.

use std::io::{Read, Write};
use std::net::TcpStream;

use jwt_ring_testkit::{Error, RedisServer};

/// Sends one RESP command and reads one reply line.
fn command(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request).unwrap();
    let mut reply = Vec::new();
    let mut byte = [0_u8; 1];
    while !reply.ends_with(b"\r\n") {
        stream.read_exact(&mut byte).unwrap();
        reply.push(byte[0]);
    }
    String::from_utf8(reply).unwrap()
}

#[test]
fn starts_answers_and_is_killed_on_drop() {
    let mut redis = RedisServer::start().unwrap();
    let port = redis.port();
    assert_ne!(port, 0);
    assert_eq!(redis.url(), format!("redis://127.0.0.1:{port}/"));
    assert!(redis.is_running());
    assert!(redis.answers_ping());
    assert_eq!(command(port, b"*1\r\n$4\r\nPING\r\n"), "+PONG\r\n");
    // Persistence is off: nothing is ever written to disk.
    assert_eq!(
        command(port, b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nsave\r\n"),
        "*2\r\n"
    );
    drop(redis);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn persistence_is_off() {
    let redis = RedisServer::start().unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", redis.port())).unwrap();
    stream
        .write_all(b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$10\r\nappendonly\r\n")
        .unwrap();
    let mut reply = [0_u8; 32];
    let read = stream.read(&mut reply).unwrap();
    let reply = String::from_utf8_lossy(&reply[..read]).into_owned();
    assert!(reply.contains("appendonly\r\n$2\r\nno\r\n"), "{reply:?}");
    assert!(
        redis.log().contains("Ready to accept connections"),
        "{}",
        redis.log()
    );
}

#[test]
fn stop_refuses_connections_and_restart_serves_the_same_port_empty() {
    let mut redis = RedisServer::start().unwrap();
    let port = redis.port();
    assert_eq!(
        command(port, b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"),
        "+OK\r\n"
    );
    redis.stop();
    assert!(!redis.is_running());
    assert!(!redis.answers_ping());
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    redis.stop(); // stopping twice is harmless

    redis.restart().unwrap();
    assert_eq!(redis.port(), port);
    assert!(redis.is_running());
    assert!(redis.answers_ping());
    // It starts empty: nothing was kept on disk.
    assert_eq!(command(port, b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), "$-1\r\n");

    // Restarting a running server replaces it.
    redis.restart().unwrap();
    assert!(redis.answers_ping());
}

#[test]
fn two_servers_get_different_ports() {
    let one = RedisServer::start().unwrap();
    let two = RedisServer::start().unwrap();
    assert_ne!(one.port(), two.port());
    assert!(one.answers_ping() && two.answers_ping());
}

#[test]
fn a_taken_port_is_reported_with_the_server_log() {
    let mut redis = RedisServer::start().unwrap();
    let port = redis.port();
    redis.stop();
    let _squatter = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let error = redis.restart().unwrap_err();
    match &error {
        Error::RedisNotReady {
            port: reported,
            reason,
            log,
        } => {
            assert_eq!(*reported, port);
            assert_eq!(reason, "it exited");
            assert!(log.contains("Address already in use"), "{log}");
        }
        other => panic!("expected RedisNotReady, got {other:?}"),
    }
    assert!(error.to_string().contains(&format!("port {port}")));
    assert!(!redis.is_running());
}

/// Runs this test again in a child process whose `PATH` has no `redis-server`.
#[test]
fn a_missing_redis_server_names_the_package_to_install() {
    const CHILD: &str = "JWT_RING_TESTKIT_NO_REDIS_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let error = RedisServer::start().unwrap_err();
        assert!(matches!(error, Error::RedisNotFound), "{error:?}");
        assert!(
            error
                .to_string()
                .contains("apt-get install -y redis-server")
        );
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_missing_redis_server_names_the_package_to_install",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn key_count_counts_the_keys_held() {
    let mut redis = RedisServer::start().unwrap();
    let port = redis.port();
    assert_eq!(redis.key_count().unwrap(), 0);
    for key in ["a", "b"] {
        let set = format!("*3\r\n$3\r\nSET\r\n$1\r\n{key}\r\n$1\r\n1\r\n");
        assert_eq!(command(port, set.as_bytes()), "+OK\r\n");
    }
    assert_eq!(redis.key_count().unwrap(), 2);
    redis.stop();
    assert!(redis.key_count().is_err());
}
