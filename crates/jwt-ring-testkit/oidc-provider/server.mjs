// A test-only OpenID Provider for the jwt-ring integration tests: panva's oidc-provider on
// loopback, signing with the committed test keys in ../fixtures. Never use this configuration,
// or these keys, anywhere but in tests.
//
// Usage: node server.mjs '<config JSON>'
//
// jwt-ring-testkit (src/provider.rs, ProviderOptions) builds the config, a JSON object:
//   jwks            the provider's private signing keys as a JWK Set (../fixtures, test-only)
//   resources       [{ identifier, scope, alg, accessTokenTtl }] resource indicators (RFC 8707)
//                   whose access tokens are RFC 9068 JWTs (typ at+jwt) signed with `alg`
//   clients         oidc-provider client metadata records
//   accessTokenTtl  default lifetime of access tokens in seconds
//   dpopNonce       when true, every DPoP proof must carry a server nonce (RFC 9449 §8)
//
// The server listens on 127.0.0.1, port 0 (the system picks a free port), and when ready prints
// exactly one JSON line on stdout: {"ready":true,"port":N,"issuer":"http://127.0.0.1:N"}. It
// exits when its stdin closes, so it never outlives the process that started it.

import { createServer } from 'node:http';

import Provider, { errors } from 'oidc-provider';

if (!process.argv[2]) {
  process.stderr.write('usage: node server.mjs \'<config JSON>\' (see jwt-ring-testkit ProviderOptions)\n');
  process.exit(2);
}
const config = JSON.parse(process.argv[2]);
const resources = new Map(config.resources.map((resource) => [resource.identifier, resource]));

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  jwks: config.jwks,
  clients: config.clients,
  // Fixed cookie keys: test-only, so that the provider does not warn about generated ones.
  cookies: { keys: ['jwt-ring-testkit-cookie-key-test-only'] },
  // Dev interactions answer the login and consent prompts, so that tests can run the
  // authorization-code flow without a user interface (issue 15).
  // The hybrid `code id_token token` as well as the defaults: its front-channel ID token carries
  // `at_hash` (the token endpoint's leaves it out), for the encrypted-ID-token clients.
  responseTypes: ['code id_token token', 'code id_token', 'code', 'id_token', 'none'],
  features: {
    devInteractions: { enabled: true },
    // Encrypted ID tokens (OpenID Connect Core §10.2) for clients that register
    // `id_token_encrypted_response_alg`: signed, then encrypted to a key of the client's `jwks`
    // (`use: enc`), with `cty: JWT` in the JWE header.
    encryption: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    // Nonces come from a fixed test-only secret; requiring them makes the first DPoP request
    // get `use_dpop_nonce` and a DPoP-Nonce header (RFC 9449 §8).
    dPoP: config.dpopNonce
      ? { enabled: true, nonceSecret: Buffer.alloc(32, 'jwt-ring-testkit'), requireNonce: () => true }
      : { enabled: true },
    resourceIndicators: {
      enabled: true,
      // No resource parameter: an opaque token for the userinfo endpoint, as the spec intends.
      defaultResource: (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, identifier) => {
        const resource = resources.get(identifier);
        if (!resource) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: resource.scope,
          audience: identifier,
          accessTokenTTL: resource.accessTokenTtl ?? config.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: resource.alg } },
        };
      },
    },
  },
  ttl: {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? config.accessTokenTtl,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? config.accessTokenTtl,
  },
  // Every algorithm of the committed keys, for ID tokens and userinfo as for access tokens.
  enabledJWA: {
    idTokenSigningAlgValues: ['RS256', 'ES256', 'EdDSA'],
    // The key-management algorithms and content encryptions of the test clients' keys.
    idTokenEncryptionAlgValues: ['RSA-OAEP-256', 'ECDH-ES'],
    idTokenEncryptionEncValues: ['A128CBC-HS256', 'A256GCM'],
  },
});

server.on('request', provider.callback());

// Leave when the parent goes away: its end of our stdin closes.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ ready: true, port, issuer })}\n`);
