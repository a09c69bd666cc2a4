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

impl<'p> Explained<'p, '_> {
    /// The key whose value decided the refusal, and where it is written, if it is; `None`
    /// for a malformed request, which no key would allow.
    pub fn key(&self) -> Option<(&'static str, Option<&'p str>)> {
        let places = self.places;
        let (key, place) = match self.refusal {
            Refusal::OriginNotAllowed { .. } => ("allow_origins", &places.allow_origins),
            Refusal::MethodNotAllowed { .. } => ("allow_methods", &places.allow_methods),
            Refusal::HeaderNotAllowed { .. } => ("allow_headers", &places.allow_headers),
            Refusal::PrivateNetworkNotAllowed => {
                ("allow_private_network", &places.allow_private_network)
            }
            Refusal::MalformedRequestHeaders => return None,
        };
        Some((key, place.as_deref()))
    }
}

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
                match (&self.places.server_cors, &*self.places.source) {
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

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    /// A policy file whose every key is written, at made-up places.
    const WRITTEN: Places = Places {
        source: Cow::Borrowed("nexus.toml"),
        server_cors: Some(Cow::Borrowed("nexus.toml:1:1")),
        allow_origins: Some(Cow::Borrowed("nexus.toml:2:17")),
        allow_methods: Some(Cow::Borrowed("nexus.toml:3:17")),
        allow_headers: Some(Cow::Borrowed("nexus.toml:4:17")),
        allow_private_network: Some(Cow::Borrowed("nexus.toml:8:25")),
    };

    /// The cors table's keys at the top of a document, only `allow_origins` written.
    const TOP_LEVEL: Places = Places {
        source: Cow::Borrowed("<inline>"),
        server_cors: None,
        allow_origins: Some(Cow::Borrowed("<inline>:1:17")),
        ..Places::NOWHERE
    };

    /// A `[server.cors]` table with only `allow_origins` written.
    const IN_TABLE: Places = Places {
        source: Cow::Borrowed("<toml>"),
        server_cors: Some(Cow::Borrowed("<toml>:2:1")),
        allow_origins: Some(Cow::Borrowed("<toml>:3:17")),
        ..Places::NOWHERE
    };

    fn words(refusal: Refusal<'_>, places: &Places) -> String {
        Explained { refusal, places }.to_string()
    }

    const ORIGIN: Refusal<'static> = Refusal::OriginNotAllowed {
        origin: b"https://evil.example",
    };
    const METHOD: Refusal<'static> = Refusal::MethodNotAllowed { method: b"PUT" };
    const HEADER: Refusal<'static> = Refusal::HeaderNotAllowed {
        header: b"x-secret",
    };

    #[test]
    fn a_written_key_is_named_with_its_place() {
        assert_eq!(
            words(ORIGIN, &WRITTEN),
            r#"origin "https://evil.example" is not in allow_origins (nexus.toml:2:17)"#
        );
        assert_eq!(
            words(METHOD, &WRITTEN),
            r#"method "PUT" is not in allow_methods (nexus.toml:3:17)"#
        );
        assert_eq!(
            words(HEADER, &WRITTEN),
            r#"request header "x-secret" is not in allow_headers (nexus.toml:4:17)"#
        );
        assert_eq!(
            words(Refusal::PrivateNetworkNotAllowed, &WRITTEN),
            "private network access is not allowed: allow_private_network is not true \
             (nexus.toml:8:25)"
        );
    }

    #[test]
    fn a_key_that_is_not_written_is_named_with_the_table_to_add_it_to() {
        assert_eq!(
            words(METHOD, &IN_TABLE),
            "method \"PUT\" is not allowed: allow_methods is not set in [server.cors] \
             (<toml>:2:1)"
        );
        assert_eq!(
            words(HEADER, &IN_TABLE),
            "request header \"x-secret\" is not allowed: allow_headers is not set in \
             [server.cors] (<toml>:2:1)"
        );
        assert_eq!(
            words(Refusal::PrivateNetworkNotAllowed, &IN_TABLE),
            "private network access is not allowed: allow_private_network is not set in \
             [server.cors] (<toml>:2:1)"
        );
        assert_eq!(
            words(METHOD, &TOP_LEVEL),
            r#"method "PUT" is not allowed: allow_methods is not set in <inline>"#
        );
        assert_eq!(
            words(Refusal::PrivateNetworkNotAllowed, &TOP_LEVEL),
            "private network access is not allowed: allow_private_network is not set in \
             <inline>"
        );
        // The macro's placeholder beside its compile errors is written nowhere.
        assert_eq!(
            words(ORIGIN, &Places::NOWHERE),
            r#"origin "https://evil.example" is not allowed: allow_origins is not set"#
        );
    }

    #[test]
    fn a_malformed_request_headers_list_names_no_key() {
        let malformed = Explained {
            refusal: Refusal::MalformedRequestHeaders,
            places: &WRITTEN,
        };
        assert_eq!(malformed.key(), None);
        assert_eq!(
            malformed.to_string(),
            "Access-Control-Request-Headers is not a list of at most 64 header names in at \
             most 16 lines and 4096 bytes"
        );
        assert_eq!(
            malformed.to_string(),
            Refusal::MalformedRequestHeaders.to_string()
        );
    }

    #[test]
    fn the_key_is_the_one_that_decided() {
        let key = |refusal| {
            Explained {
                refusal,
                places: &TOP_LEVEL,
            }
            .key()
        };
        assert_eq!(key(ORIGIN), Some(("allow_origins", Some("<inline>:1:17"))));
        assert_eq!(key(METHOD), Some(("allow_methods", None)));
        assert_eq!(key(HEADER), Some(("allow_headers", None)));
        assert_eq!(
            key(Refusal::PrivateNetworkNotAllowed),
            Some(("allow_private_network", None))
        );
    }

    #[test]
    fn what_the_request_sent_is_quoted_escaped_on_one_line() {
        let origin = Refusal::OriginNotAllowed {
            origin: b"https://caf\xc3\xa9.example\"\n",
        };
        assert_eq!(
            words(origin, &WRITTEN),
            r#"origin "https://caf\xc3\xa9.example\"\n" is not in allow_origins (nexus.toml:2:17)"#
        );
        let empty = Refusal::MethodNotAllowed { method: b"" };
        assert_eq!(
            words(empty, &WRITTEN),
            r#"method "" is not in allow_methods (nexus.toml:3:17)"#
        );
        // `Debug` is the words, quoted.
        assert_eq!(
            format!(
                "{:?}",
                Explained {
                    refusal: METHOD,
                    places: &WRITTEN
                }
            ),
            r#""method \"PUT\" is not in allow_methods (nexus.toml:3:17)""#
        );
    }
}
