//! Bookkeeping shared by every vector file: loading, hex, the expected-result rule, the tally of
//! passed / skipped / failed cases, the summary line and the summary table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

use jwt_ring::time::OffsetDateTime;
use serde_json::Value;

pub use crate::common::hex;

/// 2026-01-01T00:00:00Z: the fixed "now" handed to every `verify_at`. None of the vector payloads
/// carry time claims this clock could trip over, and a claim failure would count as "signature
/// accepted" anyway (see the procedure in `main.rs`).
pub const NOW: i64 = 1_767_225_600;

pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}

/// Every vector file this target reads, in the order of the summary table.
pub const FILES: &[&str] = &[
    "json_web_signature_test.json",
    "json_web_key_test.json",
    "json_web_crypto_test.json",
    "hmac_sha256_test.json",
    "hmac_sha384_test.json",
    "hmac_sha512_test.json",
    "rsa_signature_2048_sha256_test.json",
    "rsa_signature_2048_sha384_test.json",
    "rsa_signature_2048_sha512_test.json",
    "rsa_signature_3072_sha256_test.json",
    "rsa_signature_3072_sha384_test.json",
    "rsa_signature_3072_sha512_test.json",
    "rsa_signature_4096_sha256_test.json",
    "rsa_signature_4096_sha384_test.json",
    "rsa_signature_4096_sha512_test.json",
    "rsa_pss_2048_sha256_mgf1_32_test.json",
    "rsa_pss_3072_sha256_mgf1_32_test.json",
    "rsa_pss_4096_sha256_mgf1_32_test.json",
    "rsa_pss_2048_sha384_mgf1_48_test.json",
    "rsa_pss_4096_sha384_mgf1_48_test.json",
    "rsa_pss_4096_sha512_mgf1_64_test.json",
    "rsa_pkcs1_2048_sig_gen_test.json",
    "rsa_pkcs1_3072_sig_gen_test.json",
    "rsa_pkcs1_4096_sig_gen_test.json",
    "ecdsa_secp256r1_sha256_p1363_test.json",
    "ecdsa_secp384r1_sha384_p1363_test.json",
    "ecdsa_secp521r1_sha512_p1363_test.json",
    "ed25519_test.json",
];

/// A string member of a vector object.
pub fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("member `{name}` is not a string"))
}

/// A hex member of a vector object, decoded.
pub fn bytes(value: &Value, name: &str) -> Vec<u8> {
    hex(text(value, name))
}

pub fn tc_id(test: &Value) -> u64 {
    test["tcId"].as_u64().unwrap()
}

pub fn groups(file: &Value) -> &[Value] {
    file["testGroups"].as_array().unwrap()
}

pub fn tests(group: &Value) -> &[Value] {
    group["tests"].as_array().unwrap()
}

/// The tally of one vector file. Every `tcId` of the file must be recorded exactly once, as
/// passed, skipped (with a reason) or failed; [`finish`](Suite::finish) checks that the count
/// equals the file's `numberOfTests`.
pub struct Suite {
    file: &'static str,
    number_of_tests: u64,
    seen: BTreeSet<u64>,
    passed: u64,
    by_policy: u64,
    skipped: BTreeMap<String, Vec<u64>>,
    failures: Vec<String>,
}

impl Suite {
    /// Parses `json` (the text of `file`) and starts its tally.
    pub fn new(file: &'static str, json: &str) -> (Self, Value) {
        assert!(FILES.contains(&file), "{file} is not listed in FILES");
        let value: Value = serde_json::from_str(json).unwrap();
        let number_of_tests = value["numberOfTests"].as_u64().unwrap();
        let suite = Self {
            file,
            number_of_tests,
            seen: BTreeSet::new(),
            passed: 0,
            by_policy: 0,
            skipped: BTreeMap::new(),
            failures: Vec::new(),
        };
        (suite, value)
    }

    fn record(&mut self, id: u64) {
        if !self.seen.insert(id) {
            self.failures
                .push(format!("tcId {id}: recorded twice (harness error)"));
        }
    }

    /// Compares an outcome with the test's `result`: `valid` must be accepted, `invalid` must
    /// be rejected, `acceptable` passes either way. `detail` says what happened (shown on failure).
    pub fn check(&mut self, test: &Value, accepted: bool, detail: &str) {
        let id = tc_id(test);
        self.record(id);
        if agrees(test, accepted) {
            self.passed += 1;
        } else {
            self.fail(test, accepted, detail);
        }
    }

    /// As [`check`](Self::check), for a case whose key our policy refuses on purpose (for example
    /// an HMAC secret shorter than the hash output). The caller has already asserted the refusal
    /// and the primitive's result through the escape hatch; `agreed` says whether all of that held.
    pub fn check_by_policy(&mut self, test: &Value, agreed: bool, detail: &str) {
        let id = tc_id(test);
        self.record(id);
        if agreed {
            self.passed += 1;
            self.by_policy += 1;
        } else {
            self.failures.push(format!(
                "tcId {id} ({}): expected {}, policy check failed: {detail}",
                text(test, "comment"),
                text(test, "result"),
            ));
        }
    }

    /// Skips a case that is not evaluated at all (a group outside JWS, for example).
    pub fn skip(&mut self, test: &Value, reason: &str) {
        let id = tc_id(test);
        self.record(id);
        self.skipped.entry(reason.to_owned()).or_default().push(id);
    }

    /// Skips a listed case that *was* evaluated: the outcome must still disagree with the label,
    /// otherwise the skip is stale and is reported as a failure so that the table gets fixed.
    pub fn skip_disagreeing(&mut self, test: &Value, accepted: bool, reason: &str, detail: &str) {
        let id = tc_id(test);
        if agrees(test, accepted) {
            self.record(id);
            self.failures.push(format!(
                "tcId {id} ({}): listed as a skip ({reason}) but now agrees with `{}` ({detail}); \
                 remove it from the skip table",
                text(test, "comment"),
                text(test, "result"),
            ));
        } else {
            self.skip(test, reason);
        }
    }

    /// Records a case as failed for a reason other than its outcome (a harness invariant broke).
    pub fn fail_with(&mut self, test: &Value, message: &str) {
        let id = tc_id(test);
        self.record(id);
        self.failures.push(format!(
            "tcId {id} ({}): expected {}, {message}",
            text(test, "comment"),
            text(test, "result"),
        ));
    }

    /// `tcIds a-b: reason`, one per reason, in order of the first tcId.
    fn skip_lines(&self) -> Vec<String> {
        let mut skips: Vec<(&u64, String)> = self
            .skipped
            .iter()
            .map(|(reason, ids)| {
                (
                    ids.iter().min().unwrap(),
                    format!("{}: {reason}", id_ranges(ids)),
                )
            })
            .collect();
        skips.sort();
        skips.into_iter().map(|(_, line)| line).collect()
    }

    fn fail(&mut self, test: &Value, accepted: bool, detail: &str) {
        self.failures.push(format!(
            "tcId {} ({}): expected {}, got {} ({detail})",
            tc_id(test),
            text(test, "comment"),
            text(test, "result"),
            if accepted { "accepted" } else { "rejected" },
        ));
    }

    /// Prints the summary line, updates the summary table and fails the test on any
    /// disagreement or on a miscount.
    pub fn finish(mut self) {
        let skipped: u64 = self.skipped.values().map(|ids| ids.len() as u64).sum();
        let run = self.seen.len() as u64;
        if run != self.number_of_tests {
            self.failures.push(format!(
                "{} tcIds recorded, but the file declares numberOfTests = {}",
                run, self.number_of_tests
            ));
        }
        let mut line = format!(
            "wycheproof {}: {run} run, {} passed, {skipped} skipped",
            self.file, self.passed
        );
        if self.by_policy > 0 {
            let _ = write!(
                line,
                " ({} of the passed rejected by policy)",
                self.by_policy
            );
        }
        if !self.failures.is_empty() {
            let _ = write!(line, ", {} FAILED", self.failures.len());
        }
        println!("{line}");
        for skip in self.skip_lines() {
            println!("    skipped {skip}");
        }
        record_summary(&self, skipped);
        assert!(
            self.failures.is_empty(),
            "{}: {} disagreement(s) with the vectors:\n  {}",
            self.file,
            self.failures.len(),
            self.failures.join("\n  ")
        );
    }
}

fn agrees(test: &Value, accepted: bool) -> bool {
    match text(test, "result") {
        "valid" => accepted,
        "invalid" => !accepted,
        "acceptable" => true,
        other => panic!("unknown result {other:?}"),
    }
}

/// `1-3, 7, 9-10` for `[1, 2, 3, 7, 9, 10]`.
fn id_ranges(ids: &[u64]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    let mut out = String::new();
    let mut index = 0;
    while index < ids.len() {
        let start = ids[index];
        let mut end = start;
        while index + 1 < ids.len() && ids[index + 1] == end + 1 {
            index += 1;
            end = ids[index];
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        if start == end {
            let _ = write!(out, "tcId {start}");
        } else {
            let _ = write!(out, "tcIds {start}-{end}");
        }
        index += 1;
    }
    out
}

struct Row {
    tests: u64,
    passed: u64,
    by_policy: u64,
    skipped: u64,
    failed: usize,
    skips: Vec<String>,
}

static SUMMARY: Mutex<BTreeMap<usize, (&'static str, Row)>> = Mutex::new(BTreeMap::new());

/// Adds this file's row and rewrites `target/wycheproof-summary.md` with every row recorded by
/// this run (the test functions run in parallel, so the table is rebuilt after each one).
fn record_summary(suite: &Suite, skipped: u64) {
    let position = FILES.iter().position(|f| *f == suite.file).unwrap();
    let row = Row {
        tests: suite.number_of_tests,
        passed: suite.passed,
        by_policy: suite.by_policy,
        skipped,
        failed: suite.failures.len(),
        skips: suite.skip_lines(),
    };
    let mut summary = SUMMARY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    summary.insert(position, (suite.file, row));

    let mut md = String::from(
        "# Project Wycheproof conformance\n\n\
         Written by `cargo test --test wycheproof`, one row per vector file run by that \
         invocation. `passed` counts cases whose outcome agrees with the vector's `result` \
         (`acceptable` agrees either way); `by policy` counts passed cases whose key our \
         stricter policy refuses, checked separately.\n\n\
         | file | tests | passed | by policy | skipped | failed |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    let mut totals = [0u64; 5];
    for (file, row) in summary.values() {
        let _ = writeln!(
            md,
            "| {file} | {} | {} | {} | {} | {} |",
            row.tests, row.passed, row.by_policy, row.skipped, row.failed
        );
        for (total, value) in totals.iter_mut().zip([
            row.tests,
            row.passed,
            row.by_policy,
            row.skipped,
            row.failed as u64,
        ]) {
            *total += value;
        }
    }
    let _ = writeln!(
        md,
        "| **total** | {} | {} | {} | {} | {} |",
        totals[0], totals[1], totals[2], totals[3], totals[4]
    );
    md.push_str("\n## Skips\n\n");
    for (file, row) in summary.values() {
        for skip in &row.skips {
            let _ = writeln!(md, "* `{file}` {skip}");
        }
    }
    // Best effort: the table is a by-product for the README, never a reason to fail the suite.
    let _ = std::fs::write(summary_path(), md);
}

fn summary_path() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`, so this honours CARGO_TARGET_DIR.
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map_or(tmp.clone(), PathBuf::from)
        .join("wycheproof-summary.md")
}
