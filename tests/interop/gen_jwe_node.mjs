// JWE interop fixtures from Node's `jose` library.
//
// Run through generate.sh, which installs `jose` into a throwaway directory and runs a copy of
// this file from there (so that `import 'jose'` resolves), with INTEROP_DIR pointing at
// tests/interop. Subcommands:
//
//   encrypt  write fixtures/jwe_from_jose.json: one token per case of jwe_spec.json
//   decrypt  decrypt every token of fixtures/jwe_from_jwt_ring.json and write
//            fixtures/jwe_verified_by_jose.json
//
// Keys are the JWKs of keys/jwe/ (made by gen_jwe_python.py keys).

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

function expectedHeader(alg, enc, keyName) {
  const header = { alg, enc, kid: kid(keyName), typ: SPEC.typ };
  if (partyInfo(alg, enc)) {
    header.apu = b64url(SPEC.party_info.apu);
    header.apv = b64url(SPEC.party_info.apv);
  }
  return header;
}

function plaintext(lib, alg, enc, keyName) {
  return JSON.stringify({ ...CLAIMS, jti: `${lib}-${alg}-${enc}-${keyName}` });
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

async function encryptOne(alg, enc, keyName, text) {
  const { apu, apv, ...header } = expectedHeader(alg, enc, keyName);
  const jwe = new CompactEncrypt(new TextEncoder().encode(text)).setProtectedHeader(header);
  if (apu !== undefined) {
    jwe.setKeyManagementParameters({
      apu: new TextEncoder().encode(SPEC.party_info.apu),
      apv: new TextEncoder().encode(SPEC.party_info.apv),
    });
  }
  return jwe.encrypt(await key(keyName, alg, false));
}

async function decryptOne(token, alg, enc, keyName) {
  const { plaintext: bytes, protectedHeader } = await compactDecrypt(
    token,
    await key(keyName, alg, true),
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

async function encrypt() {
  const tokens = [];
  for (const [alg, enc, keyName] of cases()) {
    const text = plaintext('jose', alg, enc, keyName);
    const token = await encryptOne(alg, enc, keyName, text);
    const header = expectedHeader(alg, enc, keyName);
    const decrypted = await decryptOne(token, alg, enc, keyName);
    if (decrypted.text !== text || headerDifferences(decrypted.header, header)) {
      throw new Error(`jose does not round-trip its own ${alg} ${enc} ${keyName} token`);
    }
    tokens.push({ lib: 'jose', alg, enc, key: keyName, token, header, plaintext: text });
  }
  writeJson('jwe_from_jose.json', { metadata: metadata({ notes: [] }), tokens });
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
