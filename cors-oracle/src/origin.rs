//! `allow_origins` entries (SPEC §1.4) and the `Origin` values they allow: an exact
//! origin byte for byte, a pattern by the serialization rules a browser writes origins
//! with (lowercase DNS labels, a port from 1 to 65535 without a leading zero and not the
//! scheme's default).

/// `host[:port]` of an origin: the host, and the port when there is a `:` after it (an
/// IPv6 host is bracketed).
pub fn split_host_port(rest: &[u8]) -> (&[u8], Option<&[u8]>) {
    if rest.first() == Some(&b'[') {
        if let Some(close) = rest.iter().position(|&b| b == b']') {
            let (host, after) = rest.split_at(close + 1);
            return match after {
                [] => (host, None),
                [b':', port @ ..] => (host, Some(port)),
                _ => (rest, None),
            };
        }
    }
    match rest.iter().position(|&b| b == b':') {
        Some(colon) => (&rest[..colon], Some(&rest[colon + 1..])),
        None => (rest, None),
    }
}

/// The default port of `scheme`, for the schemes that have one.
pub fn default_port(scheme: &[u8]) -> Option<u32> {
    match scheme {
        b"http" | b"ws" => Some(80),
        b"https" | b"wss" => Some(443),
        _ => None,
    }
}

/// A port as a browser writes it for `scheme`: 1 to 65535 in decimal, no leading zero,
/// not the scheme's default.
pub fn is_browser_port(port: &[u8], scheme: &[u8]) -> bool {
    if port.is_empty() || port.len() > 5 || port[0] == b'0' || !port.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let value = port
        .iter()
        .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'));
    (1..=65535).contains(&value) && default_port(scheme) != Some(value)
}

/// Dot-separated labels as a browser serializes a DNS host: each non-empty, of lowercase
/// letters, digits, `-` and `_`.
pub fn are_browser_labels(labels: &[u8]) -> bool {
    labels.split(|&b| b == b'.').all(|label| {
        !label.is_empty()
            && label
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    })
}

/// The port part of a pattern.
enum PortPattern<'a> {
    None,
    Any,
    Exactly(&'a [u8]),
}

/// Whether the `allow_origins` entry `entry` allows `origin`: byte equality for an exact
/// origin; for a pattern (§1.4), the scheme as written, a host of one or more whole
/// labels before `.DOMAIN` for `*.DOMAIN` (else the host as written), and for the port:
/// none when the pattern has none, any port a browser writes or none for `:*`, else the
/// one written.
pub fn entry_allows(entry: &str, origin: &[u8]) -> bool {
    if !entry.contains('*') {
        return entry.as_bytes() == origin;
    }
    let Some((scheme, rest)) = entry.split_once("://") else {
        return false;
    };
    let rest = rest.as_bytes();
    let (host_pattern, port_pattern) = if let Some(host) = rest.strip_suffix(b":*") {
        (host, PortPattern::Any)
    } else {
        match split_host_port(rest) {
            (host, Some(port)) => (host, PortPattern::Exactly(port)),
            (host, None) => (host, PortPattern::None),
        }
    };
    let Some(origin_rest) = origin
        .strip_prefix(scheme.as_bytes())
        .and_then(|after| after.strip_prefix(b"://"))
    else {
        return false;
    };
    let (host, port) = split_host_port(origin_rest);
    let port_ok = match (port_pattern, port) {
        (PortPattern::None | PortPattern::Any, None) => true,
        (PortPattern::None, Some(_)) | (PortPattern::Exactly(_), None) => false,
        (PortPattern::Any, Some(port)) => is_browser_port(port, scheme.as_bytes()),
        (PortPattern::Exactly(expected), Some(port)) => expected == port,
    };
    if !port_ok {
        return false;
    }
    match host_pattern.strip_prefix(b"*.") {
        Some(domain) => host
            .strip_suffix(domain)
            .and_then(|before| before.strip_suffix(b"."))
            .is_some_and(are_browser_labels),
        None => host == host_pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::entry_allows;

    #[test]
    fn exact_entries_and_patterns() {
        let cases: [(&str, &str, bool); 22] = [
            ("https://app.example.com", "https://app.example.com", true),
            ("https://app.example.com", "https://APP.example.com", false),
            ("https://app.example.com", "https://app.example.com/", false),
            ("https://*.example.com", "https://a.example.com", true),
            ("https://*.example.com", "https://a.b.example.com", true),
            ("https://*.example.com", "https://a_b.example.com", true),
            ("https://*.example.com", "https://example.com", false),
            ("https://*.example.com", "https://.example.com", false),
            ("https://*.example.com", "https://a..example.com", false),
            ("https://*.example.com", "https://evil-example.com", false),
            (
                "https://*.example.com",
                "https://example.com.evil.com",
                false,
            ),
            ("https://*.example.com", "https://A.example.com", false),
            ("https://*.example.com", "http://a.example.com", false),
            ("https://*.example.com", "https://a.example.com:8443", false),
            ("http://localhost:*", "http://localhost", true),
            ("http://localhost:*", "http://localhost:5173", true),
            ("http://localhost:*", "http://localhost:80", false),
            ("http://localhost:*", "http://localhost:0", false),
            ("http://localhost:*", "http://localhost:05173", false),
            ("http://localhost:*", "http://localhost:65536", false),
            (
                "https://*.example.org:*",
                "https://a.example.org:8443",
                true,
            ),
            (
                "https://*.example.org:*",
                "https://a.example.org:443",
                false,
            ),
        ];
        for (entry, origin, allowed) in cases {
            assert_eq!(
                entry_allows(entry, origin.as_bytes()),
                allowed,
                "{entry} / {origin}"
            );
        }
    }
}
