//! The judges of a policy's answers: the classification of §3.1, the structure §3.2–§3.7
//! require of a preflight's answer and of an actual response, and what a browser's page
//! is meant to get from them (for a comparison with a browser model).

use std::collections::BTreeSet;

use http::{HeaderMap, Method, Response, StatusCode};

use crate::definition::{
    private_network, Credentials, Definition, Origins, PrivateNetwork, Verdict,
};
use crate::fetch;
use crate::syntax::{is_token, lines, list_elements, show, show_lines, vary_tokens, Shown};

/// `Err` with the message when the condition does not hold.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(format!($($message)+));
        }
    };
}

/// §3.1: `OPTIONS` with `Origin` and `Access-Control-Request-Method` is a preflight.
pub fn is_preflight(method: &Method, request: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && request.contains_key("origin")
        && request.contains_key("access-control-request-method")
}

/// §3.1: a request is answered as a preflight exactly when it is one.
pub fn judge_classification(
    method: &Method,
    request: &HeaderMap,
    answered_as_preflight: bool,
) -> Result<(), String> {
    match (is_preflight(method, request), answered_as_preflight) {
        (true, false) => Err("a preflight (§3.1) was not answered as one".to_owned()),
        (false, true) => Err("not a preflight (§3.1), yet answered as one".to_owned()),
        _ => Ok(()),
    }
}

/// The answer to a preflight (§3.2, §3.3, §3.7): its status and headers as the
/// definition's [`Verdict`] requires. `Err` says what is wrong.
pub fn judge_preflight(
    definition: &Definition,
    request: &HeaderMap,
    response: &Response<()>,
) -> Result<(), String> {
    let headers = response.headers();
    let shown = Shown(headers);
    let status = response.status();

    // §3.7 on every preflight, allowed or refused.
    let tokens = vary_tokens(headers);
    if definition.varies_on_origin() {
        let origin_count = tokens.iter().filter(|t| *t == "origin").count();
        ensure!(
            origin_count == 1,
            "§3.7: `Vary` names `origin` {origin_count} times: {shown}"
        );
    }
    let unique: BTreeSet<&String> = tokens.iter().collect();
    ensure!(
        unique.len() == tokens.len(),
        "§3.7: `Vary` repeats a token: {shown}"
    );
    ensure!(
        !headers.contains_key("access-control-expose-headers"),
        "§3.2: `Access-Control-Expose-Headers` on a preflight: {shown}"
    );

    let (allowed, reason) = match definition.preflight(request) {
        Verdict::Allowed => {
            ensure!(
                status == StatusCode::NO_CONTENT,
                "§3.2: allowed but answered {status}: {shown}"
            );
            (true, String::new())
        }
        Verdict::Refused(reason) => {
            ensure!(
                status == StatusCode::FORBIDDEN,
                "§3.3: refused ({reason}) but answered {status}: {shown}"
            );
            (false, reason)
        }
        Verdict::Either(reason) => {
            ensure!(
                status == StatusCode::NO_CONTENT || status == StatusCode::FORBIDDEN,
                "§3.2, §3.3: a preflight ({reason}) answered {status}: {shown}"
            );
            (status == StatusCode::NO_CONTENT, reason)
        }
    };
    if !allowed {
        let leaked: Vec<&str> = headers
            .keys()
            .map(|name| name.as_str())
            .filter(|name| {
                name.starts_with("access-control-allow-") || *name == "access-control-max-age"
            })
            .collect();
        ensure!(
            leaked.is_empty(),
            "§3.3: refused ({reason}) but sent {leaked:?}: {shown}"
        );
        return Ok(());
    }
    judge_allowed_preflight(definition, request, headers, &tokens)
        .map_err(|what| format!("{what}: {shown}"))
}

fn judge_allowed_preflight(
    definition: &Definition,
    request: &HeaderMap,
    headers: &HeaderMap,
    vary: &[String],
) -> Result<(), String> {
    let acao = lines(headers, "access-control-allow-origin");
    let expected_acao: &[u8] = match definition.origins {
        Origins::Any => b"*",
        Origins::Listed(_) => lines(request, "origin")[0],
    };
    ensure!(
        acao == [expected_acao],
        "§3.2: `Access-Control-Allow-Origin` should be exactly {:?}",
        show(expected_acao)
    );
    let acac = lines(headers, "access-control-allow-credentials");
    if definition.credentials {
        ensure!(
            acac == [b"true"],
            "§3.2: `Access-Control-Allow-Credentials: true` missing"
        );
    } else {
        ensure!(
            acac.is_empty(),
            "§3.2: credentials not allowed, yet `Access-Control-Allow-Credentials`"
        );
    }
    let acma = lines(headers, "access-control-max-age");
    match definition.max_age_value() {
        Some(value) => ensure!(
            acma == [value.as_bytes()],
            "§3.2: `Access-Control-Max-Age: {value}` expected"
        ),
        None => ensure!(
            acma.is_empty(),
            "§3.2: no max_age, yet `Access-Control-Max-Age`"
        ),
    }
    let acapn = lines(headers, "access-control-allow-private-network");
    match private_network(request) {
        PrivateNetwork::Requested => ensure!(
            acapn == [b"true"],
            "§3.2: `Access-Control-Allow-Private-Network: true` missing"
        ),
        PrivateNetwork::NotRequested => ensure!(
            acapn.is_empty(),
            "§3.2: private network not requested, yet `Access-Control-Allow-Private-Network`"
        ),
        PrivateNetwork::Unclear => ensure!(
            acapn.is_empty() || (definition.private_network && acapn == [b"true"]),
            "§3.2: `Access-Control-Allow-Private-Network` {:?} from a policy {} private network access",
            show_lines(&acapn),
            if definition.private_network { "with" } else { "without" }
        ),
    }
    // §3.7: what was echoed is named in Vary.
    if definition.echoes_methods() {
        ensure!(
            vary.iter().any(|t| t == "access-control-request-method"),
            "§3.7: the echoed method's header is not in `Vary`"
        );
    }
    if definition.echoes_headers() && request.contains_key("access-control-request-headers") {
        ensure!(
            vary.iter().any(|t| t == "access-control-request-headers"),
            "§3.7: the echoed request headers' header is not in `Vary`"
        );
    }
    passes_preflight_checks(definition, request, headers)
}

/// §3.2: "ACAM and ACAH such that a browser's CORS-preflight check passes" (Fetch,
/// "CORS-preflight fetch"): both are lists of tokens; the method is safelisted, listed
/// byte for byte, or covered by `*`; each requested name is listed case-insensitively, or
/// covered by `*` unless it is `Authorization`. A `*` covers nothing for a page that
/// includes credentials, as a page does with a policy that allows them.
fn passes_preflight_checks(
    definition: &Definition,
    request: &HeaderMap,
    headers: &HeaderMap,
) -> Result<(), String> {
    let wildcard = !definition.credentials;
    let methods_lines = lines(headers, "access-control-allow-methods");
    let methods = list_elements(&methods_lines);
    ensure!(
        methods.iter().all(|method| is_token(method)),
        "§3.2: `Access-Control-Allow-Methods` is not a list of tokens"
    );
    if let [method] = lines(request, "access-control-request-method")[..] {
        ensure!(
            fetch::is_cors_safelisted_method(method)
                || methods.contains(&method)
                || (wildcard && methods.contains(&&b"*"[..])),
            "§3.2: a browser fails the preflight's check of method {:?}",
            show(method)
        );
    }
    let names_lines = lines(headers, "access-control-allow-headers");
    let names = list_elements(&names_lines);
    ensure!(
        names.iter().all(|name| is_token(name)),
        "§3.2: `Access-Control-Allow-Headers` is not a list of tokens"
    );
    for requested in list_elements(&lines(request, "access-control-request-headers")) {
        let listed = names
            .iter()
            .any(|name| name.eq_ignore_ascii_case(requested));
        let covered = wildcard
            && !fetch::is_cors_non_wildcard_request_header_name(requested)
            && names.contains(&&b"*"[..]);
        ensure!(
            listed || covered,
            "§3.2: a browser fails the preflight's check of header {:?}",
            show(requested)
        );
    }
    Ok(())
}

/// The headers `apply` may add to or change on an actual response (§3.4, §3.7).
const SET_BY_APPLY: [&str; 4] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
    "vary",
];

/// An actual response (§3.4–§3.7): `response` is what `apply` made of the `handler`'s
/// headers for `request`. `Err` says what is wrong.
pub fn judge_actual(
    definition: &Definition,
    request: &HeaderMap,
    handler: &HeaderMap,
    response: &HeaderMap,
) -> Result<(), String> {
    let actual = Actual { handler, response };
    actual.only_cors_headers_changed()?;
    let origins = lines(request, "origin");
    if definition.allows_origin(&origins) {
        actual.allowed(definition, &origins)?;
    } else {
        actual.refused(&origins)?;
    }
    actual.varies_on_origin(definition)
}

/// A handler's headers, and the response `apply` made of them.
struct Actual<'a> {
    handler: &'a HeaderMap,
    response: &'a HeaderMap,
}

impl Actual<'_> {
    fn unchanged(&self, name: &str) -> bool {
        lines(self.handler, name) == lines(self.response, name)
    }

    fn shown(&self) -> Shown<'_> {
        Shown(self.response)
    }

    /// §3.4: nothing but the four is added or changed; a preflight's headers never; at
    /// most one `Access-Control-Allow-Origin`.
    fn only_cors_headers_changed(&self) -> Result<(), String> {
        let shown = self.shown();
        for name in self.handler.keys().chain(self.response.keys()) {
            ensure!(
                SET_BY_APPLY.contains(&name.as_str()) || self.unchanged(name.as_str()),
                "§3.4: `{name}` changed on an actual response ({:?} before): {shown}",
                show_lines(&lines(self.handler, name.as_str()))
            );
        }
        let acao = lines(self.response, "access-control-allow-origin");
        ensure!(
            acao.len() <= 1 || self.unchanged("access-control-allow-origin"),
            "§3.4: {} `Access-Control-Allow-Origin` lines: {shown}",
            acao.len()
        );
        Ok(())
    }

    /// §3.4, §3.6: a request whose `origins` the policy allows gets exactly their
    /// `Access-Control-Allow-Origin` (`*` for any), and the policy's credentials and
    /// exposed headers.
    fn allowed(&self, definition: &Definition, origins: &[&[u8]]) -> Result<(), String> {
        let shown = self.shown();
        let expected: &[u8] = match definition.origins {
            Origins::Any => b"*",
            // A listed policy allows exactly one `Origin` line.
            Origins::Listed(_) => origins[0],
        };
        ensure!(
            lines(self.response, "access-control-allow-origin") == [expected],
            "§3.4/§3.6: `Access-Control-Allow-Origin` should be exactly {:?}: {shown}",
            show(expected)
        );
        if definition.credentials {
            ensure!(
                lines(self.response, "access-control-allow-credentials") == [b"true"],
                "§3.4: `Access-Control-Allow-Credentials: true` missing: {shown}"
            );
        } else {
            ensure!(
                self.unchanged("access-control-allow-credentials"),
                "§3.4: credentials not allowed, yet `Access-Control-Allow-Credentials` set: {shown}"
            );
        }
        match definition.expose_value() {
            Some(value) => ensure!(
                lines(self.response, "access-control-expose-headers") == [value.as_bytes()],
                "§3.4: `Access-Control-Expose-Headers: {value}` expected: {shown}"
            ),
            None => ensure!(
                self.unchanged("access-control-expose-headers"),
                "§3.4: no expose_headers, yet `Access-Control-Expose-Headers` set: {shown}"
            ),
        }
        Ok(())
    }

    /// §3.5, §3.6: a refused origin's response keeps the handler's CORS headers as they were.
    fn refused(&self, origins: &[&[u8]]) -> Result<(), String> {
        let cors_lines = |map: &HeaderMap| -> Vec<(String, Vec<u8>)> {
            map.iter()
                .filter(|(name, _)| name.as_str().starts_with("access-control-"))
                .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
                .collect()
        };
        ensure!(
            cors_lines(self.response) == cors_lines(self.handler),
            "§3.5/§3.6: origin {:?} not allowed, yet CORS headers changed: {}",
            show_lines(origins),
            self.shown()
        );
        Ok(())
    }

    /// §3.7: `origin` appended to the handler's `Vary` once, unless it is `*` or already
    /// names it; nothing else of it changed.
    fn varies_on_origin(&self, definition: &Definition) -> Result<(), String> {
        let shown = self.shown();
        let handler_vary = lines(self.handler, "vary");
        let handler_tokens = vary_tokens(self.handler);
        let kept = !definition.varies_on_origin()
            || handler_tokens.iter().any(|t| t == "*" || t == "origin");
        if kept {
            ensure!(
                self.unchanged("vary"),
                "§3.7: `Vary` changed ({:?} before): {shown}",
                show_lines(&handler_vary)
            );
            return Ok(());
        }
        ensure!(
            lines(self.response, "vary").starts_with(&handler_vary),
            "§3.7: the handler's `Vary` {:?} not appended to: {shown}",
            show_lines(&handler_vary)
        );
        let tokens = vary_tokens(self.response);
        let origin_count = tokens.iter().filter(|t| *t == "origin").count();
        ensure!(
            origin_count == 1,
            "§3.7: `Vary` names `origin` {origin_count} times: {shown}"
        );
        let others = |tokens: &[String]| -> Vec<String> {
            tokens.iter().filter(|t| *t != "origin").cloned().collect()
        };
        ensure!(
            others(&tokens) == others(&handler_tokens),
            "§3.7: the handler's `Vary` {:?} not kept: {shown}",
            show_lines(&handler_vary)
        );
        Ok(())
    }
}

/// What a browser's page with `credentials` is meant to conclude of the answer to the
/// preflight `request`: `Ok` when it gets past it, `Err` with why not; `None` when SPEC
/// leaves the answer open.
pub fn intended_preflight_outcome(
    definition: &Definition,
    request: &HeaderMap,
    credentials: Credentials,
) -> Option<Result<(), String>> {
    match definition.preflight(request) {
        Verdict::Either(_) => None,
        Verdict::Refused(reason) => Some(Err(reason)),
        Verdict::Allowed if credentials == Credentials::Include && !definition.credentials => {
            Some(Err("the policy allows no credentials".to_owned()))
        }
        Verdict::Allowed => Some(Ok(())),
    }
}

/// Whether a page with `credentials` is meant to read the actual response to `request`:
/// its origin is allowed, and credentials are included only where the policy allows them.
pub fn intended_sharing(
    definition: &Definition,
    request: &HeaderMap,
    credentials: Credentials,
) -> bool {
    definition.allows_origin(&lines(request, "origin"))
        && (credentials == Credentials::Omit || definition.credentials)
}

/// The names of `response`'s headers that a page with `credentials`, reading it, is meant
/// to read: the CORS-safelisted response-header names and those the policy exposes.
pub fn intended_readable(
    definition: &Definition,
    response: &HeaderMap,
    credentials: Credentials,
) -> BTreeSet<String> {
    response
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| {
            fetch::is_cors_safelisted_response_header_name(name.as_bytes())
                || definition.exposes(name, credentials)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::Names;
    use http::HeaderValue;

    const APP: &str = "https://app.example.com";

    const LISTED: Definition = Definition {
        origins: Origins::Listed(&[APP]),
        methods: Names::Listed(&["PUT"]),
        expose: Names::Listed(&["x-request-id"]),
        ..Definition::DEFAULTS
    };

    fn map(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in lines {
            map.append(name, HeaderValue::from_static(value));
        }
        map
    }

    fn answer(status: StatusCode, lines: &[(&'static str, &'static str)]) -> Response<()> {
        let mut response = Response::new(());
        *response.status_mut() = status;
        *response.headers_mut() = map(lines);
        response
    }

    #[test]
    fn preflight_answers() {
        let request = map(&[("origin", APP), ("access-control-request-method", "PUT")]);
        let good = [
            ("access-control-allow-origin", APP),
            ("access-control-allow-methods", "PUT"),
            ("vary", "origin"),
        ];
        let judge =
            |status, lines: &[_]| judge_preflight(&LISTED, &request, &answer(status, lines));
        assert_eq!(judge(StatusCode::NO_CONTENT, &good), Ok(()));
        assert!(judge(StatusCode::FORBIDDEN, &good).is_err());
        assert!(
            judge(StatusCode::NO_CONTENT, &good[..2]).is_err(),
            "no Vary"
        );
        let star = [good[0], ("access-control-allow-methods", "*"), good[2]];
        assert_eq!(judge(StatusCode::NO_CONTENT, &star), Ok(()));
        let other = [good[0], ("access-control-allow-methods", "put"), good[2]];
        assert!(
            judge(StatusCode::NO_CONTENT, &other).is_err(),
            "methods are case-sensitive"
        );
        let refused = map(&[("origin", APP), ("access-control-request-method", "PATCH")]);
        let judge =
            |lines: &[_]| judge_preflight(&LISTED, &refused, &answer(StatusCode::FORBIDDEN, lines));
        assert_eq!(judge(&[("vary", "origin")]), Ok(()));
        assert!(judge(&good).is_err(), "a refusal with allow headers");
    }

    #[test]
    fn actual_responses() {
        let request = map(&[("origin", APP)]);
        let handler = map(&[("vary", "accept-encoding"), ("x-request-id", "1")]);
        let shared = map(&[
            ("vary", "accept-encoding"),
            ("vary", "origin"),
            ("x-request-id", "1"),
            ("access-control-allow-origin", APP),
            ("access-control-expose-headers", "x-request-id"),
        ]);
        assert_eq!(judge_actual(&LISTED, &request, &handler, &shared), Ok(()));
        let mut with_methods = shared.clone();
        with_methods.insert(
            "access-control-allow-methods",
            HeaderValue::from_static("PUT"),
        );
        assert!(judge_actual(&LISTED, &request, &handler, &with_methods).is_err());
        let mut replaced = shared.clone();
        replaced.insert("vary", HeaderValue::from_static("origin"));
        assert!(judge_actual(&LISTED, &request, &handler, &replaced).is_err());
        let other = map(&[("origin", "https://evil.example")]);
        assert!(judge_actual(&LISTED, &other, &handler, &shared).is_err());
        let mut varied = handler.clone();
        varied.append("vary", HeaderValue::from_static("origin"));
        assert_eq!(judge_actual(&LISTED, &other, &handler, &varied), Ok(()));
    }

    #[test]
    fn what_a_page_is_meant_to_get() {
        let request = map(&[("origin", APP), ("access-control-request-method", "PUT")]);
        assert_eq!(
            intended_preflight_outcome(&LISTED, &request, Credentials::Omit),
            Some(Ok(()))
        );
        assert!(matches!(
            intended_preflight_outcome(&LISTED, &request, Credentials::Include),
            Some(Err(_))
        ));
        assert!(intended_sharing(&LISTED, &request, Credentials::Omit));
        let response = map(&[
            ("content-type", "text/plain"),
            ("x-request-id", "1"),
            ("x-other", "2"),
            ("set-cookie", "a=1"),
        ]);
        let readable = intended_readable(&LISTED, &response, Credentials::Omit);
        assert_eq!(
            readable.into_iter().collect::<Vec<_>>(),
            ["content-type", "x-request-id"]
        );
    }
}
