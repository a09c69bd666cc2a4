use std::fmt;

use crate::__private::Places;

use crate::request::{
    MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_LINES, MAX_REQUEST_HEADERS_NAMES,
};

/// Why a policy refuses a request: the first check a preflight fails (it is answered
/// `403`), or an actual request's origin that is not allowed (it gets no CORS headers).
///
/// Borrowed from the request's headers. [`CorsPolicy::refusal`](crate::CorsPolicy::refusal)
/// returns it; with the `tracing` feature, every refusal is also logged as a `debug` event.
///
/// ```
/// use cors_runtime::{cors_policy, CorsPolicy, Refusal};
/// use http::{header, HeaderMap, HeaderValue, Method};
///
/// static POLICY: CorsPolicy = cors_policy!(r#"allow_origins = "https://app.example.com""#);
///
/// let mut request = HeaderMap::new();
/// request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("DELETE"));
/// let refusal = POLICY.refusal(&Method::OPTIONS, &request);
/// assert_eq!(refusal, Some(Refusal::MethodNotAllowed { method: b"DELETE" }));
/// assert_eq!(refusal.unwrap().to_string(), "method `DELETE` is not allowed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal<'r> {
    /// The request's `Origin` is not one the policy allows (or it came more than once).
    OriginNotAllowed {
        /// The first `Origin` value, as sent.
        origin: &'r [u8],
    },
    /// `Access-Control-Request-Method` names a method the policy does not allow, is not a
    /// method name, or came more than once.
    MethodNotAllowed {
        /// The first `Access-Control-Request-Method` value, as sent.
        method: &'r [u8],
    },
    /// `Access-Control-Request-Headers` names a header the policy does not allow.
    HeaderNotAllowed {
        /// The first name that is not allowed, as sent.
        header: &'r [u8],
    },
    /// `Access-Control-Request-Headers` is over the bounds it is read within, or is not a
    /// comma-separated list of header names.
    MalformedRequestHeaders,
    /// `Access-Control-Request-Private-Network: true`, and the policy does not set
    /// `allow_private_network = true`.
    PrivateNetworkNotAllowed,
}

impl fmt::Display for Refusal<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OriginNotAllowed { origin } => {
                write!(
                    formatter,
                    "origin `{}` is not allowed",
                    origin.escape_ascii()
                )
            }
            Refusal::MethodNotAllowed { method } => {
                write!(
                    formatter,
                    "method `{}` is not allowed",
                    method.escape_ascii()
                )
            }
            Refusal::HeaderNotAllowed { header } => {
                write!(
                    formatter,
                    "request header `{}` is not allowed",
                    header.escape_ascii()
                )
            }
            Refusal::MalformedRequestHeaders => write!(
                formatter,
                "Access-Control-Request-Headers is not a list of at most \
                 {MAX_REQUEST_HEADERS_NAMES} header names in at most \
                 {MAX_REQUEST_HEADERS_LINES} lines and {MAX_REQUEST_HEADERS_BYTES} bytes"
            ),
            Refusal::PrivateNetworkNotAllowed => {
                write!(formatter, "private network access is not enabled")
            }
        }
    }
}

impl std::error::Error for Refusal<'_> {}

/// A [`Refusal`] in words, with the key of the policy to change and where it is written:
/// what [`CorsPolicy::explain`](crate::CorsPolicy::explain) returns.
#[derive(Clone, Copy)]
pub struct Explained<'p, 'r> {
    pub(crate) refusal: Refusal<'r>,
    pub(crate) places: &'p Places,
}

impl Explained<'_, '_> {
    /// The key whose value decided the refusal, and where it is written, if it is; `None`
    /// for a malformed request, which no key would allow.
    pub fn key(&self) -> Option<(&'static str, Option<&'static str>)> {
        let key = match self.refusal {
            Refusal::OriginNotAllowed { .. } => 0,
            Refusal::MethodNotAllowed { .. } => 1,
            Refusal::HeaderNotAllowed { .. } => 2,
            Refusal::PrivateNetworkNotAllowed => 6,
            Refusal::MalformedRequestHeaders => return None,
        };
        Some((KEYS[key], self.places.keys[key]))
    }
}

/// The keys of the cors table, in the order `Places::keys` holds them.
const KEYS: [&str; 7] = [
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "expose_headers",
    "allow_credentials",
    "max_age",
    "allow_private_network",
];

impl fmt::Display for Explained<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((key, place)) = self.key() else {
            return write!(formatter, "{}", self.refusal);
        };
        match self.refusal {
            Refusal::OriginNotAllowed { origin } => {
                write!(formatter, "origin \"{}\"", origin.escape_ascii())?
            }
            Refusal::MethodNotAllowed { method } => {
                write!(formatter, "method \"{}\"", method.escape_ascii())?
            }
            Refusal::HeaderNotAllowed { header } => {
                write!(formatter, "request header \"{}\"", header.escape_ascii())?
            }
            Refusal::PrivateNetworkNotAllowed | Refusal::MalformedRequestHeaders => {
                formatter.write_str("private network access")?
            }
        }
        match (self.refusal, place) {
            (Refusal::PrivateNetworkNotAllowed, Some(place)) => {
                write!(formatter, " is not allowed: {key} is not true ({place})")
            }
            (_, Some(place)) => write!(formatter, " is not in {key} ({place})"),
            (_, None) => {
                write!(formatter, " is not allowed: {key} is not set")?;
                match (self.places.server_cors, self.places.source) {
                    (Some(table), _) => write!(formatter, " in [server.cors] ({table})"),
                    (None, "") => Ok(()),
                    (None, source) => write!(formatter, " in {source}"),
                }
            }
        }
    }
}

impl fmt::Debug for Explained<'_, '_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:?}", self.to_string())
    }
}
