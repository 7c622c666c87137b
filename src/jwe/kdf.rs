//! The Concat KDF of NIST SP 800-56A §5.8.1 as JWA profiles it for ECDH-ES (RFC 7518 §4.6.2),
//! over the backend's SHA-256.

use zeroize::Zeroizing;

use crate::backend::{Backend, with_backend};
use crate::jwe::keys::SecretBytes;

/// Derives `key_len` bytes from the shared secret `z`.
///
/// `OtherInfo` is `AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo`: the first three
/// are 32-bit big-endian length-prefixed (`algorithm_id` is `enc` for ECDH-ES, `alg` for the
/// key-wrapping variants; `apu` and `apv` as decoded from the header, empty when absent), and
/// `SuppPubInfo` is the key length in bits, 32-bit big-endian. `None` when a length overflows or
/// the backend is missing.
pub(crate) fn concat_kdf(
    backend: Backend,
    z: &[u8],
    key_len: usize,
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
) -> Option<SecretBytes> {
    let prefix = |bytes: &[u8]| u32::try_from(bytes.len()).ok().map(u32::to_be_bytes);
    let algorithm_id = algorithm_id.as_bytes();
    let (id_len, apu_len, apv_len) = (prefix(algorithm_id)?, prefix(apu)?, prefix(apv)?);
    let bits = u32::try_from(key_len.checked_mul(8)?).ok()?.to_be_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(key_len + 32));
    let mut counter: u32 = 1;
    while out.len() < key_len {
        let round = counter.to_be_bytes();
        let parts: [&[u8]; 9] = [
            &round,
            z,
            &id_len,
            algorithm_id,
            &apu_len,
            apu,
            &apv_len,
            apv,
            &bits,
        ];
        let digest =
            Zeroizing::new(with_backend!(backend, lib => lib::sha256(&parts), else return None));
        out.extend_from_slice(&digest);
        counter = counter.checked_add(1)?;
    }
    out.truncate(key_len);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base64url;

    /// RFC 7518 Appendix C: ECDH-ES with A128GCM, apu "Alice", apv "Bob".
    #[test]
    fn rfc7518_appendix_c() {
        let z: [u8; 32] = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
            110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        for backend in Backend::enabled() {
            let key = concat_kdf(*backend, &z, 16, "A128GCM", b"Alice", b"Bob").unwrap();
            assert_eq!(base64url::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
            let long = concat_kdf(*backend, &z, 64, "A256CBC-HS512", b"", b"").unwrap();
            assert_eq!(long.len(), 64);
        }
    }
}
