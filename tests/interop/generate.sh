#!/usr/bin/env bash
# Regenerates the interop fixtures in tests/interop/fixtures (and the keys in tests/interop/keys,
# if any are missing). Needs python3 (with venv), node + npm, and cargo; installs PyJWT,
# jwcrypto, cryptography and jose from the package registries into a throwaway directory.
# See tests/interop/README.md.
#
# Usage: generate.sh [all|jws|jwe]   (default all: the JWS fixtures, then the JWE fixtures)
#
# Environment:
#   INTEROP_WORK_DIR  where to put the venv and node_modules (default: a fresh temp dir,
#                     removed afterwards; a given directory is kept and reused)
#   PYJWT_VERSION, JWCRYPTO_VERSION, CRYPTOGRAPHY_VERSION, JOSE_VERSION
#                     override the pinned library versions below
set -euo pipefail

PYJWT_VERSION=${PYJWT_VERSION:-2.15.1}
JWCRYPTO_VERSION=${JWCRYPTO_VERSION:-1.6.1}
CRYPTOGRAPHY_VERSION=${CRYPTOGRAPHY_VERSION:-50.0.2}
JOSE_VERSION=${JOSE_VERSION:-6.2.18}

PART=${1:-all}
case "$PART" in
    all | jws | jwe) ;;
    *)
        echo "usage: $0 [all|jws|jwe]" >&2
        exit 2
        ;;
esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if [[ -n "${INTEROP_WORK_DIR:-}" ]]; then
    WORK=$INTEROP_WORK_DIR
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi

echo "== installing tools into $WORK"
if [[ ! -x "$WORK/venv/bin/python" ]]; then
    python3 -m venv "$WORK/venv"
fi
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check \
    "PyJWT==$PYJWT_VERSION" "jwcrypto==$JWCRYPTO_VERSION" "cryptography==$CRYPTOGRAPHY_VERSION"
mkdir -p "$WORK/node"
if [[ ! -f "$WORK/node/package.json" ]]; then
    printf '{ "name": "jwt-ring-interop", "private": true, "type": "module" }\n' >"$WORK/node/package.json"
fi
(cd "$WORK/node" && npm install --silent --no-audit --no-fund --save-exact "jose@$JOSE_VERSION")
# `import 'jose'` resolves next to the script, so run a copy from the install directory.
cp "$HERE/gen_node.mjs" "$HERE/gen_jwe_node.mjs" "$WORK/node/"

PY=("$WORK/venv/bin/python" "$HERE/gen_python.py")
NODE=(env "INTEROP_DIR=$HERE" node "$WORK/node/gen_node.mjs")
PY_JWE=("$WORK/venv/bin/python" "$HERE/gen_jwe_python.py")
NODE_JWE=(env "INTEROP_DIR=$HERE" node "$WORK/node/gen_jwe_node.mjs")

if [[ "$PART" != jwe ]]; then
    echo "== keys (made once; existing files are kept)"
    "${PY[@]}" keys

    echo "== tokens minted by PyJWT, jwcrypto and jose"
    "${PY[@]}" mint
    "${NODE[@]}" mint

    echo "== tokens minted by jwt-ring"
    (cd "$ROOT" && JWT_RING_INTEROP_WRITE=1 cargo test --quiet --test interop jwt_ring_minted_tokens_match_fixture)

    echo "== jwt-ring tokens verified by PyJWT, jwcrypto and jose"
    "${PY[@]}" verify
    "${NODE[@]}" verify

    echo "== checking every fixture"
    (cd "$ROOT" && cargo test --quiet --test interop)
fi

if [[ "$PART" != jws ]]; then
    echo "== JWE keys (made once; existing files are kept)"
    "${PY_JWE[@]}" keys

    echo "== JWE tokens encrypted by jwcrypto and jose"
    "${PY_JWE[@]}" encrypt
    "${NODE_JWE[@]}" encrypt

    echo "== JWE tokens encrypted by jwt-ring (needs the aws-lc feature for every algorithm)"
    (cd "$ROOT" && JWT_RING_INTEROP_WRITE=1 cargo test --quiet --features aws-lc --test jwe_interop jwt_ring_encrypted_tokens_match_fixture)

    echo "== jwt-ring JWE tokens decrypted by jwcrypto and jose"
    "${PY_JWE[@]}" decrypt
    "${NODE_JWE[@]}" decrypt

    echo "== checking every JWE fixture, with aws-lc and deflate, and with the default features"
    (cd "$ROOT" && cargo test --quiet --features aws-lc,deflate --test jwe_interop)
    (cd "$ROOT" && cargo test --quiet --test jwe_interop)
fi
