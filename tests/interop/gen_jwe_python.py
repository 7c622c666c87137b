#!/usr/bin/env python3
"""JWE interop fixtures from Python's jwcrypto.

Run through generate.sh, which installs jwcrypto into a throwaway venv. Subcommands:

  keys     write the JWE keys in tests/interop/keys/jwe/ (only missing files: keys are made once)
  encrypt  write fixtures/jwe_from_jwcrypto.json: one token per case of jwe_spec.json, the
           compressed (zip: DEF) tokens of its `compressed` cases and the token of its
           `unsupported` alg
  decrypt  decrypt every token of fixtures/jwe_from_jwt_ring.json and write
           fixtures/jwe_verified_by_jwcrypto.json

Tokens are random (fresh CEK, IV and ephemeral keys), so every run rewrites the tokens.
"""

import base64
import json
import os
import secrets
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE / "keys" / "jwe"
FIXTURES = HERE / "fixtures"
CLAIMS = json.loads((HERE / "spec.json").read_text(encoding="utf-8"))["claims"]
SPEC = json.loads((HERE / "jwe_spec.json").read_text(encoding="utf-8"))

ALGORITHMS = SPEC["algorithms"]
ENCRYPTIONS = SPEC["encryptions"]
CURVES = SPEC["curves"]
# Symmetric keys: dir keys are the CEK itself, one per enc; the others are key-encryption keys.
SYMMETRIC_LEN = {
    "dir-A128GCM": 16, "dir-A256GCM": 32, "dir-A128CBC-HS256": 32, "dir-A256CBC-HS512": 64,
    "A128KW": 16, "A256KW": 32, "A128GCMKW": 16, "A256GCMKW": 32,
}
RSA_KEYS = ["RSA-OAEP", "RSA-OAEP-256"]
# PBES2 keys are passwords: oct JWKs whose `k` is the password's UTF-8 (printable ASCII).
PASSWORDS = ["PBES2-HS256+A128KW", "PBES2-HS512+A256KW"]
PBES2_P2C = SPEC["pbes2"]["p2c"]["jwcrypto"]
COMPRESSED = SPEC["compressed"]
UNSUPPORTED = SPEC["unsupported"]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(HERE.parent.parent)}")


def versions():
    return {
        "python": sys.version.split()[0],
        "jwcrypto": metadata.version("jwcrypto"),
        "cryptography": metadata.version("cryptography"),
    }


def key_names(alg, enc):
    """The keys a case uses: dir has one key per enc, ECDH-ES* one per curve."""
    if alg == "dir":
        return [f"dir-{enc}"]
    if alg.startswith("ECDH-ES"):
        return [f"ECDH-{curve}" for curve in CURVES]
    return [alg]


def cases():
    for alg in ALGORITHMS:
        for enc in ENCRYPTIONS:
            for key_name in key_names(alg, enc):
                yield alg, enc, key_name


def kid(key_name):
    return SPEC["kid_prefix"] + key_name


def expected_header(alg, enc, key_name, compressed=False):
    header = {"alg": alg, "enc": enc, "kid": kid(key_name), "typ": SPEC["typ"]}
    party = SPEC["party_info"]
    if alg.startswith("ECDH-ES") and enc in party["encryptions"]:
        header["apu"] = b64url(party["apu"].encode("utf-8"))
        header["apv"] = b64url(party["apv"].encode("utf-8"))
    if compressed:
        header["zip"] = "DEF"
    return header


def plaintext(lib, alg, enc, key_name, compressed=False):
    """The claims of spec.json with a jti naming the case, as compact JSON (raw UTF-8);
    compressed cases add the filler claim."""
    claims = dict(CLAIMS)
    if compressed:
        claims["jti"] = f"{lib}-DEF-{alg}-{enc}-{key_name}"
        claims["filler"] = COMPRESSED["filler"] * COMPRESSED["filler_repeat"]
    else:
        claims["jti"] = f"{lib}-{alg}-{enc}-{key_name}"
    return json.dumps(claims, ensure_ascii=False, separators=(",", ":"))


# -------------------------------------------------------------------------------------------
# keys
# -------------------------------------------------------------------------------------------


def make_keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwcrypto import jwk

    KEYS.mkdir(parents=True, exist_ok=True)
    for name, length in SYMMETRIC_LEN.items():
        path = KEYS / f"{name}.private.jwk.json"
        if not path.exists():
            alg = "dir" if name.startswith("dir-") else name
            write_json(path, {"kty": "oct", "k": b64url(os.urandom(length)), "alg": alg,
                              "kid": kid(name), "use": "enc"})
    for name in PASSWORDS:
        path = KEYS / f"{name}.private.jwk.json"
        if not path.exists():
            password = "interop-" + secrets.token_urlsafe(18)
            write_json(path, {"kty": "oct", "k": b64url(password.encode("ascii")), "alg": name,
                              "kid": kid(name), "use": "enc"})

    def missing(name, parts):
        return not all((KEYS / f"{name}.{part}").exists() for part in parts)

    for name in RSA_KEYS:
        parts = ["private.pem", "public.pem", "private.jwk.json", "public.jwk.json"]
        if not missing(name, parts):
            continue
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_pem = private.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
        public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        key = jwk.JWK.from_pem(private_pem)
        extra = {"alg": name, "kid": kid(name), "use": "enc"}
        (KEYS / f"{name}.private.pem").write_bytes(private_pem)
        (KEYS / f"{name}.public.pem").write_bytes(public_pem)
        write_json(KEYS / f"{name}.private.jwk.json", {**key.export_private(as_dict=True), **extra})
        write_json(KEYS / f"{name}.public.jwk.json", {**key.export_public(as_dict=True), **extra})

    for curve in CURVES:
        name = f"ECDH-{curve}"
        if not missing(name, ["private.jwk.json", "public.jwk.json"]):
            continue
        key = jwk.JWK.generate(kty="OKP" if curve == "X25519" else "EC", crv=curve)
        # No `alg`: each curve's key serves ECDH-ES, ECDH-ES+A128KW and ECDH-ES+A256KW.
        extra = {"kid": kid(name), "use": "enc"}
        write_json(KEYS / f"{name}.private.jwk.json", {**key.export_private(as_dict=True), **extra})
        write_json(KEYS / f"{name}.public.jwk.json", {**key.export_public(as_dict=True), **extra})


def load_key(key_name, private):
    from jwcrypto import jwk

    part = "private" if private or key_name in SYMMETRIC_LEN or key_name in PASSWORDS else "public"
    return jwk.JWK(**read_json(KEYS / f"{key_name}.{part}.jwk.json"))


# -------------------------------------------------------------------------------------------
# jwcrypto
# -------------------------------------------------------------------------------------------


def jwcrypto_encrypt(alg, enc, key_name, text, compressed=False, p2c=None):
    """A compact token. jwcrypto allows PBES2-* by default; `algs` narrows the allow-list to
    the case. p2c goes into the protected header (jwcrypto writes 8192 otherwise); p2s, the
    salt, jwcrypto draws at random (16 bytes). zip: DEF in the protected header compresses."""
    from jwcrypto import jwe

    header = expected_header(alg, enc, key_name, compressed)
    if alg.startswith("PBES2-"):
        header["p2c"] = p2c if p2c is not None else PBES2_P2C[alg]
    token = jwe.JWE(text.encode("utf-8"), protected=json.dumps(header), algs=[alg, enc])
    token.add_recipient(load_key(key_name, private=False))
    return token.serialize(compact=True)


def jwcrypto_decrypt(token, alg, enc, key_name):
    """(protected header, plaintext bytes), allowing only the case's alg and enc."""
    from jwcrypto import jwe

    parsed = jwe.JWE(algs=[alg, enc])
    parsed.deserialize(token, key=load_key(key_name, private=True))
    return parsed.jose_header, parsed.payload


def encrypt_checked(alg, enc, key_name, compressed=False):
    """A case's fixture entry, after checking that jwcrypto decrypts its own token."""
    text = plaintext("jwcrypto", alg, enc, key_name, compressed)
    token = jwcrypto_encrypt(alg, enc, key_name, text, compressed)
    header, payload = jwcrypto_decrypt(token, alg, enc, key_name)
    assert payload == text.encode("utf-8"), (alg, enc, key_name)
    expected = expected_header(alg, enc, key_name, compressed)
    assert all(header.get(k) == v for k, v in expected.items()), (header, expected)
    if alg.startswith("PBES2-"):
        assert header.get("p2c") == PBES2_P2C[alg], header
        assert len(base64.urlsafe_b64decode(header["p2s"] + "==")) == 16, header
    return {"lib": "jwcrypto", "alg": alg, "enc": enc, "key": key_name, "token": token,
            "header": expected, "plaintext": text}


def unsupported_token():
    """A token with an alg jwt-ring lacks, encrypted under the password of another key file."""
    from jwcrypto import jwe, jwk

    alg, enc, key_name = UNSUPPORTED["alg"], UNSUPPORTED["enc"], UNSUPPORTED["key"]
    password = jwk.JWK(kty="oct", k=read_json(KEYS / f"{key_name}.private.jwk.json")["k"])
    text = plaintext("jwcrypto", alg, enc, key_name)
    header = expected_header(alg, enc, key_name)
    token = jwe.JWE(text.encode("utf-8"), protected=json.dumps({**header, "p2c": UNSUPPORTED["p2c"]}),
                    algs=[alg, enc])
    token.add_recipient(password)
    token = token.serialize(compact=True)
    parsed = jwe.JWE(algs=[alg, enc])
    parsed.deserialize(token, key=password)
    assert parsed.payload == text.encode("utf-8")
    return {"lib": "jwcrypto", "alg": alg, "enc": enc, "key": key_name, "token": token,
            "header": header, "plaintext": text}


def metadata_for(**more):
    return {"generator": "tests/interop/gen_jwe_python.py", "library": "jwcrypto",
            "versions": versions(), **more}


def encrypt():
    tokens = [encrypt_checked(alg, enc, key_name) for alg, enc, key_name in cases()]
    compressed = [encrypt_checked(c["alg"], c["enc"], c["key"], compressed=True)
                  for c in COMPRESSED["cases"]]
    write_json(FIXTURES / "jwe_from_jwcrypto.json",
               {"metadata": metadata_for(notes=[]), "tokens": tokens, "compressed": compressed,
                "unsupported": [unsupported_token()]})


def decrypt():
    source = read_json(FIXTURES / "jwe_from_jwt_ring.json")
    results = []
    for entry in source["tokens"]:
        alg, enc, key_name = entry["alg"], entry["enc"], entry["key"]
        try:
            header, payload = jwcrypto_decrypt(entry["token"], alg, enc, key_name)
            wrong = {k: header.get(k) for k, v in entry["header"].items() if header.get(k) != v}
            if payload != entry["plaintext"].encode("utf-8"):
                result = "plaintext differs: " + payload.decode("utf-8", "replace")
            elif wrong:
                result = "header differs: " + json.dumps(wrong, sort_keys=True)
            else:
                result = "ok"
        except Exception as error:  # noqa: BLE001 - recorded, and the Rust test fails
            result = f"error: {type(error).__name__}: {error}"
        results.append({"alg": alg, "enc": enc, "key": key_name, "backend": entry["backend"],
                        "token": entry["token"], "result": result})
    failed = [r for r in results if r["result"] != "ok"]
    write_json(FIXTURES / "jwe_verified_by_jwcrypto.json",
               {"metadata": metadata_for(), "results": results})
    print(f"jwcrypto: {len(results) - len(failed)}/{len(results)} decrypted")
    for r in failed:
        print(f"  {r['alg']} {r['enc']} {r['key']} ({r['backend']}): {r['result']}")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "keys":
        make_keys()
    elif command == "encrypt":
        encrypt()
    elif command == "decrypt":
        decrypt()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
