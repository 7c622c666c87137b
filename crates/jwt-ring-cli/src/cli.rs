//! The command line: subcommands and their flags (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jwt_ring::Backend;
use time::Duration;

use crate::jwe_keys::{Enc, KeyAlg};
use crate::keys::Alg;
use crate::style::ColorChoice;
use crate::times::parse_duration;

/// The help heading of the options every subcommand takes, listed after its own.
pub const GLOBAL: &str = "Global options";

/// The help heading of `decrypt`'s options for a nested JWT's inner token.
pub const NESTED: &str = "Nested JWT (cty: JWT) verification";

/// Inspect, verify and mint JSON Web Tokens; encrypt and decrypt JWEs; make keys and publish
/// JWK Sets.
///
/// Exit codes: 0 success (for `verify`: the token is valid), 1 the token is invalid or
/// malformed, 2 a usage error, an unusable key, or a file that cannot be read or written.
#[derive(Debug, Parser)]
#[command(name = "jwt", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        help_heading = GLOBAL
    )]
    pub color: ColorChoice,

    /// The crypto backend every key is built on, read or generated. ES512 keys and RSA key
    /// generation always use aws-lc: ring has neither. So do JWE keys (`encrypt`, `decrypt`):
    /// ring lacks most JWE algorithms.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = BackendChoice::Ring,
        help_heading = GLOBAL
    )]
    pub backend: BackendChoice,

    /// Evaluate times as of this instant (seconds since the epoch) instead of the clock.
    #[arg(
        long,
        global = true,
        value_name = "UNIX_SECONDS",
        allow_negative_numbers = true,
        help_heading = GLOBAL
    )]
    pub now: Option<i64>,
}

/// A crypto backend `--backend` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackendChoice {
    /// ring.
    Ring,
    /// AWS-LC, through aws-lc-rs.
    #[value(name = "aws-lc")]
    AwsLc,
}

impl BackendChoice {
    /// The library's backend.
    pub fn backend(self) -> Backend {
        match self {
            BackendChoice::Ring => Backend::Ring,
            BackendChoice::AwsLc => Backend::AwsLc,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a token's header and claims WITHOUT verifying them (times as dates and relative); for
    /// a JWE, its protected header, WITHOUT decrypting it.
    Inspect(InspectArgs),
    /// Verify a token's signature and claims; print its claims or the one check that failed.
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Sign a new token and print it.
    #[command(after_help = MINT_EXAMPLES)]
    Mint(MintArgs),
    /// Encrypt a plaintext (or a signed token, with `--cty JWT`) to a key, as a compact JWE.
    #[command(after_help = ENCRYPT_EXAMPLES)]
    Encrypt(EncryptArgs),
    /// Decrypt a compact JWE and print its plaintext; verify a nested JWT with `--verify-*`.
    #[command(after_help = DECRYPT_EXAMPLES)]
    Decrypt(DecryptArgs),
    /// Generate a key pair (or an HMAC secret), with `kid` set to its RFC 7638 thumbprint.
    Keygen(KeygenArgs),
    /// Print a public JWK Set made of key files (private members are never included).
    Jwks(JwksArgs),
    /// Print a key's RFC 7638 thumbprint (or its RFC 9278 URI).
    Thumbprint(ThumbprintArgs),
    /// Print a completion script for a shell (for example `jwt completions bash`).
    Completions(CompletionsArgs),
}

/// The examples after `jwt verify --help`.
const VERIFY_EXAMPLES: &str = "\
Examples:
  jwt verify --key issuer.pub.pem --iss https://as.example --aud api < token
  jwt verify --jwks https://as.example/jwks.json --aud api --scope orders:read TOKEN
  jwt verify --issuer https://as.example --aud api --access-token TOKEN
  jwt verify --key issuer.pub.pem --quiet TOKEN && echo valid
  printf %s \"$SECRET\" | jwt verify --secret-stdin --alg HS256 TOKEN";

/// The examples after `jwt mint --help`.
const MINT_EXAMPLES: &str = "\
Examples:
  jwt mint --key issuer.key.pem --iss https://as.example --sub alice --aud api --exp 15m
  jwt mint --key issuer.key.pem --claim scope=orders:read --claim 'roles:=[\"admin\"]'
  jwt mint --jwks private.jwks.json --kid 2026-12 --typ at+jwt --header tenant=acme
  jwt mint --secret-env JWT_SECRET --alg HS256 --sub alice --no-exp";

/// The examples after `jwt encrypt --help`.
const ENCRYPT_EXAMPLES: &str = "\
Examples:
  jwt encrypt --key recipient.pub.jwk 'a secret message'
  jwt encrypt --key recipient.pub.pem --alg RSA-OAEP-256 --in message.txt
  jwt encrypt --jwks recipient.jwks.json --kid enc-2026 --enc A128CBC-HS256 < message.txt
  jwt mint --key issuer.key.pem --sub alice | jwt encrypt --key recipient.pub.jwk --cty JWT
  jwt encrypt --secret-env JWE_KEY --alg dir < message.txt";

/// The examples after `jwt decrypt --help`.
const DECRYPT_EXAMPLES: &str = "\
Examples:
  jwt decrypt --key recipient.key.jwk < token > message.txt
  jwt decrypt --key recipient.key.pem --alg RSA-OAEP-256 --enc A256GCM TOKEN
  jwt decrypt --jwks recipient.private.jwks.json --quiet TOKEN
  jwt decrypt --key recipient.key.jwk --verify-key issuer.pub.pem --aud api < token
  jwt decrypt --secret-env JWE_KEY --alg dir TOKEN";

/// `jwt inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token; `-` or nothing reads it from standard input.
    pub token: Option<String>,
    /// Print JSON for scripts (`verified` is false).
    #[arg(long)]
    pub json: bool,
}

/// `jwt verify`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("source")
        .required(true)
        .args(["key", "jwks", "issuer", "secret_env", "secret_stdin"])
))]
pub struct VerifyArgs {
    /// The token; `-` or nothing reads it from standard input.
    pub token: Option<String>,
    /// A key file: PEM or DER (public or private; a private key verifies as its public key), a
    /// JWK, or with `--alg HS*` a raw secret.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// A JWK Set: a file, or an `https://` URL.
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,
    /// An issuer URL: its keys are found through discovery, and `iss` must equal it.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// An HMAC secret in this environment variable, byte for byte; without `--alg`, it
    /// verifies every HMAC algorithm its length allows.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// An HMAC secret piped to standard input, less one trailing newline (reported on standard
    /// error); the token is then an argument.
    #[arg(long)]
    pub secret_stdin: bool,
    /// Accept an HMAC secret shorter than its hash (RFC 7518 §3.2 forbids it), to check a
    /// legacy token; warns on standard error.
    #[arg(long)]
    pub allow_short_secret: bool,
    /// Accept only this algorithm (and read the key for it).
    #[arg(long)]
    pub alg: Option<Alg>,
    /// The checks of the token's header and claims.
    #[command(flatten)]
    pub checks: ClaimChecks,
    /// Allow `http://` for `--jwks` and `--issuer` URLs on loopback addresses (local
    /// providers); other URLs must be `https://`.
    #[arg(long)]
    pub allow_loopback_http: bool,
    /// With `--issuer`: read RFC 8414 authorization server metadata
    /// (`/.well-known/oauth-authorization-server`) instead of OpenID Connect Discovery.
    #[arg(long, requires = "issuer")]
    pub oauth_metadata: bool,
    /// Print JSON for scripts.
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,
    /// Print nothing when the token is valid (the exit code tells); a failure still prints its
    /// one `jwt:` line on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The checks of a signed token's header and claims: `jwt verify`'s, and `jwt decrypt`'s for
/// the signed token inside a nested JWT.
#[derive(Debug, Default, PartialEq, Eq, Args)]
pub struct ClaimChecks {
    /// Require `aud` to contain this audience (repeat to accept any of several).
    #[arg(long = "aud", value_name = "AUDIENCE")]
    pub audiences: Vec<String>,
    /// Require `iss` to be this issuer (repeat to accept any of several).
    #[arg(long = "iss", value_name = "ISSUER")]
    pub issuers: Vec<String>,
    /// Require `sub` to be this subject (repeat to accept any of several).
    #[arg(long = "sub", value_name = "SUBJECT")]
    pub subjects: Vec<String>,
    /// Tolerate this much clock skew on `exp` and `nbf` (for example 30s).
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub leeway: Option<Duration>,
    /// Require the space-separated `scope` claim to grant this scope (repeatable).
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// Require the header's `typ` (compared as RFC 8725 §3.11 says).
    #[arg(long)]
    pub typ: Option<String>,
    /// An RFC 9068 access token: `typ` at+jwt, `iss` `aud` `sub` `exp` `iat` `jti` `client_id`
    /// required; needs `--aud` and `--iss` (or `--issuer`).
    #[arg(long, conflicts_with = "typ")]
    pub access_token: bool,
    /// Accept a token without `exp` (a present `exp` is still checked).
    #[arg(long)]
    pub allow_missing_exp: bool,
}

/// `jwt mint`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("signing_key")
        .required(true)
        .args(["key", "jwks", "secret_env", "secret_stdin"])
))]
pub struct MintArgs {
    /// The signing key: PEM or DER private key, private or `oct` JWK, or with `--alg HS*` a raw
    /// secret file.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// An HMAC secret in this environment variable, byte for byte (HS256 unless `--alg`).
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// An HMAC secret piped to standard input, less one trailing newline (reported on standard
    /// error).
    #[arg(long)]
    pub secret_stdin: bool,
    /// Accept an HMAC secret shorter than its hash (RFC 7518 §3.2 forbids it), to make a token
    /// for a legacy service; warns on standard error.
    #[arg(long)]
    pub allow_short_secret: bool,
    /// A private JWK Set: sign with its key whose `kid` is `--kid` (and that allows `--alg`),
    /// or with its only key.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// The algorithm; by default the key's own (RS256 for an RSA key).
    #[arg(long)]
    pub alg: Option<Alg>,
    /// A claim `NAME=TEXT` (a string), or `NAME:=JSON` (any JSON value); repeatable, each name
    /// once. A claim that a flag given also writes (`--sub`, `--aud`, `--exp`...) is refused.
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    pub claims: Vec<String>,
    /// Claims from a JSON object file; `--claim` and the named flags override its members.
    #[arg(long, value_name = "FILE")]
    pub claims_json: Option<PathBuf>,
    /// Lifetime: `exp` is now plus this [default: 10m, unless the claims give `exp`].
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub exp: Option<Duration>,
    /// Write no `exp`, not even one the claims file gives.
    #[arg(long, conflicts_with = "exp")]
    pub no_exp: bool,
    /// Write no `iat`, not even one the claims file gives (by default `iat` is now).
    #[arg(long)]
    pub no_iat: bool,
    /// `sub`.
    #[arg(long)]
    pub sub: Option<String>,
    /// `iss`.
    #[arg(long)]
    pub iss: Option<String>,
    /// `aud`; repeat for several.
    #[arg(long)]
    pub aud: Vec<String>,
    /// `jti`.
    #[arg(long)]
    pub jti: Option<String>,
    /// `kid`; by default the key's own, or the RFC 7638 thumbprint of a public key. With
    /// `--jwks`, the key of that `kid` signs.
    #[arg(long)]
    pub kid: Option<String>,
    /// The header's `typ` (for example at+jwt).
    #[arg(long)]
    pub typ: Option<String>,
    /// A header member `NAME=TEXT` (a string) or `NAME:=JSON`, for example `x5u=https://...`
    /// or `x5c:=[...]`; repeatable. `alg` is refused: the signing key decides it.
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
}

/// `jwt encrypt`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("encrypting_key")
        .required(true)
        .args(["key", "jwks", "secret_env", "secret_stdin"])
))]
pub struct EncryptArgs {
    /// The plaintext, byte for byte; `-` or nothing reads it from standard input (byte for
    /// byte). With `--cty JWT` it is a signed token, and surrounding whitespace is removed.
    pub plaintext: Option<String>,
    /// Read the plaintext from this file, byte for byte.
    #[arg(long = "in", value_name = "FILE", conflicts_with = "plaintext")]
    pub input: Option<PathBuf>,
    /// The recipient's key: a public JWK (or a private one: its public half is used), a PEM or
    /// DER public key (RSA for RSA-OAEP*, EC or X25519 for ECDH-ES*), or with a symmetric
    /// `--alg` (dir, A*KW, A*GCMKW) an `oct` JWK or a raw secret file.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// A public JWK Set: encrypt to its key whose `kid` is `--kid` (and that allows `--alg`),
    /// or to its only encryption key. Keys with a `use` other than `enc` are never chosen.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// A symmetric key (dir, A*KW, A*GCMKW) in this environment variable, byte for byte.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// A symmetric key piped to standard input, less one trailing newline (reported on standard
    /// error); the plaintext is then an argument or `--in`.
    #[arg(long)]
    pub secret_stdin: bool,
    /// The key-management algorithm; by default the JWK's own `alg` (required for PEM and DER
    /// keys, secrets, and JWKs without `alg`). A JWK whose `alg` differs is refused.
    #[arg(long, value_name = "ALG")]
    pub alg: Option<KeyAlg>,
    /// The content encryption: A128GCM, A256GCM, A128CBC-HS256 or A256CBC-HS512.
    #[arg(long, value_name = "ENC", default_value = "A256GCM")]
    pub enc: Enc,
    /// `kid`; by default the key's own. With `--jwks`, the key of that `kid` is chosen.
    #[arg(long)]
    pub kid: Option<String>,
    /// `cty`, the plaintext's content type: `JWT` for a nested JWT (the plaintext must then be
    /// a signed token).
    #[arg(long)]
    pub cty: Option<String>,
    /// `typ`, the token's media type (for example `JWT`).
    #[arg(long)]
    pub typ: Option<String>,
}

/// `jwt decrypt`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("decrypting_key")
        .required(true)
        .args(["key", "jwks", "secret_env", "secret_stdin"])
))]
#[command(group(
    clap::ArgGroup::new("verifying_key")
        .args(["verify_key", "verify_jwks", "verify_issuer", "verify_secret_env"])
))]
pub struct DecryptArgs {
    /// The JWE; `-` or nothing reads it from standard input.
    pub token: Option<String>,
    /// The private key: a private JWK, a PEM or DER private key (PKCS#8, PKCS#1, SEC1), or
    /// with a symmetric `--alg` (dir, A*KW, A*GCMKW) an `oct` JWK or a raw secret file.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// A private JWK Set: the token's `kid` and `alg` choose the key. Keys with a `use` other
    /// than `enc`, and public keys, are skipped (with a warning).
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// A symmetric key (dir, A*KW, A*GCMKW) in this environment variable, byte for byte.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// A symmetric key piped to standard input, less one trailing newline (reported on standard
    /// error); the token is then an argument.
    #[arg(long)]
    pub secret_stdin: bool,
    /// Accept only this key-management algorithm (repeatable); by default the keys' own (an
    /// RSA key without one: RSA-OAEP-256 and RSA-OAEP; an EC key: the three ECDH-ES).
    #[arg(long = "alg", value_name = "ALG")]
    pub algs: Vec<KeyAlg>,
    /// Accept only this content encryption (repeatable); by default all four.
    #[arg(long = "enc", value_name = "ENC")]
    pub encs: Vec<Enc>,
    /// Print only the plaintext: not the protected header on standard error.
    #[arg(long, short, conflicts_with = "json")]
    pub quiet: bool,
    /// Print JSON for scripts: `header`, the plaintext as `plaintext` (UTF-8 text, else null)
    /// and `plaintext_base64url`, `nested`, `verified`, and a verified nested JWT as `inner`.
    #[arg(long)]
    pub json: bool,
    /// For a nested JWT (`cty: JWT`): verify the inner token with this key file (as `jwt
    /// verify --key`), and print what `jwt verify` prints.
    #[arg(long, value_name = "FILE", help_heading = NESTED)]
    pub verify_key: Option<PathBuf>,
    /// For a nested JWT: verify the inner token with this JWK Set file or `https://` URL.
    #[arg(long, value_name = "FILE|URL", help_heading = NESTED)]
    pub verify_jwks: Option<String>,
    /// For a nested JWT: verify the inner token with this issuer's keys (discovery), and
    /// require `iss` to be it.
    #[arg(long, value_name = "URL", help_heading = NESTED)]
    pub verify_issuer: Option<String>,
    /// For a nested JWT: verify the inner token with the HMAC secret in this environment
    /// variable.
    #[arg(long, value_name = "VAR", help_heading = NESTED)]
    pub verify_secret_env: Option<String>,
    /// For a nested JWT: accept only this signature algorithm (and read the key for it).
    #[arg(long, value_name = "ALG", help_heading = NESTED)]
    pub verify_alg: Option<Alg>,
    /// The checks of a nested JWT's inner token (with a `--verify-*` key), as `jwt verify`'s.
    #[command(flatten, next_help_heading = NESTED)]
    pub checks: ClaimChecks,
}

/// `jwt keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The algorithm the key is for. RSA and ES512 keys are generated with aws-lc, whatever
    /// `--backend` says (ring can do neither).
    #[arg(long, value_enum)]
    pub alg: KeygenAlg,
    /// The size of an RSA key's modulus, in bits (RSA only) [default: 2048].
    #[arg(long, value_enum)]
    pub bits: Option<RsaBits>,
    /// Write `PREFIX.key.pem` (mode 0600), `PREFIX.pub.pem` and `PREFIX.pub.jwk`; for HMAC
    /// `PREFIX.key.jwk` (mode 0600).
    #[arg(long, value_name = "PREFIX")]
    pub out: Option<PathBuf>,
    /// Without `--out`: print the private key (or secret) too. It is a secret.
    #[arg(long)]
    pub show_secret: bool,
    /// `kid`; by default the RFC 7638 thumbprint.
    #[arg(long)]
    pub kid: Option<String>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

/// The algorithms `keygen` makes keys for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeygenAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "RS256")]
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "RS384")]
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "RS512")]
    Rs512,
    /// RSASSA-PSS with SHA-256 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "PS256")]
    Ps256,
    /// RSASSA-PSS with SHA-384 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "PS384")]
    Ps384,
    /// RSASSA-PSS with SHA-512 (an RSA key of `--bits`, made with aws-lc).
    #[value(name = "PS512")]
    Ps512,
    /// ECDSA on P-256.
    #[value(name = "ES256")]
    Es256,
    /// ECDSA on P-384.
    #[value(name = "ES384")]
    Es384,
    /// ECDSA on P-521 (made with aws-lc).
    #[value(name = "ES512")]
    Es512,
    /// Ed25519.
    #[value(name = "EdDSA")]
    EdDsa,
    /// HMAC with SHA-256 (a 32-byte secret).
    #[value(name = "HS256")]
    Hs256,
    /// HMAC with SHA-384 (a 48-byte secret).
    #[value(name = "HS384")]
    Hs384,
    /// HMAC with SHA-512 (a 64-byte secret).
    #[value(name = "HS512")]
    Hs512,
}

impl KeygenAlg {
    /// The JWA name, as `--alg` takes it.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|value| value.get_name().to_owned())
            .unwrap_or_default()
    }

    /// Whether the key is an RSA key (RS* and PS*).
    pub fn is_rsa(self) -> bool {
        matches!(
            self,
            KeygenAlg::Rs256
                | KeygenAlg::Rs384
                | KeygenAlg::Rs512
                | KeygenAlg::Ps256
                | KeygenAlg::Ps384
                | KeygenAlg::Ps512
        )
    }
}

/// The RSA modulus sizes `keygen --bits` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RsaBits {
    /// 2048 bits, RFC 7518's minimum (the default).
    #[value(name = "2048")]
    Bits2048,
    /// 3072 bits.
    #[value(name = "3072")]
    Bits3072,
    /// 4096 bits.
    #[value(name = "4096")]
    Bits4096,
}

impl RsaBits {
    /// The size in bits.
    pub fn bits(self) -> usize {
        match self {
            RsaBits::Bits2048 => 2048,
            RsaBits::Bits3072 => 3072,
            RsaBits::Bits4096 => 4096,
        }
    }
}

/// `jwt jwks`.
#[derive(Debug, Args)]
pub struct JwksArgs {
    /// Key files: PEM, DER or JWK, public or private.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The `alg` written for RSA keys given as PEM or DER; without it they get no `alg`, and
    /// serve every RSA algorithm.
    #[arg(long)]
    pub alg: Option<Alg>,
}

/// `jwt thumbprint`.
#[derive(Debug, Args)]
pub struct ThumbprintArgs {
    /// The key file: PEM, DER or JWK, public or private.
    pub key: PathBuf,
    /// The hash.
    #[arg(long, value_enum, default_value_t = Hash::Sha256)]
    pub hash: Hash,
    /// Print the RFC 9278 URI (`urn:ietf:params:oauth:jwk-thumbprint:...`).
    #[arg(long)]
    pub uri: bool,
}

/// `jwt completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// A shell `jwt completions` writes a script for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash: `source <(jwt completions bash)`.
    Bash,
    /// Zsh: write it to a file named `_jwt` in a directory of `$fpath`.
    Zsh,
    /// Fish: write it to `~/.config/fish/completions/jwt.fish`.
    Fish,
}

/// A thumbprint hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each `--backend` value names its own backend: the tokens two backends accept are the
    /// same, so only the mapping itself shows a swapped or defaulted choice.
    #[test]
    fn each_backend_choice_names_its_backend() {
        assert_eq!(BackendChoice::Ring.backend(), Backend::Ring);
        assert_eq!(BackendChoice::AwsLc.backend(), Backend::AwsLc);
    }
}
