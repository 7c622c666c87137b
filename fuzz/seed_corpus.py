#!/usr/bin/env python3
"""Builds the seed corpora under fuzz/corpus/<target>/ from the project's test vectors.

Python 3 standard library only. Run from anywhere:

    python3 fuzz/seed_corpus.py [--vectors DIR]

DIR defaults to ../shared/vectors next to the repository (the RFC and Wycheproof vector files);
the PEM/DER fixtures come from tests/fixtures/ and fuzz/fixtures/. Each corpus directory is
emptied and rebuilt; file names are the SHA-1 of the contents, as libFuzzer names its own.

Seeds for verify_hs256 and verify_es256 are tokens signed with the fuzz targets' fixed keys
(the HMAC secret below, and the P-256 key in fuzz/fixtures/p256.pk8.der, signed here with a
small ECDSA implementation), so the fuzzer starts from inputs that pass the signature check.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import pathlib
import random
import shutil
import struct

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent

# Must match fuzz/src/lib.rs.
HMAC_SECRET = b"jwt-ring fuzzing secret, fixed, 48 bytes long!!!"
NOW = 1_700_000_000
ISSUER = "https://issuer.example"
AUDIENCE = "api"
POLICY_LEN = 32

# Caps that keep the committed corpus small.
MAX_WYCHEPROOF_TOKENS = 120
MAX_FILE = 4096


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact_json(value):
    return json.dumps(value, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# ECDSA P-256 (FIPS 186-4), enough to sign seed tokens with the committed fixture key.
# ---------------------------------------------------------------------------------------------

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)


def point_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if p1 == p2:
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def point_mul(k, point):
    result = None
    while k:
        if k & 1:
            result = point_add(result, point)
        point = point_add(point, point)
        k >>= 1
    return result


def p256_private_scalar(pkcs8):
    # ECPrivateKey inside the PKCS#8 document: SEQUENCE { INTEGER 1, OCTET STRING (32) d, ... }
    marker = b"\x02\x01\x01\x04\x20"
    start = pkcs8.index(marker) + len(marker)
    return int.from_bytes(pkcs8[start : start + 32], "big")


def es256_sign(d, message):
    z = int.from_bytes(hashlib.sha256(message).digest(), "big")
    counter = 0
    while True:
        # A deterministic nonce (seeds must be reproducible); not RFC 6979, not for real keys.
        nonce_input = d.to_bytes(32, "big") + message + struct.pack(">I", counter)
        k = int.from_bytes(hmac.new(b"seed nonce", nonce_input, hashlib.sha256).digest(), "big")
        k %= N
        counter += 1
        if k == 0:
            continue
        r = point_mul(k, G)[0] % N
        s = pow(k, -1, N) * (z + r * d) % N
        if r and s:
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")


# ---------------------------------------------------------------------------------------------
# Vector readers
# ---------------------------------------------------------------------------------------------


def walk(value):
    """Every (key, value) pair in a JSON document, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def rfc_tokens(vectors):
    tokens = []
    for path in sorted((vectors / "rfc").glob("*.json")):
        for key, value in walk(load(path)):
            if key == "compact" and isinstance(value, str):
                tokens.append(value)
    return tokens


def wycheproof_tokens(vectors):
    tokens = []
    for name in ("json_web_signature_test.json", "json_web_key_test.json"):
        path = vectors / "wycheproof" / name
        if path.exists():
            for key, value in walk(load(path)):
                if key == "jws" and isinstance(value, str):
                    tokens.append(value)
    return tokens


def is_jwk(value):
    return isinstance(value, dict) and isinstance(value.get("kty"), str)


def jwks_and_sets(vectors):
    keys, sets = [], []
    paths = sorted((vectors / "rfc").glob("*.json"))
    paths += [vectors / "wycheproof" / "json_web_key_test.json"]
    paths += [vectors / "wycheproof" / "json_web_signature_test.json"]
    paths += sorted((vectors / "ietf-jose-cookbook").glob("**/*.json"))
    for path in paths:
        if not path.exists():
            continue
        for _, value in walk(load(path)):
            if is_jwk(value):
                keys.append(value)
            elif isinstance(value, dict) and isinstance(value.get("keys"), list):
                if all(isinstance(k, dict) for k in value["keys"]):
                    sets.append(value)
    return keys, sets


# ---------------------------------------------------------------------------------------------
# Seeds per target
# ---------------------------------------------------------------------------------------------


def hs256_token(header, claims):
    signing_input = b64u(compact_json(header)) + "." + b64u(compact_json(claims))
    mac = hmac.new(HMAC_SECRET, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64u(mac)


def es256_token(d, header, claims):
    signing_input = b64u(compact_json(header)) + "." + b64u(compact_json(claims))
    return signing_input + "." + b64u(es256_sign(d, signing_input.encode()))


def policy_claim_sets():
    """Claims around the verify targets' fixed policy, accepted and not."""
    base = {"iss": ISSUER, "aud": AUDIENCE, "exp": NOW + 600}
    return [
        base,
        {**base, "sub": "alice", "iat": NOW - 10, "nbf": NOW - 10, "jti": "1"},
        {**base, "aud": ["other", AUDIENCE]},
        {**base, "exp": NOW + 0.5},
        {**base, "exp": NOW + 1, "tenant": "a", "roles": ["x", "y"], "n": 1.5e3},
        {**base, "exp": NOW},
        {**base, "exp": NOW - 1},
        {**base, "nbf": NOW + 1},
        {**base, "iat": NOW + 1},
        {**base, "iss": "https://other.example"},
        {**base, "aud": "other"},
        {"iss": ISSUER, "aud": AUDIENCE},
        {**base, "exp": "soon"},
        {**base, "exp": 253402300800},
    ]


def policy_headers(alg):
    return [
        {"alg": alg},
        {"alg": alg, "typ": "JWT"},
        {"alg": alg, "typ": "at+jwt", "kid": "k1"},
        {"alg": alg, "crit": ["exp"], "exp": 1},
        {"alg": alg, "cty": "JWT", "x5t#S256": "abc", "jku": "https://x.example"},
    ]


def signed_tokens(sign, alg):
    tokens = []
    for claims in policy_claim_sets():
        tokens.append(sign({"alg": alg, "typ": "JWT"}, claims))
    base = policy_claim_sets()[0]
    for header in policy_headers(alg):
        tokens.append(sign(header, base))
    return tokens


def structural_tokens():
    header = b64u('{"alg":"HS256"}')
    return [
        header + ".e30.AA",
        header + "..AA",
        header + ".e30.",
        ".e30.AA",
        header + ".e30",
        header + ".e30.AA.AA.AA",
        header + ".e30.AA.AA",
        b64u('{"alg":"none"}') + ".e30.",
        b64u('{"alg":"NoNe"}') + ".e30.AA",
        b64u('{"alg":"HS256","b64":false}') + ".e30.AA",
        b64u('{"alg":"HS256","crit":["x"],"x":1}') + ".e30.AA",
        b64u('{"alg":"HS256","crit":["kid"],"kid":"a"}') + ".e30.AA",
        b64u('{"alg":"HS256","alg":"HS256"}') + ".e30.AA",
        b64u('{"alg":"HS256","kid":7}') + ".e30.AA",
        b64u("[]") + ".e30.AA",
        header + ".e30.A",
        header + ".e30.AB",
        header + ".e30.AA==",
        header + ".e30.+/",
    ]


def variant_prefix(index, count):
    """The u32 that derive(Arbitrary) maps to variant `index` of `count`."""
    return struct.pack("<I", -(-(index << 32) // count))


def policy_prefix(
    issuers=0, subjects=0, audiences=0, ignore_audience=False, allow_missing_expiry=False,
    leeway=0, max_age=None, required=0, typ=None, critical=0, algorithms=0,
):
    """The claims_policy prefix for a PolicyInput (see fuzz_targets/claims_policy.rs).

    Clock: Fixed. leeway/max_age: a Span::Seconds value. Masks as documented in the target.
    """
    out = variant_prefix(0, 5)  # Clock::Fixed
    out += bytes([issuers, subjects, audiences, int(ignore_audience), int(allow_missing_expiry)])
    out += variant_prefix(4, 8) + struct.pack("<H", leeway)  # Span::Seconds
    if max_age is None:
        out += b"\x00"
    else:
        out += b"\x01" + variant_prefix(4, 8) + struct.pack("<H", max_age)
    out += struct.pack("<H", required)
    out += b"\x00" if typ is None else bytes([1, typ])
    out += bytes([critical, algorithms])
    assert len(out) <= POLICY_LEN
    return out.ljust(POLICY_LEN, b"\x00")


def claims_policy_seeds(vectors):
    # VALUES: "", "a", "b", ISSUER, AUDIENCE, "alice", "\u00c4" -> bits 0..6, bit 7 = configured.
    prefixes = [
        b"\x00" * POLICY_LEN,
        policy_prefix(issuers=0x88, audiences=0x90),
        policy_prefix(issuers=0x88, audiences=0x90, subjects=0xA0, leeway=60, max_age=3600),
        policy_prefix(allow_missing_expiry=True, ignore_audience=True, required=0x0180, typ=2,
                      critical=0x03, algorithms=0x81),
        policy_prefix(issuers=0x80),
        bytes(random.Random(7).randrange(256) for _ in range(POLICY_LEN)),
    ]
    pairs = []
    for claims in policy_claim_sets():
        pairs.append(({"alg": "HS256", "typ": "JWT"}, claims))
    for header in policy_headers("HS256"):
        pairs.append((header, policy_claim_sets()[1]))
    pairs.append(({"alg": "HS256", "typ": "application/at+jwt", "crit": ["x"], "x": 1},
                  {"exp": NOW + 60, "x": 1, "tenant": "t", "sub": "alice"}))
    seeds = []
    for index, (header, claims) in enumerate(pairs):
        body = compact_json(header).encode() + b"\x00" + compact_json(claims).encode()
        seeds.append(prefixes[index % len(prefixes)] + body)
    for prefix in prefixes:
        seeds.append(prefix + b'{"alg":"HS256"}\x00{"exp":1700000001}')
    # The policy that requires private claims, with a token that carries them.
    seeds.append(prefixes[3] + b'{"alg":"HS256","typ":"at+jwt"}\x00{"x":1,"tenant":"t"}')
    # Header and payload of the RFC tokens, as they were written.
    for token in rfc_tokens(vectors):
        parts = token.split(".")
        if len(parts) == 3:
            seeds.append(prefixes[0] + b64u_decode(parts[0]) + b"\x00" + b64u_decode(parts[1]))
    return seeds


def jwk_seeds(keys):
    seeds, seen = [], set()
    for key in keys:
        text = json.dumps(key)
        if text not in seen:
            seen.add(text)
            seeds.append(text)
    seeds += [
        '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","alg":"HS256","key_ops":["sign","verify"]}',
        '{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}',
        '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}',
        '{"kty":"RSA","n":"AQAB","e":"AQAB","oth":[]}',
    ]
    return seeds


def jwk_set_seeds(keys, sets):
    seeds = [json.dumps(s) for s in sets]
    public = [k for k in keys if "d" not in k and k.get("kty") != "oct"]
    secret = [k for k in keys if k.get("kty") == "oct"]
    seeds.append(json.dumps({"keys": public[:8]}))
    seeds.append(json.dumps({"keys": secret[:4]}))
    seeds.append(json.dumps({"keys": public[:2] + secret[:1]}))
    if public:
        twin = dict(public[0], kid="same")
        seeds.append(json.dumps({"keys": [twin, twin]}))
    seeds.append('{"keys":[]}')
    seeds.append('{"keys":[1,"a",null,{}]}')
    return list(dict.fromkeys(seeds))


def pem_der_seeds():
    seeds = []
    for directory in (ROOT / "tests" / "fixtures", ROOT / "tests" / "fixtures" / "pem",
                      FUZZ / "fixtures"):
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix in (".pem", ".der") and path.stat().st_size <= MAX_FILE:
                    seeds.append(path.read_bytes())
    return seeds


def roundtrip_seeds():
    # The roundtrip target reads its input with `arbitrary`; any bytes are valid input.
    rng = random.Random(2024)
    seeds = [bytes(rng.randrange(256) for _ in range(rng.randrange(8, 200))) for _ in range(24)]
    seeds.append(b"\x00" * 64)
    seeds.append(b"\xff" * 64)
    seeds.append(b"issuer audience subject kid typ cty jti tenant role " * 4)
    return seeds


# ---------------------------------------------------------------------------------------------


# backend_differential: the key order of fuzz_targets/backend_differential.rs, and each key's
# signature length.
DIFFERENTIAL_SIGNATURE_LENS = [32, 48, 64, 256, 256, 256, 256, 256, 256, 64, 96, 64]
DIFFERENTIAL_INPUT = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJmdXp6In0"


def backend_differential_seeds(d, tokens):
    """Seeds for each mode and key: raw signatures, masks of the valid signature, public keys
    (the fixture P-256 point, the Ed25519 identity, a zero modulus) and tokens."""
    seeds = []
    point = point_mul(d, G)
    p256_point = b"\x04" + point[0].to_bytes(32, "big") + point[1].to_bytes(32, "big")
    ed_identity = b"\x01" + bytes(31)
    for key, length in enumerate(DIFFERENTIAL_SIGNATURE_LENS):
        pick = bytes([key])
        seeds.append(b"\x00" + pick + DIFFERENTIAL_INPUT + b"\x00" + bytes(length))
        seeds.append(b"\x01" + pick)
        seeds.append(b"\x01" + pick + bytes(length - 1) + b"\x80")
        seeds.append(b"\x01" + pick + b"\x01")
        public = {9: p256_point, 11: ed_identity}.get(key, bytes(length))
        seeds.append(b"\x02" + pick + public + b"\x00" + bytes(length))
    for token in tokens:
        seeds.append(b"\x03\x00" + token.encode())
    return seeds


def write_corpus(target, seeds):
    directory = FUZZ / "corpus" / target
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    written = 0
    for seed in seeds:
        data = seed.encode() if isinstance(seed, str) else seed
        if not data or len(data) > MAX_FILE:
            continue
        name = hashlib.sha1(data).hexdigest()
        path = directory / name
        if not path.exists():
            path.write_bytes(data)
            written += 1
    print(f"{target}: {written} files")
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=pathlib.Path, default=ROOT.parent / "shared" / "vectors")
    parser.add_argument("--only", help="rebuild this target's corpus only")
    args = parser.parse_args()
    vectors = args.vectors
    if not (vectors / "rfc").is_dir():
        raise SystemExit(f"no test vectors at {vectors} (use --vectors DIR)")

    rfc = rfc_tokens(vectors)
    wycheproof = list(dict.fromkeys(wycheproof_tokens(vectors)))
    wycheproof = random.Random(1).sample(wycheproof, min(MAX_WYCHEPROOF_TOKENS, len(wycheproof)))

    d = p256_private_scalar((FUZZ / "fixtures" / "p256.pk8.der").read_bytes())
    keys, sets = jwks_and_sets(vectors)
    hs_tokens = signed_tokens(hs256_token, "HS256")
    es_tokens = signed_tokens(lambda header, claims: es256_token(d, header, claims), "ES256")
    if args.only == "backend_differential":
        write_corpus("backend_differential", backend_differential_seeds(d, rfc + hs_tokens + es_tokens))
        return
    total = 0
    total += write_corpus("untrusted_token", rfc + wycheproof + structural_tokens() + hs_tokens[:4])
    total += write_corpus("verify_hs256", hs_tokens + [t for t in rfc if '"HS256"' in
                                                        b64u_decode(t.split(".")[0]).decode()])
    total += write_corpus("verify_es256", es_tokens + [t for t in rfc if '"ES256"' in
                                                        b64u_decode(t.split(".")[0]).decode()])
    total += write_corpus("claims_policy", claims_policy_seeds(vectors))
    total += write_corpus("jwk", jwk_seeds(keys))
    total += write_corpus("jwk_set", jwk_set_seeds(keys, sets))
    total += write_corpus("pem_der", pem_der_seeds())
    total += write_corpus("roundtrip", roundtrip_seeds())
    total += write_corpus("backend_differential", backend_differential_seeds(d, rfc + hs_tokens + es_tokens))
    size = sum(p.stat().st_size for p in (FUZZ / "corpus").rglob("*") if p.is_file())
    print(f"total: {total} files, {size} bytes")


if __name__ == "__main__":
    main()
