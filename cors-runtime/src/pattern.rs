//! What the generated code of an origin pattern (`https://*.example.com`,
//! `http://localhost:*`) calls: a request's `Origin` split once into its parts, checked to
//! be serialized as a browser serializes it, and the parts compared with the pattern's.
//! One pass over the bytes, no allocation.

/// A request's `Origin`, split into scheme, host and port, when it is a serialized origin
/// with a host a browser could send: lower-case DNS labels (none empty) or a bracketed
/// IPv6 address, and no port or a port from 1 to 65535 written without a leading zero
/// that is not the scheme's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginParts<'a> {
    scheme: &'a [u8],
    host: &'a [u8],
    port: Option<&'a [u8]>,
}

impl<'a> OriginParts<'a> {
    /// `None` when `origin` is not serialized as a browser would.
    pub fn parse(origin: &'a [u8]) -> Option<OriginParts<'a>> {
        // One pass over the bytes, each looked up in `CLASSES`: a request's origin is
        // parsed on every request a pattern or a resolver decides.
        if !origin.first().is_some_and(u8::is_ascii_lowercase) {
            return None;
        }
        let scheme_end = origin
            .iter()
            .position(|&byte| CLASSES[usize::from(byte)] & SCHEME == 0)?;
        let (scheme, rest) = origin.split_at(scheme_end);
        let rest = rest.strip_prefix(b"://")?;
        let host_end = if rest.first() == Some(&b'[') {
            ipv6_literal_end(rest)?
        } else {
            dns_name_end(rest)?
        };
        let (host, after_host) = rest.split_at(host_end);
        let port = match after_host {
            [] => None,
            [b':', port @ ..] if is_explicit_port(scheme, port) => Some(port),
            _ => return None,
        };
        Some(OriginParts { scheme, host, port })
    }

    /// The scheme, as sent.
    pub fn scheme(&self) -> &'a [u8] {
        self.scheme
    }

    /// The host, as sent.
    pub fn host(&self) -> &'a [u8] {
        self.host
    }

    /// The port's digits, as sent, if there is a port.
    pub fn port(&self) -> Option<&'a [u8]> {
        self.port
    }

    /// The scheme, exactly.
    pub fn scheme_is(&self, scheme: &[u8]) -> bool {
        self.scheme == scheme
    }

    /// The host, exactly.
    pub fn host_is(&self, host: &[u8]) -> bool {
        self.host == host
    }

    /// One or more whole labels, then `.` and `domain`: never `domain` itself.
    pub fn host_is_subdomain_of(&self, domain: &[u8]) -> bool {
        self.host.len() > domain.len() + 1
            && self.host.ends_with(domain)
            && self.host[self.host.len() - domain.len() - 1] == b'.'
    }

    /// The port as written, or `None` for none.
    pub fn port_is(&self, port: Option<&[u8]>) -> bool {
        self.port == port
    }
}

/// `CLASSES[byte]`: the parts of an origin the byte may be in.
const SCHEME: u8 = 1;
const LABEL: u8 = 2;
const IPV6: u8 = 4;
const CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let lower_or_digit = b.is_ascii_lowercase() || b.is_ascii_digit();
        if lower_or_digit || matches!(b, b'+' | b'-' | b'.') {
            classes[byte] |= SCHEME;
        }
        if lower_or_digit || matches!(b, b'-' | b'_') {
            classes[byte] |= LABEL;
        }
        if b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b':' | b'.') {
            classes[byte] |= IPV6;
        }
        byte += 1;
    }
    classes
};

/// Where a host of lower-case labels of letters, digits, `-` and `_`, none empty, ends
/// in `rest`: at its end or at a `:`. `None` for any other host.
fn dns_name_end(rest: &[u8]) -> Option<usize> {
    let mut label_length = 0;
    for (index, &byte) in rest.iter().enumerate() {
        if CLASSES[usize::from(byte)] & LABEL != 0 {
            label_length += 1;
        } else if byte == b'.' && label_length > 0 {
            label_length = 0;
        } else if byte == b':' && label_length > 0 {
            return Some(index);
        } else {
            return None;
        }
    }
    (label_length > 0).then_some(rest.len())
}

/// Where an IPv6 literal, `[` hexadecimal digits, `:` and `.` `]`, ends in `rest`, after
/// its `]`.
fn ipv6_literal_end(rest: &[u8]) -> Option<usize> {
    let close = rest.iter().position(|&byte| byte == b']')?;
    let inside = &rest[1..close];
    let valid = !inside.is_empty()
        && inside
            .iter()
            .all(|&byte| CLASSES[usize::from(byte)] & IPV6 != 0);
    valid.then_some(close + 1)
}

/// A port as browsers write it: 1 to 65535, no leading zero, not the scheme's default.
fn is_explicit_port(scheme: &[u8], port: &[u8]) -> bool {
    let digits = !port.is_empty() && port.len() <= 5 && port.iter().all(u8::is_ascii_digit);
    if !digits || port[0] == b'0' {
        return false;
    }
    let value = port
        .iter()
        .fold(0u32, |value, &digit| value * 10 + u32::from(digit - b'0'));
    let default = match scheme {
        b"http" | b"ws" => 80,
        b"https" | b"wss" => 443,
        b"ftp" => 21,
        _ => 0,
    };
    value <= 65_535 && value != default
}

#[cfg(test)]
mod tests {
    use super::OriginParts;

    #[test]
    fn splits_serialized_origins() {
        let parts = OriginParts::parse(b"https://a.b.example.com:8443").unwrap();
        assert!(parts.scheme_is(b"https"));
        assert!(parts.host_is(b"a.b.example.com"));
        assert!(parts.port_is(Some(b"8443")));
        assert!(parts.host_is_subdomain_of(b"example.com"));
        assert!(parts.host_is_subdomain_of(b"b.example.com"));
        assert!(!parts.host_is_subdomain_of(b"a.b.example.com"));
        assert!(!parts.host_is_subdomain_of(b"ample.com"));
        let ipv6 = OriginParts::parse(b"http://[::1]:3000").unwrap();
        assert!(ipv6.host_is(b"[::1]") && ipv6.port_is(Some(b"3000")));
        assert!(OriginParts::parse(b"capacitor://localhost")
            .unwrap()
            .port_is(None));
    }

    #[test]
    fn refuses_what_a_browser_never_sends() {
        for origin in [
            &b"https://A.example.com"[..],
            b"HTTPS://a.example.com",
            b"https://a..example.com",
            b"https://.example.com",
            b"https://example.com.",
            b"https://a.example.com:443",
            b"http://localhost:80",
            b"http://localhost:0",
            b"http://localhost:65536",
            b"http://localhost:08080",
            b"http://localhost:",
            b"https://a.example.com/",
            b"https://user@a.example.com",
            b"https://a.example.com:8443x",
            b"https://\xffa.example.com",
            b"null",
            b"",
            b"https://",
            b"http://[::1",
            b"http://[]",
            b"http://[::1]x",
        ] {
            assert_eq!(
                OriginParts::parse(origin),
                None,
                "{}",
                origin.escape_ascii()
            );
        }
    }

    /// The origins the policy language accepts as exact, across schemes, hosts and ports.
    #[cfg(feature = "load")]
    fn accepted_by_the_policy_language() -> Vec<(String, cors_config::Origin)> {
        let schemes = [
            "http",
            "https",
            "ws",
            "wss",
            "ftp",
            "capacitor",
            "chrome-extension",
            "a+b.c",
        ];
        let hosts = [
            "localhost",
            "a.example.com",
            "a-b_c.example",
            "xn--caf-dma.example",
            "127.0.0.1",
            "[::1]",
            "[2001:db8::1]",
        ];
        let ports = ["", ":1", ":21", ":80", ":443", ":8080", ":65535"];
        let mut accepted = Vec::new();
        for scheme in schemes {
            for host in hosts {
                for port in ports {
                    let origin = format!("{scheme}://{host}{port}");
                    if let Ok(checked) = cors_config::check_origin(&origin) {
                        accepted.push((origin, checked));
                    }
                }
            }
        }
        accepted
    }

    // The runtime cannot depend on the policy language (a server built without `load`
    // holds none of it), so what a serialized origin is, and each scheme's default port,
    // are written here again; these two tests hold them to the language's.
    #[cfg(feature = "load")]
    #[test]
    fn splits_every_origin_the_policy_language_accepts_as_the_language_does() {
        let accepted = accepted_by_the_policy_language();
        assert!(accepted.len() > 200, "{} origins", accepted.len());
        for (origin, checked) in accepted {
            let parts = OriginParts::parse(origin.as_bytes())
                .unwrap_or_else(|| panic!("{origin} is accepted by the policy language"));
            assert!(parts.scheme_is(checked.scheme.as_bytes()), "{origin}");
            match &checked.host {
                cors_config::Host::Exact(host) => {
                    assert!(parts.host_is(host.as_bytes()), "{origin}")
                }
                cors_config::Host::Subdomains(_) => panic!("{origin} is not a pattern"),
            }
            let port = match &checked.port {
                cors_config::Port::Absent => None,
                cors_config::Port::Exact(port) => Some(port.as_bytes()),
                cors_config::Port::Any => panic!("{origin} is not a pattern"),
            };
            assert!(parts.port_is(port), "{origin}");
        }
    }

    #[cfg(feature = "load")]
    #[test]
    fn refuses_what_the_policy_language_refuses_for_its_form() {
        let default_ports = [
            "http://a.example:80",
            "https://a.example:443",
            "ws://a.example:80",
            "wss://a.example:443",
            "ftp://a.example:21",
        ];
        let other_forms = [
            "HTTPS://a.example",
            "https://A.example",
            "https://a.example/",
            "https://a.example/p",
            "https://a.example?q",
            "https://a.example#f",
            "https://a.example.",
            "https://a..example",
            "https://.a.example",
            "https://a.example:0",
            "https://a.example:65536",
            "https://a.example:08080",
            "https://a.example:",
            "https://user@a.example",
            " https://a.example",
            "https://a.example ",
            "https:/a.example",
            "https//a.example",
            "",
            "null",
            "https://",
            "https://:8080",
            "https://exämple.com",
            "https://a.example:80:80",
            "https://[::1",
            "https://[]",
            "1https://a.example",
        ];
        for origin in default_ports.into_iter().chain(other_forms) {
            assert!(
                cors_config::check_origin(origin).is_err(),
                "{origin:?}: the language"
            );
            assert_eq!(OriginParts::parse(origin.as_bytes()), None, "{origin:?}");
        }
    }
}
