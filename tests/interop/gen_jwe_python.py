#!/usr/bin/env python3
"""JWE interop fixtures from Python's jwcrypto.

Run through generate.sh, which installs jwcrypto into a throwaway venv. Subcommands:

  keys     write the JWE keys in tests/interop/keys/jwe/ (only missing files: keys are made once)
  encrypt  write fixtures/jwe_from_jwcrypto.json: one token per case of jwe_spec.json
  decrypt  decrypt every token of fixtures/jwe_from_jwt_ring.json and write
           fixtures/jwe_verified_by_jwcrypto.json

Tokens are random (fresh CEK, IV and ephemeral keys), so every run rewrites the tokens.
"""

import base64
import json
import os
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


def expected_header(alg, enc, key_name):
    header = {"alg": alg, "enc": enc, "kid": kid(key_name), "typ": SPEC["typ"]}
    party = SPEC["party_info"]
    if alg.startswith("ECDH-ES") and enc in party["encryptions"]:
        header["apu"] = b64url(party["apu"].encode("utf-8"))
        header["apv"] = b64url(party["apv"].encode("utf-8"))
    return header


def plaintext(lib, alg, enc, key_name):
    """The claims of spec.json with a jti naming the case, as compact JSON (raw UTF-8)."""
    claims = dict(CLAIMS)
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

    part = "private" if private or key_name in SYMMETRIC_LEN else "public"
    return jwk.JWK(**read_json(KEYS / f"{key_name}.{part}.jwk.json"))


# -------------------------------------------------------------------------------------------
# jwcrypto
# -------------------------------------------------------------------------------------------


def jwcrypto_encrypt(alg, enc, key_name, text):
    from jwcrypto import jwe

    token = jwe.JWE(text.encode("utf-8"), protected=json.dumps(expected_header(alg, enc, key_name)),
                    algs=[alg, enc])
    token.add_recipient(load_key(key_name, private=False))
    return token.serialize(compact=True)


def jwcrypto_decrypt(token, alg, enc, key_name):
    """(protected header, plaintext bytes), allowing only the case's alg and enc."""
    from jwcrypto import jwe

    parsed = jwe.JWE(algs=[alg, enc])
    parsed.deserialize(token, key=load_key(key_name, private=True))
    return parsed.jose_header, parsed.payload


def metadata_for(**more):
    return {"generator": "tests/interop/gen_jwe_python.py", "library": "jwcrypto",
            "versions": versions(), **more}


def encrypt():
    tokens = []
    for alg, enc, key_name in cases():
        text = plaintext("jwcrypto", alg, enc, key_name)
        token = jwcrypto_encrypt(alg, enc, key_name, text)
        header, payload = jwcrypto_decrypt(token, alg, enc, key_name)
        assert payload == text.encode("utf-8"), (alg, enc, key_name)
        expected = expected_header(alg, enc, key_name)
        assert all(header.get(k) == v for k, v in expected.items()), (header, expected)
        tokens.append({"lib": "jwcrypto", "alg": alg, "enc": enc, "key": key_name,
                       "token": token, "header": expected, "plaintext": text})
    write_json(FIXTURES / "jwe_from_jwcrypto.json", {"metadata": metadata_for(notes=[]),
                                                     "tokens": tokens})


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
