//! Integration tests of the `jwt` binary: every subcommand, its output, its error lines and
//! its exit codes. Times are fixed with `--now`.

mod backend;
mod completions;
mod es512;
mod help;
mod inspect;
mod jwe;
mod jwks;
mod keygen;
mod mint;
mod remote;
mod roundtrip;
mod secrets;
mod thumbprint;
mod verify;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The instant every test runs at: 2026-12-04 15:40:35 UTC.
pub const NOW: i64 = 1_796_398_835;
/// `NOW` as printed.
pub const NOW_UTC: &str = "2026-12-04 15:40:35 UTC";

/// The `jwt` binary, with its clock at [`NOW`].
pub fn jwt() -> Command {
    jwt_at(NOW)
}

/// The `jwt` binary, with its clock at `now`.
pub fn jwt_at(now: i64) -> Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("jwt");
    command
        .env_remove("NO_COLOR")
        .arg("--now")
        .arg(now.to_string());
    command
}

/// A key fixture of the library's test suite.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pem")
        .join(name)
}

/// A key fixture of this crate's tests (`tests/fixtures/`).
pub fn cli_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A token signed with `key` at [`NOW`] with the extra `mint` arguments.
pub fn mint(key: &Path, args: &[&str]) -> String {
    let output = jwt()
        .arg("mint")
        .arg("--key")
        .arg(key)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "mint failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(token.ends_with('\n'));
    token.trim().to_owned()
}

/// The claims of `token`, read back with `inspect --json`.
pub fn claims_of(token: &str) -> Value {
    inspect_json(token)["claims"].clone()
}

/// `inspect --json` of `token`.
pub fn inspect_json(token: &str) -> Value {
    let output = jwt().args(["inspect", "--json", token]).output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A token with the given header and payload JSON and a dummy signature.
pub fn unsigned(header: &str, payload: &str) -> String {
    use base64::Engine as _;
    let b64 = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    format!("{}.{}.{}", b64(header), b64(payload), b64("signature"))
}

/// Writes `contents` to `name` in `dir` and returns the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// Asserts that stderr is exactly one line starting with `jwt: ` and containing `needle`.
pub fn one_line_error(stderr: &[u8], needle: &str) {
    let stderr = String::from_utf8_lossy(stderr);
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("jwt: "), "{stderr}");
    assert!(stderr.contains(needle), "{stderr:?} lacks {needle:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
