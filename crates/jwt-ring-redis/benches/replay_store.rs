//! The replay check in memory against one Redis round trip, and 64 concurrent callers sharing
//! one multiplexed Redis connection. The bench starts its own `redis-server` on loopback
//! (jwt-ring-testkit); every iteration checks a `jti` never seen before.
//!
//! Run with `cargo bench -p jwt-ring-redis`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jwt_ring::oauth::{AsyncReplayStore, MemoryReplayStore, ReplayStore};
use jwt_ring_redis::{RedisReplayStore, RedisStoreOptions};
use jwt_ring_testkit::RedisServer;
use time::OffsetDateTime;

const CONCURRENT: usize = 64;

fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_767_225_600 + seconds).expect("a date")
}

fn replay_store(c: &mut Criterion) {
    let redis = RedisServer::start().expect("redis-server (apt-get install -y redis-server)");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let store = runtime
        .block_on(RedisReplayStore::connect(
            &redis.url(),
            RedisStoreOptions::default(),
        ))
        .expect("connected");
    let store = Arc::new(store);

    let mut group = c.benchmark_group("replay_store");
    group.throughput(Throughput::Elements(1));

    // The clock moves one second per check and each value lives one second, so a full store
    // finds every older entry expired: the memory stays bounded and the check never fails.
    let memory = MemoryReplayStore::new(100_000);
    let mut n: i64 = 0;
    group.bench_function("memory/first_seen", |b| {
        b.iter(|| {
            n += 1;
            let jti = format!("jti-{n}");
            let first = memory.first_seen("client-1", &jti, at(n + 1), at(n));
            assert!(matches!(first, Ok(true)));
            black_box(first)
        });
    });

    let mut n: u64 = 0;
    let until = at(3600);
    group.bench_function("redis/first_seen", |b| {
        b.iter(|| {
            n += 1;
            let jti = format!("jti-{n}");
            let first = runtime.block_on(store.first_seen_async("client-1", &jti, until, at(0)));
            assert!(matches!(first, Ok(true)));
            black_box(first)
        });
    });

    // 64 callers at once on the one connection: each batch is 64 fresh values checked by 64
    // tasks; throughput counts values.
    group.throughput(Throughput::Elements(CONCURRENT as u64));
    let mut n: u64 = 0;
    group.bench_function("redis/first_seen_64_concurrent", |b| {
        b.iter_custom(|batches| {
            let mut total = StdDuration::ZERO;
            for _ in 0..batches {
                let jtis: Vec<String> = (0..CONCURRENT)
                    .map(|_| {
                        n += 1;
                        format!("jti-concurrent-{n}")
                    })
                    .collect();
                let started = Instant::now();
                let answers = runtime.block_on(async {
                    let mut calls = tokio::task::JoinSet::new();
                    for jti in jtis {
                        let store = Arc::clone(&store);
                        calls.spawn(async move {
                            store.first_seen_async("client-1", &jti, until, at(0)).await
                        });
                    }
                    calls.join_all().await
                });
                total += started.elapsed();
                assert!(answers.iter().all(|first| matches!(first, Ok(true))));
            }
            total
        });
    });
    group.finish();
    drop(store);
    drop(runtime);
    drop(redis);
}

criterion_group!(benches, replay_store);
criterion_main!(benches);
