//! jsonwebtoken 12 with its RustCrypto provider (`rust_crypto`), as `verify/<ALG>/jsonwebtoken12@rust_crypto`
//! and `sign/<ALG>/jsonwebtoken12@rust_crypto`: the same keys, claims, token and validation as
//! every crate of `peers.rs` (read its header).
//!
//! A binary of its own because jsonwebtoken takes one crypto provider per process: this crate
//! enables both of its provider features, so neither is picked by default, and each binary
//! installs its own once (`peers.rs` installs aws-lc-rs). `cargo bench` runs both.

#[allow(dead_code)]
mod common;

fn main() {
    common::install_jsonwebtoken_provider(&jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER);
    let mut c = common::criterion();
    let parts = common::public_parts();
    for alg in common::ALGORITHMS {
        let token = common::reference_token(alg);
        common::bench_jsonwebtoken12(&mut c, alg, "jsonwebtoken12@rust_crypto", &parts, &token);
    }
    c.final_summary();
}
