//! Shared pieces of the fuzz targets: fixed keys, a fixed clock, a base64url encoder and an
//! independent model of the validator's claim policy, used as the oracle the targets assert
//! against.
//!
//! The oracle deliberately does not reuse the crate's own comparisons: times are compared as
//! `i128` nanoseconds since the epoch (no saturation, no `OffsetDateTime` arithmetic), claims are
//! read back from the payload with `serde_json::Value`, and `typ` is normalised here by hand.

pub mod jwe;

use std::collections::BTreeSet;

use jwt_ring::time::{Duration, OffsetDateTime};
use jwt_ring::{
    Claims, Header, RegisteredClaims, UntrustedToken, Validator, ValidatorBuilder, Verifier,
};
use serde_json::{Map, Value};

/// The largest NumericDate the crate represents: 9999-12-31T23:59:59Z. Later numbers in a
/// token saturate to it.
pub const MAX_UNIX: i64 = 253_402_300_799;

/// The smallest NumericDate the crate represents: -9999-01-01T00:00:00Z. Earlier numbers in a
/// token saturate to it.
pub const MIN_UNIX: i64 = -377_705_116_800;

/// The fixed clock of the verify targets: 2023-11-14T22:13:20Z.
pub const NOW_UNIX: i64 = 1_700_000_000;

/// The issuer the verify targets require.
pub const ISSUER: &str = "https://issuer.example";

/// The audience the verify targets require.
pub const AUDIENCE: &str = "api";

/// The HS256 secret of the verify and roundtrip targets (48 bytes, above the 32-byte floor).
pub const HMAC_SECRET: &[u8] = b"jwt-ring fuzzing secret, fixed, 48 bytes long!!!";

/// The P-256 PKCS#8 key of `verify_es256` and `roundtrip`, generated once with
/// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -outform DER` and converted
/// with `openssl pkcs8 -topk8 -nocrypt -inform DER -outform DER` (OpenSSL writes SEC1 otherwise).
pub const P256_PKCS8: &[u8] = include_bytes!("../fixtures/p256.pk8.der");

/// The P-384 PKCS#8 key of `roundtrip`.
pub const P384_PKCS8: &[u8] = include_bytes!("../fixtures/p384.pk8.der");

/// The RSA-2048 PKCS#8 key of `roundtrip` (`openssl genpkey -algorithm RSA
/// -pkeyopt rsa_keygen_bits:2048`, then `openssl pkcs8 -topk8 -nocrypt` to DER).
pub const RSA2048_PKCS8: &[u8] = include_bytes!("../fixtures/rsa2048.pk8.der");

/// The Ed25519 seed of `roundtrip`.
pub const ED25519_SEED: [u8; 32] = *b"jwt-ring fuzzing ed25519 seed 32";

/// `seconds` since the epoch as an `OffsetDateTime`; panics outside the crate's range.
pub fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).expect("a date in range")
}

/// The fixed clock.
pub fn now() -> OffsetDateTime {
    at(NOW_UNIX)
}

/// Unpadded base64url (RFC 4648 §5), written here so that token assembly does not depend on
/// the crate under test.
pub fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let digits = chunk.len() + 1;
        for i in 0..digits {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Strict unpadded base64url decoding, independent of the crate; panics on what an accepted
/// token must not contain (non-alphabet characters, a dangling character, non-zero padding
/// bits).
pub fn b64url_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("accepted a non-base64url character {c:#x}"),
        }
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        assert!(chunk.len() != 1, "accepted a dangling base64url character");
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
        // Non-canonical trailing bits would let two encodings carry one payload.
        let unused = match chunk.len() {
            2 => n & 0xFFFF,
            3 => n & 0xFF,
            _ => 0,
        };
        assert_eq!(unused, 0, "accepted non-canonical base64url");
    }
    out
}

/// Nanoseconds since the epoch, exactly.
pub fn nanos(time: OffsetDateTime) -> i128 {
    time.unix_timestamp_nanos()
}

/// How the validator treats `aud`.
#[derive(Clone, Debug)]
pub enum AudienceRule {
    /// No audience configured: a token carrying `aud` must be rejected.
    RejectPresent,
    /// `ignore_audience()`.
    Ignore,
    /// `aud` must contain one of these.
    OneOf(Vec<String>),
}

/// The verify targets' shared harness: one key, the [`Policy::fixed`] policy, and the checks every
/// accepted token must pass whatever the key's algorithm.
pub struct FixedKeyTarget<K> {
    pub key: K,
    pub policy: Policy,
    pub validator: Validator,
}

impl<K: Verifier + Clone + 'static> FixedKeyTarget<K> {
    pub fn new(key: K) -> Self {
        let policy = Policy::fixed();
        let validator = policy
            .apply(Validator::builder().key(key.clone()))
            .build()
            .expect("a valid policy");
        Self {
            key,
            policy,
            validator,
        }
    }

    /// Verifies `data` as a token at [`now`]. When it is accepted, asserts that its `alg` is the
    /// key's, that its signing input verifies again with the key, and that the policy holds on
    /// the returned claims (which must be the payload's); then returns the parsed token for the
    /// target's own checks.
    pub fn check<'a>(&self, data: &'a [u8]) -> Option<UntrustedToken<'a>> {
        let token = std::str::from_utf8(data).ok()?;
        let verified = self
            .validator
            .verify_at::<Map<String, Value>>(token, now())
            .ok()?;
        let untrusted = UntrustedToken::parse(token).expect("an accepted token parses");
        assert_eq!(untrusted.algorithm(), self.key.algorithm());
        assert!(
            self.key
                .verify(untrusted.signing_input().as_bytes(), untrusted.signature())
                .is_ok()
        );
        let payload = b64url_decode(token.split('.').nth(1).expect("three segments"));
        self.policy
            .assert_accepted(verified.header(), verified.claims(), &payload, now());
        Some(untrusted)
    }
}

/// A validator policy, as plain data: applied to a builder with [`Policy::apply`] and checked
/// against accepted tokens with [`Policy::assert_accepted`].
#[derive(Clone, Debug)]
pub struct Policy {
    pub issuers: Option<Vec<String>>,
    pub subjects: Option<Vec<String>>,
    pub audiences: AudienceRule,
    pub require_expiry: bool,
    /// Leeway in seconds (never negative here: negative values are a configuration error).
    pub leeway: i64,
    /// Maximum age in seconds.
    pub max_age: Option<i64>,
    pub required: Vec<String>,
    pub typ: Option<String>,
    pub critical: Vec<String>,
    pub algorithms: Option<Vec<String>>,
}

impl Policy {
    /// The policy of the verify targets: `exp` required, [`ISSUER`], [`AUDIENCE`], no leeway.
    pub fn fixed() -> Self {
        Self {
            issuers: Some(vec![ISSUER.to_owned()]),
            subjects: None,
            audiences: AudienceRule::OneOf(vec![AUDIENCE.to_owned()]),
            require_expiry: true,
            leeway: 0,
            max_age: None,
            required: Vec::new(),
            typ: None,
            critical: Vec::new(),
            algorithms: None,
        }
    }

    /// Configures `builder` with this policy.
    pub fn apply(&self, mut builder: ValidatorBuilder) -> ValidatorBuilder {
        if let Some(issuers) = &self.issuers {
            builder = builder.issuers(issuers.iter().cloned());
        }
        if let Some(subjects) = &self.subjects {
            builder = builder.subjects(subjects.iter().cloned());
        }
        match &self.audiences {
            AudienceRule::RejectPresent => {}
            AudienceRule::Ignore => builder = builder.ignore_audience(),
            AudienceRule::OneOf(list) => builder = builder.audiences(list.iter().cloned()),
        }
        if !self.require_expiry {
            builder = builder.allow_missing_expiry();
        }
        builder = builder.leeway(Duration::seconds(self.leeway));
        if let Some(max_age) = self.max_age {
            builder = builder.max_age(Duration::seconds(max_age));
        }
        for name in &self.required {
            builder = builder.require_claim(name.clone());
        }
        if let Some(typ) = &self.typ {
            builder = builder.typ(typ.clone());
        }
        if !self.critical.is_empty() {
            builder = builder.understood_critical(self.critical.iter().cloned());
        }
        if let Some(algorithms) = &self.algorithms {
            builder = builder.algorithms(algorithms.iter().cloned());
        }
        builder
    }

    /// Whether `build()` must refuse this policy: an empty accepted-value list.
    pub fn is_misconfigured(&self) -> bool {
        let empty = |list: &Option<Vec<String>>| list.as_ref().is_some_and(Vec::is_empty);
        empty(&self.issuers)
            || empty(&self.subjects)
            || empty(&self.algorithms)
            || matches!(&self.audiences, AudienceRule::OneOf(list) if list.is_empty())
    }

    /// Asserts that an accepted token satisfies this policy at `now`.
    ///
    /// `header` and `claims` are what the validator returned; `payload` is the token's decoded
    /// payload, read again here with `serde_json::Value` to check that the returned claims are
    /// the ones the token carries.
    pub fn assert_accepted(
        &self,
        header: &Header,
        claims: &Claims<Map<String, Value>>,
        payload: &[u8],
        now: OffsetDateTime,
    ) {
        let registered = &claims.registered;
        let now = nanos(now);
        let leeway = i128::from(self.leeway) * 1_000_000_000;

        // exp: required unless allowed to be missing; strictly after now - leeway.
        match registered.exp() {
            Some(exp) => assert!(
                nanos(exp.to_offset_date_time()) + leeway > now,
                "accepted an expired token: exp {exp:?}, leeway {}s",
                self.leeway
            ),
            None => assert!(!self.require_expiry, "accepted a token without exp"),
        }
        if let Some(nbf) = registered.nbf() {
            assert!(
                nanos(nbf.to_offset_date_time()) <= now + leeway,
                "accepted a token before its nbf {nbf:?}"
            );
        }
        // A future iat is refused only where iat is trusted as the issue time: with max_age.
        if let (Some(iat), Some(_)) = (registered.iat(), self.max_age) {
            assert!(
                nanos(iat.to_offset_date_time()) <= now + leeway,
                "accepted a token issued in the future: iat {iat:?}"
            );
        }
        if let Some(max_age) = self.max_age {
            let iat = registered.iat().expect("max_age requires iat");
            let max_age = i128::from(max_age) * 1_000_000_000;
            assert!(
                now <= nanos(iat.to_offset_date_time()) + max_age + leeway,
                "accepted a token older than max_age"
            );
        }
        assert_one_of("iss", registered.iss(), self.issuers.as_deref());
        assert_one_of("sub", registered.sub(), self.subjects.as_deref());
        match (&self.audiences, &registered.aud()) {
            (AudienceRule::RejectPresent, aud) => {
                assert!(aud.is_none(), "accepted aud without a configured audience")
            }
            (AudienceRule::Ignore, _) => {}
            (AudienceRule::OneOf(accepted), aud) => {
                let aud = aud.as_ref().expect("accepted a token without aud");
                assert!(
                    aud.iter().any(|value| accepted.iter().any(|a| a == value)),
                    "accepted an audience not configured"
                );
            }
        }

        // The returned claims are the payload's, read independently.
        let object: Map<String, Value> =
            serde_json::from_slice(payload).expect("an accepted payload is a JSON object");
        assert_registered_match(registered, &object);
        for (name, value) in &claims.custom {
            assert!(
                !is_registered(name),
                "registered claim {name} leaked into custom"
            );
            assert_eq!(object.get(name), Some(value), "custom claim {name} differs");
        }
        let custom_in_payload = object.keys().filter(|name| !is_registered(name)).count();
        assert_eq!(custom_in_payload, claims.custom.len(), "custom claims lost");

        for name in &self.required {
            assert!(
                object.contains_key(name),
                "accepted without required claim {name}"
            );
        }

        // Header rules.
        if let Some(expected) = &self.typ {
            let typ = header.typ().expect("accepted without the configured typ");
            assert_eq!(
                short_typ(typ),
                short_typ(expected),
                "accepted typ {typ:?} for {expected:?}"
            );
        }
        if let Some(crit) = header.critical() {
            for name in crit {
                assert!(self.critical.contains(name), "accepted unknown crit {name}");
            }
        }
        let alg = header.algorithm().expect("accepted without alg");
        assert!(!alg.eq_ignore_ascii_case("none"));
        if let Some(algorithms) = &self.algorithms {
            assert!(
                algorithms.iter().any(|a| a == alg),
                "accepted alg {alg} not allowed"
            );
        }
    }
}

fn assert_one_of(name: &str, value: Option<&str>, accepted: Option<&[String]>) {
    if let Some(accepted) = accepted {
        let value = value.unwrap_or_else(|| panic!("accepted a token without {name}"));
        assert!(
            accepted.iter().any(|a| a == value),
            "accepted {name} {value:?} not configured"
        );
    }
}

/// The seven registered claim names of RFC 7519 §4.1.
pub fn is_registered(name: &str) -> bool {
    matches!(name, "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti")
}

/// `typ` as RFC 7515 §4.1.9 compares it: ASCII case-insensitive, `application/` optional when
/// the rest has no other slash.
pub fn short_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) if !rest.contains('/') => rest.to_owned(),
        _ => lower,
    }
}

/// Asserts that each registered claim the validator returned is the payload's member.
pub fn assert_registered_match(registered: &RegisteredClaims, object: &Map<String, Value>) {
    let string = |name: &str| {
        object
            .get(name)
            .map(|v| v.as_str().expect("a string claim"))
    };
    assert_eq!(registered.iss(), string("iss"), "iss differs");
    assert_eq!(registered.sub(), string("sub"), "sub differs");
    assert_eq!(registered.jti(), string("jti"), "jti differs");
    match (object.get("aud"), &registered.aud()) {
        (None, None) => {}
        (Some(Value::String(one)), Some(aud)) => {
            assert!(!aud.is_array(), "aud string read as an array");
            assert_eq!(
                aud.iter().collect::<Vec<_>>(),
                vec![one.as_str()],
                "aud differs"
            )
        }
        (Some(Value::Array(many)), Some(aud)) => {
            assert!(aud.is_array(), "aud array read as a string");
            let many: Vec<&str> = many
                .iter()
                .map(|v| v.as_str().expect("aud strings"))
                .collect();
            assert_eq!(aud.iter().collect::<Vec<_>>(), many, "aud differs");
        }
        (payload, returned) => panic!("aud differs: {payload:?} vs {returned:?}"),
    }
    for (name, date) in [
        ("exp", registered.exp()),
        ("nbf", registered.nbf()),
        ("iat", registered.iat()),
    ] {
        match (object.get(name), date) {
            (None, None) => {}
            (Some(Value::Number(number)), Some(date)) => {
                // Every number is a date; beyond the range the date saturates to the nearer
                // end, while an integer keeps the number the issuer wrote.
                let seconds = date.to_offset_date_time().unix_timestamp();
                if let Some(int) = number.as_i64() {
                    assert_eq!(seconds, int.clamp(MIN_UNIX, MAX_UNIX), "{name} differs");
                    assert_eq!(date.unix(), int, "{name} lost the number written");
                    assert_eq!(date.to_offset_date_time().nanosecond(), 0);
                } else if number.as_u64().is_some() {
                    assert_eq!(seconds, MAX_UNIX, "{name} beyond i64 must saturate");
                } else {
                    let float = number.as_f64().expect("a number");
                    let expected = if float >= MAX_UNIX as f64 {
                        MAX_UNIX
                    } else if float <= MIN_UNIX as f64 {
                        MIN_UNIX
                    } else {
                        float.floor() as i64
                    };
                    assert_eq!(seconds, expected, "{name} {float} differs");
                }
                assert!(
                    (MIN_UNIX..=MAX_UNIX).contains(&seconds),
                    "{name} out of range"
                );
            }
            (payload, returned) => panic!("{name} differs: {payload:?} vs {returned:?}"),
        }
    }
}

/// Distinct values, in first-seen order.
pub fn dedup(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .collect()
}

/// Every JWS algorithm the crate implements.
pub const ALGORITHMS: [&str; 14] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA", "ES512", "Ed25519",
];

/// The invariants of one parsed JWK.
///
/// * `to_json` then `from_json` gives the same key (private members included);
/// * thumbprints have the hash's length, ignore private members, and the URI ends with them;
/// * `to_public` drops exactly the private material (and is refused for `oct`);
/// * an encryption key (a JWE `alg`, X25519) never verifies or signs, and a key with a JWS
///   `alg` never becomes a JWE key;
/// * every verifier made for one of `algorithms()` is for that algorithm, carries the key's
///   `kid`, and is refused for asymmetric private keys;
/// * with `sign`, a signature made by a signer from the JWK verifies with the public JWK.
pub fn check_jwk(jwk: &jwt_ring::jwk::Jwk, sign: bool) {
    use jwt_ring::jwk::{Jwk, JwkError, ThumbprintHash};
    use jwt_ring::{Signer, Verifier};

    let json = jwk.to_json();
    let again = Jwk::from_json(&json).unwrap_or_else(|e| panic!("{json} does not parse: {e:?}"));
    assert!(again == *jwk, "to_json/from_json changed the key: {json}");
    assert_eq!(again.to_json(), json);

    for (hash, len) in [
        (ThumbprintHash::Sha256, 43),
        (ThumbprintHash::Sha384, 64),
        (ThumbprintHash::Sha512, 86),
    ] {
        let thumbprint = jwk.thumbprint(hash);
        assert_eq!(thumbprint.len(), len);
        assert!(jwk.thumbprint_uri(hash).ends_with(&thumbprint));
    }

    let public = match jwk.to_public() {
        Ok(public) => {
            assert!(!jwk.is_symmetric());
            assert!(!public.is_private());
            assert_eq!(public.key_type(), jwk.key_type());
            assert_eq!(public.kid(), jwk.kid());
            assert_eq!(public.algorithms(), jwk.algorithms());
            assert_eq!(
                public.thumbprint(ThumbprintHash::Sha256),
                jwk.thumbprint(ThumbprintHash::Sha256)
            );
            let json = public.to_json();
            assert!(Jwk::from_json(&json).is_ok_and(|p| p == public), "{json}");
            if !jwk.is_private() {
                assert!(public == *jwk, "to_public changed a public key");
            }
            Some(public)
        }
        Err(error) => {
            assert!(jwk.is_symmetric(), "to_public failed: {error:?}");
            assert!(matches!(error, JwkError::Unsupported));
            None
        }
    };

    // Encryption keys (a JWE `alg`, an X25519 key) read, but never verify or sign; signing
    // keys (a JWS `alg`) never become JWE keys. Neither conversion panics.
    let decrypting = jwk.decrypting_key();
    let encrypting = jwk.encrypting_key();
    let encryption_key = jwk.algorithms().is_empty()
        || jwk
            .algorithm()
            .is_some_and(|alg| !ALGORITHMS.contains(&alg));
    if encryption_key {
        for alg in ALGORITHMS {
            assert!(
                jwk.verifier_for(alg).is_err(),
                "an encryption key verifies {alg}"
            );
            assert!(
                jwk.signer_for(alg).is_err(),
                "an encryption key signs {alg}"
            );
        }
        assert!(jwk.verifier().is_err() && jwk.signer().is_err());
        return;
    }
    if jwk.algorithm().is_some() {
        assert!(
            decrypting.is_err() && encrypting.is_err(),
            "a signing key encrypts"
        );
    }

    let algorithms = jwk.algorithms();
    assert!(!algorithms.is_empty());
    for alg in &algorithms {
        assert!(ALGORITHMS.contains(alg), "unknown algorithm {alg}");
        match jwk.verifier_for(alg) {
            Ok(verifier) => {
                assert_eq!(verifier.algorithm(), *alg);
                assert_eq!(verifier.key_id(), jwk.kid());
                assert!(jwk.is_symmetric() || !jwk.is_private());
            }
            Err(error) => assert!(
                matches!(
                    error,
                    JwkError::OperationNotAllowed
                        | JwkError::PrivateMaterial
                        | JwkError::Rejected(_)
                ),
                "verifier_for({alg}): {error:?}"
            ),
        }
        if sign
            && jwk.is_private()
            && let Ok(signer) = jwk.signer_for(alg)
        {
            assert_eq!(signer.algorithm(), *alg);
            assert_eq!(signer.key_id(), jwk.kid());
            let signature = signer.sign(b"eyJhbGciOiJub25lIn0.e30").expect("signs");
            let verifier = match &public {
                Some(public) => public.verifier_for(alg),
                None => jwk.verifier_for(alg),
            };
            if let Ok(verifier) = verifier {
                assert!(
                    verifier
                        .verify(b"eyJhbGciOiJub25lIn0.e30", &signature)
                        .is_ok(),
                    "a {alg} signature from the JWK does not verify with its public key"
                );
                assert!(
                    verifier
                        .verify(b"eyJhbGciOiJub25lIn0.e31", &signature)
                        .is_err()
                );
            }
        }
    }
    if let Ok(verifier) = jwk.verifier() {
        assert!(algorithms.contains(&verifier.algorithm()));
    }
}
