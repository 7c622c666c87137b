// Interop fixtures from Node's `jose` library.
//
// Run through generate.sh, which installs `jose` into a throwaway directory and runs a copy of
// this file from there (so that `import 'jose'` resolves), with INTEROP_DIR pointing at
// tests/interop. Subcommands:
//
//   mint    write fixtures/tokens_from_jose.json
//   verify  verify every token in fixtures/tokens_from_jwt_ring.json and write
//           fixtures/verified_by_jose.json

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SignJWT, decodeProtectedHeader, importJWK, importPKCS8, importSPKI, jwtVerify } from 'jose';

const HERE = process.env.INTEROP_DIR;
if (!HERE) throw new Error('set INTEROP_DIR to tests/interop');
const KEYS = join(HERE, 'keys');
const FIXTURES = join(HERE, 'fixtures');
const SPEC = JSON.parse(readFileSync(join(HERE, 'spec.json'), 'utf8'));
const VERIFY_AT = new Date(SPEC.verify_at * 1000);

const kid = (alg) => SPEC.kid_prefix + alg;
const isHmac = (alg) => alg.startsWith('HS');
const keyFormats = (alg) => (isHmac(alg) ? ['raw', 'jwk'] : ['pem', 'jwk']);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

function joseVersion() {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve('jose/package.json'), 'utf8'));
  return pkg.version;
}

function metadata(more) {
  return {
    generator: 'tests/interop/gen_node.mjs',
    library: 'jose',
    versions: { node: process.versions.node, jose: joseVersion() },
    ...more,
  };
}

function writeJson(name, value) {
  writeFileSync(join(FIXTURES, name), JSON.stringify(value, null, 2) + '\n');
  console.log(`wrote tests/interop/fixtures/${name}`);
}

async function key(alg, keyFormat, isPrivate) {
  if (isHmac(alg)) {
    const jwk = readJson(join(KEYS, `${alg}.private.jwk.json`));
    return keyFormat === 'jwk' ? importJWK(jwk, alg) : new Uint8Array(Buffer.from(jwk.k, 'base64url'));
  }
  const part = isPrivate ? 'private' : 'public';
  if (keyFormat === 'jwk') return importJWK(readJson(join(KEYS, `${alg}.${part}.jwk.json`)), alg);
  const pem = readFileSync(join(KEYS, `${alg}.${part}.pem`), 'utf8');
  return isPrivate ? importPKCS8(pem, alg) : importSPKI(pem, alg);
}

async function mintOne(alg, keyFormat, claims) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: kid(alg), typ: 'JWT' })
    .sign(await key(alg, keyFormat, true));
}

async function verifyOne(token, alg, keyFormat) {
  const { payload, protectedHeader } = await jwtVerify(token, await key(alg, keyFormat, false), {
    algorithms: [alg],
    issuer: SPEC.issuer,
    audience: SPEC.audience,
    currentDate: VERIFY_AT,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'],
  });
  return { header: protectedHeader, claims: payload };
}

function expectedClaims(alg, keyFormat) {
  return { ...SPEC.claims, jti: `jose-${alg}-${keyFormat}` };
}

// Proves the fixed clock bites: tokens outside their validity at VERIFY_AT are refused.
async function clockSelfTest() {
  const expired = { ...expectedClaims('HS256', 'jwk'), exp: SPEC.verify_at - 1 };
  const early = { ...expectedClaims('HS256', 'jwk'), nbf: SPEC.verify_at + 3600 };
  for (const claims of [expired, early]) {
    const token = await mintOne('HS256', 'jwk', claims);
    let refused = false;
    try {
      await verifyOne(token, 'HS256', 'jwk');
    } catch {
      refused = true;
    }
    if (!refused) throw new Error('jose accepted a token outside its validity at the fixed clock');
  }
}

async function mint() {
  const tokens = [];
  for (const alg of SPEC.algorithms) {
    for (const keyFormat of keyFormats(alg)) {
      const claims = expectedClaims(alg, keyFormat);
      const token = await mintOne(alg, keyFormat, claims);
      const { header, claims: decoded } = await verifyOne(token, alg, keyFormat);
      if (!isDeepStrictEqual(decoded, claims) || header.kid !== kid(alg) || header.alg !== alg) {
        throw new Error(`jose does not round-trip its own ${alg} token`);
      }
      tokens.push({ lib: 'jose', alg, key_format: keyFormat, token, expected_claims: claims });
    }
  }
  writeJson('tokens_from_jose.json', { metadata: metadata({ notes: [] }), tokens });
}

async function verify() {
  const source = readJson(join(FIXTURES, 'tokens_from_jwt_ring.json'));
  const results = [];
  for (const entry of source.tokens) {
    const { alg } = entry;
    for (const keyFormat of keyFormats(alg)) {
      let result;
      try {
        const { header, claims } = await verifyOne(entry.token, alg, keyFormat);
        if (!isDeepStrictEqual(claims, entry.expected_claims)) {
          result = `claims differ: ${JSON.stringify(claims)}`;
        } else if (header.alg !== alg || header.kid !== kid(alg)) {
          result = `header differs: ${JSON.stringify(decodeProtectedHeader(entry.token))}`;
        } else {
          result = 'ok';
        }
      } catch (error) {
        result = `error: ${error.code ?? error.name}: ${error.message}`;
      }
      results.push({
        alg,
        key_format: entry.key_format,
        verify_key_format: keyFormat,
        token: entry.token,
        result,
      });
    }
  }
  writeJson('verified_by_jose.json', { metadata: metadata({ verify_at: SPEC.verify_at }), results });
  const failed = results.filter((r) => r.result !== 'ok');
  console.log(`jose: ${results.length - failed.length}/${results.length} verified`);
  for (const r of failed) console.log(`  ${r.alg} (${r.key_format} -> ${r.verify_key_format}): ${r.result}`);
}

const command = process.argv[2];
await clockSelfTest();
if (command === 'mint') await mint();
else if (command === 'verify') await verify();
else throw new Error('usage: gen_node.mjs mint|verify');
