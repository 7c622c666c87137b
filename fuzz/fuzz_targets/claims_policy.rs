//! The claim and header checks of `Validator`, reached through a verifier that accepts every
//! signature, with a policy chosen by the input.
//!
//! Input layout: the first [`POLICY_LEN`] bytes are decoded with `arbitrary` into a
//! [`PolicyInput`] (issuers, subjects, audiences, leeway, max age, required claims, `typ`,
//! understood `crit` names, allowed algorithms, and the clock); the rest is the header JSON, a
//! NUL byte, and the payload JSON. The token is assembled from those bytes and a dummy
//! signature.
//!
//! Invariants: `build()` fails exactly for empty accepted-value lists and negative durations,
//! with the matching `ConfigError`; an accepted token satisfies the policy at the clock (checked
//! by the independent oracle in the fuzz crate's lib), and the returned claims are the payload's;
//! requiring every claim twice gives the same outcome as requiring it once.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use jwt_ring::{ConfigError, InvalidSignature, Validator, Verifier};
use jwt_ring_fuzz::{
    AUDIENCE, AudienceRule, ISSUER, MAX_UNIX, NOW_UNIX, Policy, at, b64url, dedup,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

/// The length of the policy prefix.
const POLICY_LEN: usize = 32;

/// Accepts every signature for HS256: only the claim checks stand between a token and `Ok`.
struct AcceptAny;

impl Verifier for AcceptAny {
    fn algorithm(&self) -> &str {
        "HS256"
    }

    fn verify(&self, _: &[u8], _: &[u8]) -> Result<(), InvalidSignature> {
        Ok(())
    }
}

const VALUES: [&str; 7] = ["", "a", "b", ISSUER, AUDIENCE, "alice", "\u{c4}"];
const CLAIMS: [&str; 16] = [
    "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "x", "tenant", "scope", "role", "", "a", "b",
    "crit", "alg",
];
const TYPES: [&str; 8] = [
    "JWT",
    "jwt",
    "at+jwt",
    "application/at+jwt",
    "APPLICATION/AT+JWT",
    "secevent+jwt",
    "application/x/y",
    "x/y",
];
const CRITICAL: [&str; 7] = ["exp", "x", "tenant", "b64", "kid", "iss", ""];
const ALGORITHMS: [&str; 7] = ["HS256", "HS384", "RS256", "ES256", "none", "hs256", "EdDSA"];

#[derive(Arbitrary, Debug)]
enum Clock {
    Fixed,
    Epoch,
    Max,
    Seconds(u32),
    Any(u64),
}

#[derive(Arbitrary, Debug)]
enum Span {
    Zero,
    One,
    Minute,
    Hour,
    Seconds(u16),
    Large(u32),
    Huge,
    Negative(u8),
}

#[derive(Arbitrary, Debug)]
struct PolicyInput {
    clock: Clock,
    /// Bit 7: configured; bits 0-6: which of [`VALUES`].
    issuers: u8,
    subjects: u8,
    audiences: u8,
    ignore_audience: bool,
    allow_missing_expiry: bool,
    leeway: Span,
    max_age: Option<Span>,
    /// One bit per name in [`CLAIMS`].
    required: u16,
    typ: Option<u8>,
    /// One bit per name in [`CRITICAL`].
    critical: u8,
    /// Bit 7: configured; bits 0-6: which of [`ALGORITHMS`].
    algorithms: u8,
}

fn pick(mask: u8, from: &[&str]) -> Option<Vec<String>> {
    (mask & 0x80 != 0).then(|| {
        from.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, value)| (*value).to_owned())
            .collect()
    })
}

fn seconds(span: &Span) -> i64 {
    match span {
        Span::Zero => 0,
        Span::One => 1,
        Span::Minute => 60,
        Span::Hour => 3600,
        Span::Seconds(s) => i64::from(*s),
        Span::Large(s) => i64::from(*s),
        Span::Huge => i64::MAX,
        Span::Negative(s) => -1 - i64::from(*s),
    }
}

impl PolicyInput {
    fn policy(&self) -> Policy {
        let audiences = match (pick(self.audiences, &VALUES), self.ignore_audience) {
            (Some(list), _) => AudienceRule::OneOf(list),
            (None, true) => AudienceRule::Ignore,
            (None, false) => AudienceRule::RejectPresent,
        };
        Policy {
            issuers: pick(self.issuers, &VALUES),
            subjects: pick(self.subjects, &VALUES),
            audiences,
            require_expiry: !self.allow_missing_expiry,
            leeway: seconds(&self.leeway),
            max_age: self.max_age.as_ref().map(seconds),
            required: dedup(
                CLAIMS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| self.required & (1 << i) != 0)
                    .map(|(_, name)| (*name).to_owned()),
            ),
            typ: self
                .typ
                .map(|index| TYPES[usize::from(index) % TYPES.len()].to_owned()),
            critical: pick(self.critical | 0x80, &CRITICAL).unwrap_or_default(),
            algorithms: pick(self.algorithms, &ALGORITHMS),
        }
    }

    fn now(&self) -> i64 {
        match self.clock {
            Clock::Fixed => NOW_UNIX,
            Clock::Epoch => 0,
            Clock::Max => MAX_UNIX,
            Clock::Seconds(s) => i64::from(s),
            Clock::Any(s) => (s % (MAX_UNIX as u64 + 1)) as i64,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (prefix, rest) = data.split_at(data.len().min(POLICY_LEN));
    let Ok(input) = PolicyInput::arbitrary(&mut Unstructured::new(prefix)) else {
        return;
    };
    let (header, payload) = match rest.iter().position(|b| *b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let token = format!("{}.{}.AA", b64url(header), b64url(payload));

    let policy = input.policy();
    let now = at(input.now());
    let built = policy.apply(Validator::builder().key(AcceptAny)).build();
    let negative = policy.leeway < 0 || policy.max_age.is_some_and(|age| age < 0);
    let validator = match built {
        Ok(validator) => {
            assert!(
                !policy.is_misconfigured() && !negative,
                "{policy:?} was accepted"
            );
            validator
        }
        Err(ConfigError::EmptyList) => {
            assert!(policy.is_misconfigured(), "{policy:?}");
            return;
        }
        Err(ConfigError::OutOfRange) => {
            assert!(negative && !policy.is_misconfigured(), "{policy:?}");
            return;
        }
        Err(other) => panic!("unexpected {other:?} for {policy:?}"),
    };

    let result = validator.verify_at::<Map<String, Value>>(&token, now);
    if let Ok(verified) = &result {
        assert_eq!(verified.header().algorithm(), Some("HS256"));
        policy.assert_accepted(verified.header(), verified.claims(), payload, now);
    }

    // Requiring every claim twice asks for nothing more: the outcome must not change.
    if !policy.required.is_empty() {
        let mut twice = policy.clone();
        twice.required.extend(policy.required.iter().cloned());
        let validator = twice
            .apply(Validator::builder().key(AcceptAny))
            .build()
            .expect("the same policy");
        let again = validator.verify_at::<Map<String, Value>>(&token, now);
        assert_eq!(
            result.is_ok(),
            again.is_ok(),
            "requiring {:?} twice: {result:?} / {again:?}",
            policy.required
        );
    }
});
