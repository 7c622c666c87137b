#!/usr/bin/env python3
"""Interop fixtures from Python JOSE libraries (PyJWT and jwcrypto).

Run through generate.sh, which installs the libraries into a throwaway venv. Subcommands:

  keys    write tests/interop/keys/ (only the files that are missing: keys are made once)
  mint    write fixtures/tokens_from_pyjwt.json and fixtures/tokens_from_jwcrypto.json
  verify  verify every token in fixtures/tokens_from_jwt_ring.json and write
          fixtures/verified_by_pyjwt.json and fixtures/verified_by_jwcrypto.json

Every output is deterministic apart from the signatures of randomized algorithms (PS*, ES*),
so rerunning the script only changes what has to change.
"""

import base64
import datetime
import json
import os
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = HERE / "keys"
FIXTURES = HERE / "fixtures"
SPEC = json.loads((HERE / "spec.json").read_text(encoding="utf-8"))

ALGORITHMS = SPEC["algorithms"]
VERIFY_AT = SPEC["verify_at"]
ISSUER = SPEC["issuer"]
AUDIENCE = SPEC["audience"]
HMAC_SECRET_LEN = {"HS256": 32, "HS384": 48, "HS512": 64}
RSA_ALGS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
EC_CURVES = {"ES256": "P-256", "ES384": "P-384"}


def kid(alg):
    return SPEC["kid_prefix"] + alg


def is_hmac(alg):
    return alg.startswith("HS")


def key_formats(alg):
    """How a key is handed to a library: a raw secret or PEM, and a JWK."""
    return ["raw", "jwk"] if is_hmac(alg) else ["pem", "jwk"]


def expected_claims(lib, alg, key_format):
    claims = dict(SPEC["claims"])
    claims["jti"] = f"{lib}-{alg}-{key_format}"
    return claims


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path, value):
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(HERE.parent.parent)}")


def versions():
    return {
        "python": sys.version.split()[0],
        "PyJWT": metadata.version("PyJWT"),
        "jwcrypto": metadata.version("jwcrypto"),
        "cryptography": metadata.version("cryptography"),
    }


# -------------------------------------------------------------------------------------------
# keys
# -------------------------------------------------------------------------------------------


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    from jwcrypto import jwk

    KEYS.mkdir(exist_ok=True)
    for alg in ALGORITHMS:
        if is_hmac(alg):
            path = KEYS / f"{alg}.private.jwk.json"
            if path.exists():
                continue
            secret = os.urandom(HMAC_SECRET_LEN[alg])
            jwk_dict = {"kty": "oct", "k": b64url(secret)}
            write_json(path, {**jwk_dict, "alg": alg, "kid": kid(alg), "use": "sig"})
            continue

        files = [KEYS / f"{alg}.{part}" for part in (
            "private.pem", "public.pem", "private.jwk.json", "public.jwk.json")]
        if all(f.exists() for f in files):
            continue
        if alg in RSA_ALGS:
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        elif alg in EC_CURVES:
            curve = ec.SECP256R1() if EC_CURVES[alg] == "P-256" else ec.SECP384R1()
            private = ec.generate_private_key(curve)
        elif alg == "EdDSA":
            private = ed25519.Ed25519PrivateKey.generate()
        else:
            raise SystemExit(f"no key generator for {alg}")
        private_pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        key = jwk.JWK.from_pem(private_pem)
        extra = {"alg": alg, "kid": kid(alg), "use": "sig"}
        files[0].write_bytes(private_pem)
        files[1].write_bytes(public_pem)
        write_json(files[2], {**key.export_private(as_dict=True), **extra})
        write_json(files[3], {**key.export_public(as_dict=True), **extra})


def load_key_material(alg):
    """(private PEM or secret, public PEM or secret, private JWK dict, public JWK dict)."""
    if is_hmac(alg):
        jwk_dict = read_json(KEYS / f"{alg}.private.jwk.json")
        secret = b64url_decode(jwk_dict["k"])
        return secret, secret, jwk_dict, jwk_dict
    return (
        (KEYS / f"{alg}.private.pem").read_bytes(),
        (KEYS / f"{alg}.public.pem").read_bytes(),
        read_json(KEYS / f"{alg}.private.jwk.json"),
        read_json(KEYS / f"{alg}.public.jwk.json"),
    )


# -------------------------------------------------------------------------------------------
# PyJWT
# -------------------------------------------------------------------------------------------


def pyjwt_key(alg, key_format, private):
    import jwt

    private_pem, public_pem, private_jwk, public_jwk = load_key_material(alg)
    if key_format == "jwk":
        return jwt.PyJWK(private_jwk if private else public_jwk, algorithm=alg)
    return private_pem if private else public_pem


def pyjwt_mint(alg, key_format, claims):
    import jwt

    return jwt.encode(claims, pyjwt_key(alg, key_format, True), algorithm=alg,
                      headers={"kid": kid(alg)})


def pin_pyjwt_clock():
    """PyJWT reads the wall clock (`datetime.now`) for exp/nbf/iat; pin it to VERIFY_AT."""
    import jwt.api_jwt as api_jwt

    if api_jwt.datetime is not datetime.datetime:
        raise SystemExit("PyJWT no longer imports datetime as expected; update pin_pyjwt_clock")

    class FixedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(VERIFY_AT, tz)

    api_jwt.datetime = FixedDatetime


def pyjwt_verify(token, alg, key_format):
    import jwt

    claims = jwt.decode(
        token,
        pyjwt_key(alg, key_format, False),
        algorithms=[alg],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"require": ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]},
    )
    header = jwt.get_unverified_header(token)
    return header, claims


# -------------------------------------------------------------------------------------------
# jwcrypto
# -------------------------------------------------------------------------------------------


def jwcrypto_key(alg, key_format, private):
    from jwcrypto import jwk

    private_pem, public_pem, private_jwk, public_jwk = load_key_material(alg)
    if key_format == "jwk":
        return jwk.JWK(**(private_jwk if private else public_jwk))
    if key_format == "pem":
        return jwk.JWK.from_pem(private_pem if private else public_pem)
    raise ValueError(f"jwcrypto takes HMAC secrets only as JWKs, not as {key_format}")


def jwcrypto_mint(alg, key_format, claims):
    from jwcrypto import jwt

    token = jwt.JWT(header={"alg": alg, "kid": kid(alg), "typ": "JWT"}, claims=claims)
    token.make_signed_token(jwcrypto_key(alg, key_format, True))
    return token.serialize()


def jwcrypto_verify(token, alg, key_format):
    from jwcrypto import jwt

    # check_claims with a value for exp/nbf compares against that value, not the wall clock.
    parsed = jwt.JWT(
        jwt=token,
        key=jwcrypto_key(alg, key_format, False),
        algs=[alg],
        check_claims={"iss": ISSUER, "aud": AUDIENCE, "exp": VERIFY_AT, "nbf": VERIFY_AT,
                      "sub": None, "iat": None, "jti": None},
    )
    return json.loads(parsed.header), json.loads(parsed.claims)


LIBS = {
    "pyjwt": {"name": "PyJWT", "mint": pyjwt_mint, "verify": pyjwt_verify,
              "formats": key_formats},
    "jwcrypto": {"name": "jwcrypto", "mint": jwcrypto_mint, "verify": jwcrypto_verify,
                 # jwcrypto has no raw-secret key type: HMAC keys are `oct` JWKs.
                 "formats": lambda alg: ["jwk"] if is_hmac(alg) else ["pem", "jwk"]},
}


def metadata_for(lib, **more):
    return {
        "generator": "tests/interop/gen_python.py",
        "library": LIBS[lib]["name"],
        "versions": versions(),
        **more,
    }


def mint():
    for lib, spec in LIBS.items():
        tokens = []
        notes = []
        for alg in ALGORITHMS:
            for key_format in key_formats(alg):
                if key_format not in spec["formats"](alg):
                    notes.append(f"{alg} with a {key_format} key: not supported by {spec['name']}")
                    continue
                claims = expected_claims(lib, alg, key_format)
                token = spec["mint"](alg, key_format, claims)
                # Round-trip through the same library before committing anything.
                header, decoded = spec["verify"](token, alg, key_format)
                assert decoded == claims, (lib, alg, key_format)
                assert header.get("kid") == kid(alg) and header.get("alg") == alg
                tokens.append({"lib": lib, "alg": alg, "key_format": key_format,
                               "token": token, "expected_claims": claims})
        write_json(FIXTURES / f"tokens_from_{lib}.json",
                   {"metadata": metadata_for(lib, notes=notes), "tokens": tokens})


def clock_self_test():
    """Proves the pinned clocks bite: a token that expired before VERIFY_AT must be refused."""
    for lib, spec in LIBS.items():
        expired = expected_claims(lib, "HS256", "jwk")
        expired["exp"] = VERIFY_AT - 1
        early = expected_claims(lib, "HS256", "jwk")
        early["nbf"] = VERIFY_AT + 3600
        for claims in (expired, early):
            token = spec["mint"]("HS256", "jwk", claims)
            try:
                spec["verify"](token, "HS256", "jwk")
            except Exception:  # noqa: BLE001 - any refusal is what we want
                continue
            raise SystemExit(f"{lib} accepted a token outside its validity at the fixed clock")


def verify():
    source = read_json(FIXTURES / "tokens_from_jwt_ring.json")
    for lib, spec in LIBS.items():
        results = []
        for entry in source["tokens"]:
            alg = entry["alg"]
            for key_format in spec["formats"](alg):
                try:
                    header, claims = spec["verify"](entry["token"], alg, key_format)
                    if claims != entry["expected_claims"]:
                        result = "claims differ: " + json.dumps(claims, sort_keys=True)
                    elif header.get("alg") != alg or header.get("kid") != kid(alg):
                        result = "header differs: " + json.dumps(header, sort_keys=True)
                    else:
                        result = "ok"
                except Exception as error:  # noqa: BLE001 - recorded, and the Rust test fails
                    result = f"error: {type(error).__name__}: {error}"
                results.append({"alg": alg, "key_format": entry["key_format"],
                                "verify_key_format": key_format, "token": entry["token"],
                                "result": result})
        failed = [r for r in results if r["result"] != "ok"]
        write_json(FIXTURES / f"verified_by_{lib}.json",
                   {"metadata": metadata_for(lib, verify_at=VERIFY_AT), "results": results})
        print(f"{spec['name']}: {len(results) - len(failed)}/{len(results)} verified")
        for r in failed:
            print(f"  {r['alg']} ({r['key_format']} -> {r['verify_key_format']}): {r['result']}")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "keys":
        make_keys()
    elif command == "mint":
        pin_pyjwt_clock()
        clock_self_test()
        mint()
    elif command == "verify":
        pin_pyjwt_clock()
        clock_self_test()
        verify()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
