//! The request origin a resolver decides (SPEC §9.2): only ever one that a browser could
//! have sent, so that a resolver compares whole, canonical values and never sees `null`,
//! a malformed value or a spelling no browser uses.

use std::fmt;
use std::hash::{Hash, Hasher};

use http::HeaderValue;

use crate::pattern::OriginParts;

/// The longest `Origin` a resolver is asked about. A DNS name is at most 253 bytes, so no
/// browser sends a longer origin for a real host and scheme.
pub const MAX_ORIGIN_BYTES: usize = 255;

/// A request's `Origin`, as a browser serializes it: `scheme://host[:port]`, lower case,
/// no default port, no path, at most 255 bytes. What an origin resolver is asked about
/// (`CorsLayer::allow_origin_if`, `CorsLayer::allow_origin_async`,
/// [`OriginDecision::to_resolve`](crate::OriginDecision::to_resolve)).
///
/// A resolver compares it whole, with [`as_str`](Origin::as_str), against the origins it
/// keeps, written the same way: `https://shop.acme.com`. It is never `null` (which any
/// sandboxed page can send), never `HTTPS://Shop.Acme.com`, `https://shop.acme.com/` or
/// `https://shop.acme.com:443`, and never one of two `Origin` lines: those are refused
/// before any resolver is asked, as the policy refuses them.
///
/// When a resolver matches parts rather than whole origins, [`host`](Origin::host) is a
/// whole host: a tenant's domain `acme.com` covers its subdomains when the host is
/// `acme.com` or ends with `.acme.com` (the dot included, or `evilacme.com` would match).
///
/// ```
/// use cors_runtime::{cors_policy, CorsPolicy};
/// use http::{header, HeaderMap, HeaderValue};
///
/// static POLICY: CorsPolicy = cors_policy!(r#"allow_origins = ["https://platform.example"]"#);
///
/// let mut request = HeaderMap::new();
/// request.insert(header::ORIGIN, HeaderValue::from_static("https://shop.acme.com:8443"));
/// let decision = POLICY.decide_origin(&request);
/// let origin = decision.to_resolve().expect("an origin the policy does not list");
/// assert_eq!(origin.as_str(), "https://shop.acme.com:8443");
/// assert_eq!(origin.scheme(), "https");
/// assert_eq!(origin.host(), "shop.acme.com");
/// assert_eq!(origin.port(), Some(8443));
/// assert_eq!(origin.to_string(), "https://shop.acme.com:8443");
/// ```
#[derive(Clone)]
pub struct Origin {
    /// The request's value; a clone shares its bytes.
    value: HeaderValue,
    /// Where `://` starts: the scheme's length.
    scheme_end: u8,
    /// Where the host ends: the value's length, or where `:port` starts.
    host_end: u8,
    port: Option<u16>,
}

impl Origin {
    /// The origin of `value` when it is serialized as a browser serializes it, and not
    /// opaque (`null`, or a `file:` URL's, which browsers send as `null`).
    pub(crate) fn parse(value: &HeaderValue) -> Option<Origin> {
        let bytes = value.as_bytes();
        if bytes.len() > MAX_ORIGIN_BYTES {
            return None;
        }
        let parts = OriginParts::parse(bytes)?;
        if parts.scheme() == b"file" {
            return None;
        }
        let scheme_end = parts.scheme().len();
        let host_end = scheme_end + "://".len() + parts.host().len();
        let port = match parts.port() {
            None => None,
            // `parse` checked it: 1 to 65535, digits only.
            Some(digits) => Some(std::str::from_utf8(digits).ok()?.parse().ok()?),
        };
        Some(Origin {
            value: value.clone(),
            scheme_end: u8::try_from(scheme_end).ok()?,
            host_end: u8::try_from(host_end).ok()?,
            port,
        })
    }

    /// The whole origin, `https://shop.acme.com:8443`, as the request sent it.
    pub fn as_str(&self) -> &str {
        // ASCII: `parse` accepted nothing else.
        std::str::from_utf8(self.value.as_bytes()).unwrap_or_default()
    }

    /// The whole origin's bytes, read without checking them again.
    #[cfg(feature = "allow-origin-async")]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.value.as_bytes()
    }

    /// The scheme, `https`, lower case.
    pub fn scheme(&self) -> &str {
        &self.as_str()[..usize::from(self.scheme_end)]
    }

    /// The host, `shop.acme.com`: lower-case DNS labels, or an IPv6 address in brackets
    /// (`[::1]`).
    pub fn host(&self) -> &str {
        &self.as_str()[usize::from(self.scheme_end) + "://".len()..usize::from(self.host_end)]
    }

    /// The port when the origin names one, which is never the scheme's default (a browser
    /// leaves `:443` out of an `https` origin).
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The request's own value, to echo in `Access-Control-Allow-Origin`.
    pub(crate) fn into_value(self) -> HeaderValue {
        self.value
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Origin({:?})", self.as_str())
    }
}

impl PartialEq for Origin {
    fn eq(&self, other: &Origin) -> bool {
        self.value == other.value
    }
}

impl Eq for Origin {}

impl Hash for Origin {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Origin {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Origin {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Origin;
    use http::HeaderValue;

    fn parse(origin: &str) -> Option<Origin> {
        Origin::parse(&HeaderValue::from_str(origin).unwrap())
    }

    #[test]
    fn splits_an_origin_into_its_parts() {
        let cases: [(&str, &str, &str, Option<u16>); 6] = [
            ("https://shop.acme.com", "https", "shop.acme.com", None),
            (
                "https://shop.acme.com:8443",
                "https",
                "shop.acme.com",
                Some(8443),
            ),
            ("http://localhost:3000", "http", "localhost", Some(3000)),
            ("http://[::1]:65535", "http", "[::1]", Some(65535)),
            ("capacitor://localhost", "capacitor", "localhost", None),
            ("http://10.0.2.2:1", "http", "10.0.2.2", Some(1)),
        ];
        for (text, scheme, host, port) in cases {
            let origin = parse(text).unwrap_or_else(|| panic!("{text} is an origin"));
            assert_eq!(
                (
                    origin.as_str(),
                    origin.scheme(),
                    origin.host(),
                    origin.port()
                ),
                (text, scheme, host, port)
            );
            assert_eq!(origin.to_string(), text);
            assert_eq!(origin, text);
        }
    }

    #[test]
    fn refuses_what_no_browser_sends_and_opaque_origins() {
        let longest = format!("https://{}.com", "a".repeat(255 - "https://.com".len()));
        assert!(parse(&longest).is_some(), "255 bytes");
        let too_long = format!("https://{}.com", "a".repeat(256 - "https://.com".len()));
        for text in [
            "null",
            "",
            "file://",
            "file://localhost",
            "HTTPS://shop.acme.com",
            "https://Shop.acme.com",
            "https://shop.acme.com/",
            "https://shop.acme.com:443",
            "http://shop.acme.com:80",
            "https://shop.acme.com:0443",
            "https://shop.acme.com:70000",
            "https://shop.acme.com.",
            "https://user@shop.acme.com",
            "https://shop.acme.com?x",
            " https://shop.acme.com",
            too_long.as_str(),
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
