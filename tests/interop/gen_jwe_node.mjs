// JWE interop fixtures from Node's `jose` library.
//
// Run through generate.sh, which installs `jose` into a throwaway directory and runs a copy of
// this file from there (so that `import 'jose'` resolves), with INTEROP_DIR pointing at
// tests/interop. Subcommands:
//
//   encrypt  write fixtures/jwe_from_jose.json: one token per case of jwe_spec.json, the
//            compressed (zip: DEF) tokens of its `compressed` cases and the token of its
//            `unsupported` alg
//   decrypt  decrypt every token of fixtures/jwe_from_jwt_ring.json and write
//            fixtures/jwe_verified_by_jose.json
//
// Keys are the JWKs of keys/jwe/ (made by gen_jwe_python.py keys); a PBES2 key is an oct JWK
// whose `k` is the password.
//
// Opt-ins: compactDecrypt refuses PBES2-* unless `keyManagementAlgorithms` lists it (it always
// lists the case's alg here) and p2c above `maxPBES2Count` (default 10000); zip: DEF in the
// protected header makes CompactEncrypt compress (CompressionStream 'deflate-raw') and
// compactDecrypt inflate, up to `maxDecompressedLength` (default 250000).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';

const HERE = process.env.INTEROP_DIR;
if (!HERE) throw new Error('set INTEROP_DIR to tests/interop');
const KEYS = join(HERE, 'keys', 'jwe');
const FIXTURES = join(HERE, 'fixtures');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const CLAIMS = readJson(join(HERE, 'spec.json')).claims;
const SPEC = readJson(join(HERE, 'jwe_spec.json'));

const kid = (keyName) => SPEC.kid_prefix + keyName;
const isSymmetric = (keyName) => !keyName.startsWith('RSA') && !keyName.startsWith('ECDH');
const PBES2_P2C = SPEC.pbes2.p2c.jose;
const COMPRESSED = SPEC.compressed;
const UNSUPPORTED = SPEC.unsupported;
const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

function keyNames(alg, enc) {
  if (alg === 'dir') return [`dir-${enc}`];
  if (alg.startsWith('ECDH-ES')) return SPEC.curves.map((curve) => `ECDH-${curve}`);
  return [alg];
}

function* cases() {
  for (const alg of SPEC.algorithms) {
    for (const enc of SPEC.encryptions) {
      for (const keyName of keyNames(alg, enc)) yield [alg, enc, keyName];
    }
  }
}

function partyInfo(alg, enc) {
  return alg.startsWith('ECDH-ES') && SPEC.party_info.encryptions.includes(enc);
}

function expectedHeader(alg, enc, keyName, compressed = false) {
  const header = { alg, enc, kid: kid(keyName), typ: SPEC.typ };
  if (partyInfo(alg, enc)) {
    header.apu = b64url(SPEC.party_info.apu);
    header.apv = b64url(SPEC.party_info.apv);
  }
  if (compressed) header.zip = 'DEF';
  return header;
}

function plaintext(lib, alg, enc, keyName, compressed = false) {
  if (!compressed) return JSON.stringify({ ...CLAIMS, jti: `${lib}-${alg}-${enc}-${keyName}` });
  return JSON.stringify({
    ...CLAIMS,
    jti: `${lib}-DEF-${alg}-${enc}-${keyName}`,
    filler: COMPRESSED.filler.repeat(COMPRESSED.filler_repeat),
  });
}

function joseVersion() {
  const require = createRequire(import.meta.url);
  return readJson(require.resolve('jose/package.json')).version;
}

function metadata(more) {
  return {
    generator: 'tests/interop/gen_jwe_node.mjs',
    library: 'jose',
    versions: { node: process.versions.node, jose: joseVersion() },
    ...more,
  };
}

function writeJson(name, value) {
  writeFileSync(join(FIXTURES, name), JSON.stringify(value, null, 2) + '\n');
  console.log(`wrote tests/interop/fixtures/${name}`);
}

async function key(keyName, alg, isPrivate) {
  const part = isPrivate || isSymmetric(keyName) ? 'private' : 'public';
  return importJWK(readJson(join(KEYS, `${keyName}.${part}.jwk.json`)), alg);
}

async function encryptOne(alg, enc, keyName, text, compressed = false, p2c = PBES2_P2C[alg]) {
  const { apu, apv, ...header } = expectedHeader(alg, enc, keyName, compressed);
  const jwe = new CompactEncrypt(new TextEncoder().encode(text)).setProtectedHeader(header);
  if (apu !== undefined) {
    jwe.setKeyManagementParameters({
      apu: new TextEncoder().encode(SPEC.party_info.apu),
      apv: new TextEncoder().encode(SPEC.party_info.apv),
    });
  }
  if (alg.startsWith('PBES2-')) {
    // jose writes p2c (default 2048) and a random 16-byte p2s; p2c is set explicitly here.
    jwe.setKeyManagementParameters({ p2c });
  }
  return jwe.encrypt(await key(keyName, alg, false));
}

async function decryptOne(token, alg, enc, keyName) {
  const { plaintext: bytes, protectedHeader } = await compactDecrypt(
    token,
    await key(keyName, alg, true),
    // Listing the alg is also the opt-in to PBES2-* (refused when the option is absent).
    { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] },
  );
  return { header: protectedHeader, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
}

function headerDifferences(header, expected) {
  const wrong = {};
  for (const [member, value] of Object.entries(expected)) {
    if (header[member] !== value) wrong[member] = header[member] ?? null;
  }
  return Object.keys(wrong).length ? wrong : null;
}

// A case's fixture entry, after checking that jose decrypts its own token.
async function encryptChecked(alg, enc, keyName, compressed = false) {
  const text = plaintext('jose', alg, enc, keyName, compressed);
  const token = await encryptOne(alg, enc, keyName, text, compressed);
  const header = expectedHeader(alg, enc, keyName, compressed);
  const decrypted = await decryptOne(token, alg, enc, keyName);
  const pbes2Wrong =
    alg.startsWith('PBES2-') &&
    (decrypted.header.p2c !== PBES2_P2C[alg] ||
      Buffer.from(decrypted.header.p2s, 'base64url').length !== 16);
  if (decrypted.text !== text || headerDifferences(decrypted.header, header) || pbes2Wrong) {
    throw new Error(`jose does not round-trip its own ${alg} ${enc} ${keyName} token`);
  }
  return { lib: 'jose', alg, enc, key: keyName, token, header, plaintext: text };
}

// A token with an alg jwt-ring lacks, encrypted under the password of another key file.
async function unsupportedToken() {
  const { alg, enc, key: keyName } = UNSUPPORTED;
  const password = Buffer.from(readJson(join(KEYS, `${keyName}.private.jwk.json`)).k, 'base64url');
  const text = plaintext('jose', alg, enc, keyName);
  const header = expectedHeader(alg, enc, keyName);
  const token = await new CompactEncrypt(new TextEncoder().encode(text))
    .setProtectedHeader(header)
    .setKeyManagementParameters({ p2c: UNSUPPORTED.p2c })
    .encrypt(password);
  const { plaintext: bytes } = await compactDecrypt(token, password, {
    keyManagementAlgorithms: [alg],
  });
  if (new TextDecoder().decode(bytes) !== text) throw new Error(`jose does not round-trip ${alg}`);
  return { lib: 'jose', alg, enc, key: keyName, token, header, plaintext: text };
}

async function encrypt() {
  const tokens = [];
  for (const [alg, enc, keyName] of cases()) tokens.push(await encryptChecked(alg, enc, keyName));
  const compressed = [];
  for (const { alg, enc, key: keyName } of COMPRESSED.cases) {
    compressed.push(await encryptChecked(alg, enc, keyName, true));
  }
  const unsupported = [await unsupportedToken()];
  writeJson('jwe_from_jose.json', {
    metadata: metadata({ notes: [] }),
    tokens,
    compressed,
    unsupported,
  });
}

async function decrypt() {
  const source = readJson(join(FIXTURES, 'jwe_from_jwt_ring.json'));
  const results = [];
  for (const entry of source.tokens) {
    const { alg, enc, key: keyName } = entry;
    let result;
    try {
      const { header, text } = await decryptOne(entry.token, alg, enc, keyName);
      const wrong = headerDifferences(header, entry.header);
      if (text !== entry.plaintext) result = `plaintext differs: ${text}`;
      else if (wrong) result = `header differs: ${JSON.stringify(wrong)}`;
      else result = 'ok';
    } catch (error) {
      result = `error: ${error.code ?? error.name}: ${error.message}`;
    }
    results.push({ alg, enc, key: keyName, backend: entry.backend, token: entry.token, result });
  }
  writeJson('jwe_verified_by_jose.json', { metadata: metadata({}), results });
  const failed = results.filter((r) => r.result !== 'ok');
  console.log(`jose: ${results.length - failed.length}/${results.length} decrypted`);
  for (const r of failed) console.log(`  ${r.alg} ${r.enc} ${r.key} (${r.backend}): ${r.result}`);
}

const command = process.argv[2];
if (command === 'encrypt') await encrypt();
else if (command === 'decrypt') await decrypt();
else throw new Error('usage: gen_jwe_node.mjs encrypt|decrypt');
