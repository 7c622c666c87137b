//! Project Wycheproof (<https://github.com/C2SP/wycheproof>, Apache-2.0) through the public API.
//!
//! One test per vector file. Each prints a summary line (`cargo test --test wycheproof --
//! --nocapture`), adds its row to `target/wycheproof-summary.md`, and fails listing every case
//! whose outcome disagrees with the vector's `result` (tcId, comment, expected, got).
//!
//! * `valid` must be accepted, `invalid` rejected; `acceptable` passes either way.
//! * A key that our constructors refuse counts as a rejection of every signature under it.
//! * Every `tcId` is accounted for exactly once (passed, skipped or failed), and the count must
//!   equal the file's `numberOfTests`.
//! * Skips are explicit: single cases through the `*_SKIPS` tables in `jose.rs`, each with its
//!   reason (a listed case is still run and must still disagree with its label, so a skip that
//!   is no longer needed fails the suite), and whole groups by their parameters when they are
//!   not a JWS algorithm (truncated HMAC tags, SHA-1/SHA-224 signing, JWE).
//!
//! The JOSE-level procedure (how a non-JSON payload is kept from counting as a rejection) is
//! documented in `jose.rs`; the primitive files in `primitives.rs`. The P-521 file (ES512) runs
//! with the `aws-lc` feature, through the crate's own P-521 keys.
//!
//! The vector files under `tests/vectors/wycheproof/` are byte-exact copies of upstream commit
//! `dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166`; see `tests/vectors/README.md`.

#[path = "../common/mod.rs"]
mod common;
mod jose;
mod primitives;
mod support;
