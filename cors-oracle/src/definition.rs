//! A policy's `[server.cors]` table restated as a [`Definition`], and what SPEC §3 means
//! it to decide for a request: whether an origin is allowed, whether a preflight is
//! allowed ([`Verdict`]), what a page may read.

use http::HeaderMap;

use crate::fetch;
use crate::origin::entry_allows;
use crate::syntax::{is_token, lines, list_elements, show, show_lines};

/// `allow_origins`.
#[derive(Clone, Copy, Debug)]
pub enum Origins {
    /// `"*"`.
    Any,
    /// Entries as written: exact origins, and patterns (`*.` before the domain, `:*` for
    /// the port).
    Listed(&'static [&'static str]),
}

/// `allow_methods`, `allow_headers`, `expose_headers`.
#[derive(Clone, Copy, Debug)]
pub enum Names {
    /// The key is absent.
    Unset,
    /// `"*"`.
    Any,
    /// Entries as written in the TOML (normalized here, as §1.3 says).
    Listed(&'static [&'static str]),
}

impl Names {
    fn listed(&self) -> &'static [&'static str] {
        match self {
            Names::Listed(listed) => listed,
            Names::Unset | Names::Any => &[],
        }
    }
}

/// A policy's `[server.cors]` table, restated by hand next to the policy it describes.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    pub origins: Origins,
    pub methods: Names,
    pub headers: Names,
    pub expose: Names,
    pub credentials: bool,
    /// `max_age` in seconds, as `Access-Control-Max-Age` must say.
    pub max_age: Option<u64>,
    pub private_network: bool,
}

/// A page's credentials mode (Fetch: `include`, or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    Omit,
    Include,
}

/// What §3.2 and §3.3 decide for a preflight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// §3.2: allowed.
    Allowed,
    /// §3.3: refused, and why.
    Refused(String),
    /// What SPEC leaves open (several `Access-Control-Request-Private-Network` lines to
    /// a policy without private network access): either answer, and why.
    Either(String),
}

impl Verdict {
    pub fn is_allowed(&self) -> bool {
        *self == Verdict::Allowed
    }

    pub fn is_refused(&self) -> bool {
        matches!(self, Verdict::Refused(_))
    }
}

/// Whether a preflight asks for private network access (§3.2: `ACRPN: true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateNetwork {
    /// One line, exactly `true`.
    Requested,
    /// No line, or one that is not `true`.
    NotRequested,
    /// Several lines, which no browser sends and SPEC does not decide.
    Unclear,
}

/// The private-network request of `request`.
pub fn private_network(request: &HeaderMap) -> PrivateNetwork {
    match lines(request, "access-control-request-private-network")[..] {
        [] => PrivateNetwork::NotRequested,
        [line] if line == b"true" => PrivateNetwork::Requested,
        [_] => PrivateNetwork::NotRequested,
        _ => PrivateNetwork::Unclear,
    }
}

/// README "Using it with `http` types": `Access-Control-Request-Headers` is refused
/// beyond these bounds (SPEC §3.8 only says "huge" and "absurd"; the tests stay far from
/// the bounds on both sides).
pub const MAX_REQUEST_HEADERS_LINES: usize = 16;
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;
pub const MAX_REQUEST_HEADERS_NAMES: usize = 64;

/// §3.8: the names of `Access-Control-Request-Headers` over all its lines, as written
/// (whitespace around them and empty elements dropped), or why the header is refused.
pub fn requested_header_names(request: &HeaderMap) -> Result<Vec<&[u8]>, String> {
    let lines = lines(request, "access-control-request-headers");
    if lines.len() > MAX_REQUEST_HEADERS_LINES {
        return Err(format!("{} request-headers lines", lines.len()));
    }
    let bytes: usize = lines.iter().map(|line| line.len()).sum();
    if bytes > MAX_REQUEST_HEADERS_BYTES {
        return Err(format!("{bytes} bytes of request headers"));
    }
    let names = list_elements(&lines);
    if let Some(name) = names.iter().find(|name| !is_token(name)) {
        return Err(format!("requested header {:?} is not a token", show(name)));
    }
    if names.len() > MAX_REQUEST_HEADERS_NAMES {
        return Err(format!("{} requested header names", names.len()));
    }
    Ok(names)
}

/// Names no `allow_headers` may list (§2.10) besides Fetch's forbidden request headers.
const NEVER_ALLOWED_HEADERS: [&str; 2] =
    ["access-control-max-age", "access-control-expose-headers"];

impl Definition {
    /// Every key at its default, `allow_origins = "*"`: a base for `..` in definitions.
    pub const DEFAULTS: Definition = Definition {
        origins: Origins::Any,
        methods: Names::Unset,
        headers: Names::Unset,
        expose: Names::Unset,
        credentials: false,
        max_age: None,
        private_network: false,
    };

    /// Whether the definition is one §2 lets compile (the rules a definition can break:
    /// 1–3, 6, 8–12), so that a definition is not judged by a policy that cannot exist.
    pub fn validate(&self) -> Result<(), String> {
        let any_origin = matches!(self.origins, Origins::Any);
        if self.credentials && any_origin {
            return Err("§2.1: credentials with `allow_origins = \"*\"`".to_owned());
        }
        if self.credentials && matches!(self.expose, Names::Any) {
            return Err("§2.2: credentials with `expose_headers = \"*\"`".to_owned());
        }
        if self.private_network && any_origin {
            return Err("§2.3: private network with `allow_origins = \"*\"`".to_owned());
        }
        if let Origins::Listed(entries) = self.origins {
            if entries.is_empty() || entries.contains(&"*") {
                return Err(format!("§2.6: `allow_origins = {entries:?}`"));
            }
        }
        for (key, names) in [
            ("allow_methods", &self.methods),
            ("allow_headers", &self.headers),
            ("expose_headers", &self.expose),
        ] {
            if let Some(name) = names
                .listed()
                .iter()
                .find(|name| !is_token(name.as_bytes()))
            {
                return Err(format!("§2.8: {name:?} in `{key}` is not a token"));
            }
        }
        if let Some(method) = self
            .methods
            .listed()
            .iter()
            .find(|method| fetch::is_forbidden_method(method.as_bytes()))
        {
            return Err(format!("§2.9: {method:?} in `allow_methods`"));
        }
        if let Some(name) = self.headers.listed().iter().find(|name| {
            let lower = name.to_ascii_lowercase();
            fetch::is_forbidden_request_header_name(lower.as_bytes())
                || lower.starts_with("access-control-allow-")
                || NEVER_ALLOWED_HEADERS.contains(&lower.as_str())
        }) {
            return Err(format!("§2.10: {name:?} in `allow_headers`"));
        }
        if let Some(name) = self.expose.listed().iter().find(|name| {
            let lower = name.to_ascii_lowercase();
            fetch::is_forbidden_response_header_name(lower.as_bytes())
                || lower == "origin"
                || lower.starts_with("access-control-request-")
        }) {
            return Err(format!("§2.11: {name:?} in `expose_headers`"));
        }
        if self.max_age.is_some_and(|seconds| seconds > 86_400) {
            return Err(format!("§2.12: `max_age` of {:?} seconds", self.max_age));
        }
        Ok(())
    }

    /// §3.7: every policy but `"*"` answers differently per origin.
    pub fn varies_on_origin(&self) -> bool {
        !matches!(self.origins, Origins::Any)
    }

    /// §3 "allowed origin", for the `Origin` lines of a request: `"*"` allows whatever
    /// was sent (no line included); a list allows one line equal to an exact entry, or
    /// matching a pattern (§1.4).
    pub fn allows_origin(&self, lines: &[&[u8]]) -> bool {
        match self.origins {
            Origins::Any => true,
            Origins::Listed(entries) => match lines {
                [origin] => entries.iter().any(|entry| entry_allows(entry, origin)),
                _ => false,
            },
        }
    }

    /// §3.2: a safelisted method (GET, HEAD, POST, byte for byte), a listed one (as
    /// normalized by §1.3, compared byte for byte), or any method for `"*"`. A method
    /// is a token (RFC 9110 §9.1): anything else is not one.
    pub fn allows_method(&self, method: &[u8]) -> bool {
        if !is_token(method) {
            return false;
        }
        if fetch::is_cors_safelisted_method(method) {
            return true;
        }
        match self.methods {
            Names::Unset => false,
            Names::Any => true,
            Names::Listed(listed) => listed
                .iter()
                .any(|entry| fetch::normalize_method(entry.as_bytes()) == method),
        }
    }

    /// §3.2: a requested header name is allowed when listed (case-insensitively), or by
    /// `"*"` (Authorization included).
    pub fn allows_header(&self, name: &[u8]) -> bool {
        match self.headers {
            Names::Unset => false,
            Names::Any => true,
            Names::Listed(listed) => listed
                .iter()
                .any(|entry| entry.as_bytes().eq_ignore_ascii_case(name)),
        }
    }

    /// §3.1–§3.3 for a request that is a preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`).
    pub fn preflight(&self, request: &HeaderMap) -> Verdict {
        let origins = lines(request, "origin");
        if !self.allows_origin(&origins) {
            return Verdict::Refused(format!("origin {:?} not allowed", show_lines(&origins)));
        }
        let methods = lines(request, "access-control-request-method");
        match methods[..] {
            [method] if self.allows_method(method) => {}
            _ => return Verdict::Refused(format!("method {:?} not allowed", show_lines(&methods))),
        }
        let names = match requested_header_names(request) {
            Ok(names) => names,
            Err(reason) => return Verdict::Refused(reason),
        };
        if let Some(name) = names.iter().find(|name| !self.allows_header(name)) {
            return Verdict::Refused(format!("request header {:?} not allowed", show(name)));
        }
        match (private_network(request), self.private_network) {
            (PrivateNetwork::Requested, false) => {
                Verdict::Refused("private network access not enabled".to_owned())
            }
            (PrivateNetwork::Unclear, false) => Verdict::Either(
                "several private-network lines, private network access not enabled".to_owned(),
            ),
            _ => Verdict::Allowed,
        }
    }

    /// Whether the policy means a page to read a response header `name` (lowercase),
    /// besides the CORS-safelisted response-header names: listed in `expose_headers`,
    /// or any name for `"*"` when credentials are not included (§1.2, §2.2: with
    /// credentials a browser reads `*` literally). Never a forbidden response-header name
    /// (`Set-Cookie`).
    pub fn exposes(&self, name: &str, credentials: Credentials) -> bool {
        if fetch::is_forbidden_response_header_name(name.as_bytes()) {
            return false;
        }
        match self.expose {
            Names::Unset => false,
            Names::Any => credentials == Credentials::Omit,
            Names::Listed(listed) => listed.iter().any(|entry| entry.eq_ignore_ascii_case(name)),
        }
    }

    /// The `Access-Control-Max-Age` value an allowed preflight carries.
    pub fn max_age_value(&self) -> Option<String> {
        self.max_age.map(|seconds| seconds.to_string())
    }

    /// The `Access-Control-Expose-Headers` value a shared response carries: `*`, or the
    /// names lowercased (§1.3), in order, separated by `, `.
    pub fn expose_value(&self) -> Option<String> {
        match self.expose {
            Names::Unset => None,
            Names::Any => Some("*".to_owned()),
            Names::Listed(listed) => Some(
                listed
                    .iter()
                    .map(|name| name.to_ascii_lowercase())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }

    /// §3.2: with credentials a browser reads `*` literally, so a `"*"` list is answered
    /// with what was asked, and §3.7 names the header it came from in `Vary`.
    pub fn echoes_methods(&self) -> bool {
        self.credentials && matches!(self.methods, Names::Any)
    }

    /// As [`echoes_methods`](Self::echoes_methods), for `allow_headers`.
    pub fn echoes_headers(&self) -> bool {
        self.credentials && matches!(self.headers, Names::Any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_that_cannot_compile_are_invalid() {
        let listed = Origins::Listed(&["https://app.example.com"]);
        let valid = Definition {
            origins: listed,
            methods: Names::Listed(&["PUT", "patch"]),
            headers: Names::Listed(&["Authorization", "x-request-id"]),
            expose: Names::Listed(&["x-request-id"]),
            credentials: true,
            max_age: Some(86_400),
            private_network: true,
        };
        assert_eq!(valid.validate(), Ok(()));
        let invalid = [
            Definition {
                credentials: true,
                ..Definition::DEFAULTS
            },
            Definition {
                expose: Names::Any,
                ..valid
            },
            Definition {
                private_network: true,
                ..Definition::DEFAULTS
            },
            Definition {
                origins: Origins::Listed(&[]),
                ..valid
            },
            Definition {
                methods: Names::Listed(&["Trace"]),
                ..valid
            },
            Definition {
                methods: Names::Listed(&["GE T"]),
                ..valid
            },
            Definition {
                headers: Names::Listed(&["Cookie"]),
                ..valid
            },
            Definition {
                headers: Names::Listed(&["sec-fetch-mode"]),
                ..valid
            },
            Definition {
                headers: Names::Listed(&["access-control-allow-origin"]),
                ..valid
            },
            Definition {
                expose: Names::Listed(&["Set-Cookie"]),
                ..valid
            },
            Definition {
                max_age: Some(86_401),
                ..valid
            },
        ];
        for definition in invalid {
            assert!(definition.validate().is_err(), "{definition:?}");
        }
    }

    fn request(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in lines {
            map.append(name, http::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn preflight_verdicts() {
        let definition = Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Listed(&["put", "patch"]),
            headers: Names::Listed(&["X-Custom"]),
            ..Definition::DEFAULTS
        };
        let base = [
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "PUT"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            definition.preflight(&request(&[&base[..], extra].concat()))
        };
        assert_eq!(with(&[]), Verdict::Allowed);
        assert_eq!(
            with(&[("access-control-request-headers", " x-custom ,,X-CUSTOM")]),
            Verdict::Allowed
        );
        assert!(with(&[("access-control-request-headers", "x-other")]).is_refused());
        assert!(with(&[("access-control-request-headers", "x y")]).is_refused());
        assert!(with(&[("origin", "https://app.example.com")]).is_refused());
        assert!(with(&[("access-control-request-method", "PUT")]).is_refused());
        assert!(with(&[("access-control-request-private-network", "true")]).is_refused());
        assert_eq!(
            with(&[("access-control-request-private-network", "false")]),
            Verdict::Allowed
        );
        let twice = [
            ("access-control-request-private-network", "true"),
            ("access-control-request-private-network", "true"),
        ];
        assert!(matches!(with(&twice), Verdict::Either(_)));
        let patch = request(&[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "PATCH"),
        ]);
        assert!(
            definition.preflight(&patch).is_refused(),
            "patch is case-sensitive"
        );
    }
}
