//! Where the driver may connect: never to an internal address (private, loopback, link-local,
//! shared, unspecified, multicast, reserved) unless the deployment says its issuer lives there.
//!
//! Two doors lead in and both are guarded: an IP literal in a URL (the metadata's `jwks_uri`,
//! a redirect's `Location`), checked before any request, and a name, checked on every address
//! it resolves to, by the resolver the HTTP client uses. A name that resolves to both public and
//! internal addresses (DNS rebinding) keeps only the public ones.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Which internal addresses a driver may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reach {
    /// Loopback only (`127.0.0.0/8`, `::1`): tests and local development.
    pub(crate) loopback: bool,
    /// Every internal address: an issuer inside the deployment's own network.
    pub(crate) internal: bool,
}

impl Reach {
    /// Whether `ip` may be connected to.
    pub(crate) fn allows(self, ip: IpAddr) -> bool {
        self.internal || !is_internal(ip) || (self.loopback && unmapped(ip).is_loopback())
    }

    /// Whether `url`'s host may be connected to, as far as the URL tells: an IP literal is
    /// judged here, a name when it is resolved.
    pub(crate) fn allows_url(self, url: &Url) -> bool {
        match url.host() {
            Some(Host::Ipv4(ip)) => self.allows(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => self.allows(IpAddr::V6(ip)),
            Some(Host::Domain(_)) => true,
            None => false,
        }
    }
}

/// The resolver the HTTP client uses: the system's (through Tokio), keeping only the addresses
/// [`Reach`] allows, and failing with [`InternalAddressRefused`] when none is left.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GuardedResolver(pub(crate) Reach);

/// The system could not resolve a name; surfaced as
/// [`TransportFailure::Dns`](crate::TransportFailure::Dns).
#[derive(Debug, thiserror::Error)]
#[error("name resolution failed")]
pub(crate) struct LookupFailed(#[source] pub(crate) std::io::Error);

/// A name resolved only to addresses the driver may not reach; surfaced as
/// [`Error::InternalAddress`](crate::Error::InternalAddress).
#[derive(Debug, thiserror::Error)]
#[error("the name resolves only to internal addresses")]
pub(crate) struct InternalAddressRefused;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let reach = self.0;
        let lookup: Pin<Box<dyn Future<Output = _> + Send>> = Box::pin(async move {
            let resolved = tokio::net::lookup_host((name.as_str(), 0))
                .await
                .map_err(LookupFailed)?;
            let allowed: Vec<SocketAddr> =
                resolved.filter(|addr| reach.allows(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(
                    Box::new(InternalAddressRefused) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        });
        lookup
    }
}

/// An IPv4 address written in IPv6 (`::ffff:a.b.c.d`, NAT64's `64:ff9b::a.b.c.d`) as the IPv4
/// address it reaches; any other address as it is.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => embedded_v4(v6).map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    // The well-known NAT64 prefix 64:ff9b::/96 (RFC 6052): the last 32 bits are the address.
    let [a, b, c, d, e, f, hi, lo] = ip.segments();
    ((a, b, c, d, e, f) == (0x64, 0xff9b, 0, 0, 0, 0))
        .then(|| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)))
}

/// Whether `ip` is an address no issuer on the public internet has: loopback, private
/// (RFC 1918, IPv6 unique local), link-local (the cloud metadata endpoints live there), shared
/// (RFC 6598, carrier NAT), unspecified, broadcast, multicast, benchmarking (RFC 2544) or
/// reserved, also when written in IPv6.
pub(crate) fn is_internal(ip: IpAddr) -> bool {
    match unmapped(ip) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            // 0.0.0.0/8 takes in the unspecified address, 240.0.0.0/4 the broadcast one.
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (18..20).contains(&b))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                // Deprecated site-local fec0::/10, still routed inside some networks.
                || (v6.segments().first().copied().unwrap_or(0) & 0xffc0) == 0xfec0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn internal_and_public_addresses() {
        for internal in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "198.18.0.1",
            "198.19.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fdff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
        ] {
            assert!(is_internal(ip(internal)), "{internal}");
        }
        for public in [
            "1.1.1.1",
            "93.184.215.14",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "198.17.255.255",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700::1111",
            "2001:db8::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "fbff::1",
        ] {
            assert!(!is_internal(ip(public)), "{public}");
        }
    }

    #[test]
    fn what_each_reach_allows() {
        let none = Reach {
            loopback: false,
            internal: false,
        };
        let loopback = Reach {
            loopback: true,
            internal: false,
        };
        let all = Reach {
            loopback: true,
            internal: true,
        };
        for (address, by_none, by_loopback, by_all) in [
            ("8.8.8.8", true, true, true),
            ("127.0.0.1", false, true, true),
            ("::1", false, true, true),
            ("::ffff:127.0.0.1", false, true, true),
            ("10.0.0.1", false, false, true),
            ("169.254.169.254", false, false, true),
        ] {
            assert_eq!(none.allows(ip(address)), by_none, "{address}");
            assert_eq!(loopback.allows(ip(address)), by_loopback, "{address}");
            assert_eq!(all.allows(ip(address)), by_all, "{address}");
        }
        let url = |text: &str| Url::parse(text).unwrap();
        assert!(none.allows_url(&url("https://issuer.example/jwks")));
        assert!(!none.allows_url(&url("https://10.0.0.1/jwks")));
        assert!(!none.allows_url(&url("https://[fd00::1]/jwks")));
        assert!(all.allows_url(&url("https://[fd00::1]/jwks")));
    }

    #[tokio::test]
    async fn the_resolver_keeps_only_reachable_addresses() {
        let name = |text: &str| text.parse::<Name>().unwrap();
        let refused = GuardedResolver(Reach {
            loopback: false,
            internal: false,
        })
        .resolve(name("localhost"))
        .await;
        let error = refused.err().expect("localhost is loopback");
        assert!(error.is::<InternalAddressRefused>());
        let allowed = GuardedResolver(Reach {
            loopback: true,
            internal: false,
        })
        .resolve(name("localhost"))
        .await
        .expect("loopback allowed");
        assert!(allowed.into_iter().all(|addr| addr.ip().is_loopback()));
    }
}
