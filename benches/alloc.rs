//! Allocations per operation: a counting global allocator around `System`, and a table of the
//! number of allocations and the peak of live heap bytes for one `verify` (owned claims and
//! borrowed claims) and one `encode`.
//!
//! Run with `cargo bench --bench alloc`. The counts are exact and deterministic for a given
//! build; the bench only prints them.
// A `GlobalAlloc` must be an `unsafe impl`. The library itself forbids unsafe code in
// src/lib.rs; Cargo.toml only denies it, so that this file can allow it.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use jwt_ring::{Header, UntrustedToken, encode};

#[path = "support/mod.rs"]
mod support;

use support::{Scope, ScopeRef, fixed_now};

/// Counts allocations and tracks live and peak bytes; all the work is done by `System`.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grow(size: usize) {
        let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the counters
// are plain atomics and never touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        Self::grow(layout.size());
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        Self::grow(layout.size());
        // SAFETY: forwarded as received.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        Self::grow(new_size);
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and peak live bytes (above what was live before) during `f`.
fn measure<R>(f: impl FnOnce() -> R) -> (usize, usize, R) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let result = f();
    let count = ALLOCATIONS.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - base;
    (count, peak, result)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing or a filter.
    let now = fixed_now();
    let mut rows = Vec::new();
    for alg in ["HS256", "ES256", "RS256", "EdDSA"] {
        let fixture = support::fixture(alg, 0);
        // Once to warm up lazily initialised state (CPU feature detection and the like).
        drop(fixture.validator.verify_at::<Scope>(&fixture.token, now));

        let (count, peak, verified) =
            measure(|| fixture.validator.verify_at::<Scope>(&fixture.token, now));
        assert!(verified.is_ok(), "{alg}: the fixture verifies");
        drop(black_box(verified));
        rows.push((format!("verify/{alg} (owned claims)"), count, peak));

        let (count, peak, ok) = measure(|| {
            let untrusted = UntrustedToken::parse(&fixture.token).expect("token parses");
            let claims = fixture
                .validator
                .verify_untrusted_at::<ScopeRef<'_>>(&untrusted, now)
                .expect("verification succeeds");
            black_box(claims.custom.scope.len()) == support::SCOPE.len()
        });
        assert!(ok, "{alg}: borrowed claims read");
        rows.push((format!("verify/{alg} (borrowed claims)"), count, peak));

        let (count, peak, ok) = measure(|| {
            UntrustedToken::parse(&fixture.token)
                .map(|token| black_box(token).algorithm() == alg)
                .unwrap_or(false)
        });
        assert!(ok, "{alg}: token parses");
        rows.push((format!("parse_untrusted/{alg}"), count, peak));

        let header = Header::new();
        let (count, peak, token) = measure(|| encode(&header, &fixture.claims, &*fixture.signer));
        assert!(token.is_ok(), "{alg}: signing succeeds");
        rows.push((format!("sign/{alg}"), count, peak));
    }

    println!("| operation | allocations | peak bytes |");
    println!("| --- | ---: | ---: |");
    for (name, count, peak) in rows {
        println!("| {name} | {count} | {peak} |");
    }
}
