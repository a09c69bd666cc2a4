//! One request to a policy and what the handler answered, and [`judge`]: run the real
//! `preflight` / `apply` on it and check the answer against what SPEC §3 intends for the
//! policy's definition ([`super::intended`]) and against the browser model
//! ([`super::browser`]), and compare the loaded policy's answer with it. Shared by the
//! property tests and the bypass corpus.

use std::collections::BTreeSet;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};

use super::browser::{self, BrowserRequest, Credentials, CORS_SAFELISTED_RESPONSE_HEADER_NAMES};
use super::intended::{lossy_lines, trim_ows, Names, Origins, Subject};
use super::twin::differential;
use super::vary_tokens;

/// A request (method and header lines, in order), the credentials mode of the page that
/// made it, and the headers the handler puts on its response.
#[derive(Clone)]
pub struct Exchange {
    pub method: Method,
    pub request: Vec<(HeaderName, Vec<u8>)>,
    pub credentials: Credentials,
    pub handler: Vec<(HeaderName, Vec<u8>)>,
}

impl Exchange {
    /// A request with `method` and no header, from a page omitting credentials, whose
    /// handler sets nothing.
    pub fn new(method: &str) -> Self {
        Self {
            method: Method::from_bytes(method.as_bytes()).expect("a method"),
            request: Vec::new(),
            credentials: Credentials::Omit,
            handler: Vec::new(),
        }
    }

    /// Appends a request header line.
    pub fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Self {
        self.request.push((name_of(name), value.as_ref().to_vec()));
        self
    }

    /// The page includes credentials.
    pub fn include_credentials(mut self) -> Self {
        self.credentials = Credentials::Include;
        self
    }

    /// Appends a header line to the handler's response.
    pub fn handler_header(mut self, name: &str, value: impl AsRef<[u8]>) -> Self {
        self.handler.push((name_of(name), value.as_ref().to_vec()));
        self
    }

    pub fn request_headers(&self) -> HeaderMap {
        map_of(&self.request)
    }

    pub fn handler_headers(&self) -> HeaderMap {
        map_of(&self.handler)
    }
}

fn name_of(name: &str) -> HeaderName {
    HeaderName::from_bytes(name.as_bytes()).expect("a header name")
}

fn map_of(lines: &[(HeaderName, Vec<u8>)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(
            name.clone(),
            HeaderValue::from_bytes(value).expect("bytes a header value can carry"),
        );
    }
    map
}

/// A value for messages: the text, with bytes that are not printable ASCII escaped, and
/// long values shortened.
pub fn show(bytes: &[u8]) -> String {
    let mut text = String::new();
    for &byte in bytes.iter().take(120) {
        if (0x20..0x7f).contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    if bytes.len() > 120 {
        text.push_str(&format!("…({} bytes)", bytes.len()));
    }
    text
}

fn show_lines(f: &mut fmt::Formatter<'_>, lines: &[(HeaderName, Vec<u8>)]) -> fmt::Result {
    for (index, (name, value)) in lines.iter().enumerate() {
        if index == 40 {
            return write!(f, " …({} lines)", lines.len());
        }
        write!(f, " [{name}: {}]", show(value))?;
    }
    Ok(())
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}:", self.method, self.credentials)?;
        show_lines(f, &self.request)?;
        if !self.handler.is_empty() {
            write!(f, " / handler:")?;
            show_lines(f, &self.handler)?;
        }
        Ok(())
    }
}

fn show_map(map: &HeaderMap) -> String {
    map.iter()
        .map(|(name, value)| format!("[{name}: {}]", show(value.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A header map rendered for a message when displayed (so only on failure).
struct Shown<'a>(&'a HeaderMap);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show_map(self.0))
    }
}

fn lines<'a>(map: &'a HeaderMap, name: &str) -> Vec<&'a [u8]> {
    map.get_all(name)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect()
}

fn cors_lines(map: &HeaderMap) -> Vec<(String, Vec<u8>)> {
    map.iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect()
}

/// `Err` with the message when the condition does not hold.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(format!($($message)+));
        }
    };
}

/// Runs `exchange` through the subject's policy, as a server does (`preflight`, then the
/// handler and `apply` when it is not a preflight), and checks the answer: the
/// classification of §3.1, the structure §3.2–§3.7 require, and that the browser model
/// reaches the verdict the policy's definition intends. The macro-built policy's answer
/// is judged, and the loaded policy must answer byte for byte the same (SPEC §6,
/// [`differential`]). `Err` says what went wrong.
pub fn judge(subject: &Subject, exchange: &Exchange) -> Result<(), String> {
    let request = exchange.request_headers();
    judge_built(subject, exchange, &request)?;
    differential(
        subject.policy,
        &exchange.method,
        &request,
        &exchange.handler_headers(),
    )
}

fn judge_built(subject: &Subject, exchange: &Exchange, request: &HeaderMap) -> Result<(), String> {
    let is_preflight = exchange.method == Method::OPTIONS
        && request.contains_key("origin")
        && request.contains_key("access-control-request-method");
    let answer = catch_unwind(AssertUnwindSafe(|| {
        subject.policy.built().preflight(&exchange.method, request)
    }))
    .map_err(|_| "`preflight` panicked".to_owned())?;
    match (is_preflight, answer) {
        (true, Some(response)) => judge_preflight(subject, exchange, request, &response),
        (true, None) => Err("a preflight (§3.1) was not answered as one".to_owned()),
        (false, Some(response)) => Err(format!(
            "not a preflight (§3.1), yet answered as one: {response:?}"
        )),
        (false, None) => judge_actual(subject, exchange, request),
    }
}

/// The page's side of a preflight: its origin, method, the names it asked for (as the
/// browser would list them, lowercase; elements that are not names kept, so that a
/// response covering them can be judged), credentials and private network. `None` when
/// no browser would send the request (not exactly one `Origin` or one method line).
fn page_of_preflight(exchange: &Exchange, request: &HeaderMap) -> Option<BrowserRequest> {
    let [origin] = lines(request, "origin")[..] else {
        return None;
    };
    let [method] = lines(request, "access-control-request-method")[..] else {
        return None;
    };
    let names: Vec<String> = lines(request, "access-control-request-headers")
        .iter()
        .flat_map(|line| line.split(|&b| b == b','))
        .map(trim_ows)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).to_ascii_lowercase())
        .collect();
    let mut page = BrowserRequest::new(origin, method)
        .with_unsafe_headers(&names)
        .with_credentials(exchange.credentials);
    if super::intended::requests_private_network(request) {
        page = page.targeting_private_network();
    }
    Some(page)
}

fn judge_preflight(
    subject: &Subject,
    exchange: &Exchange,
    request: &HeaderMap,
    response: &http::Response<()>,
) -> Result<(), String> {
    let definition = &subject.definition;
    let intended = definition.preflight(request);
    let headers = response.headers();
    let shown = Shown(headers);
    let status = response.status();

    // §3.7 on every preflight, allowed or refused.
    if definition.varies_on_origin() {
        let origin_count = vary_tokens(headers)
            .iter()
            .filter(|t| *t == "origin")
            .count();
        ensure!(
            origin_count == 1,
            "§3.7: `Vary` names `origin` {origin_count} times: {shown}"
        );
    }
    let tokens = vary_tokens(headers);
    let unique: BTreeSet<&String> = tokens.iter().collect();
    ensure!(
        unique.len() == tokens.len(),
        "§3.7: `Vary` repeats a token: {shown}"
    );

    match &intended {
        Err(reason) => {
            ensure!(
                status == StatusCode::FORBIDDEN,
                "§3.3: refused ({reason}) but answered {status}: {shown}"
            );
            let leaked: Vec<&str> = headers
                .keys()
                .map(HeaderName::as_str)
                .filter(|name| {
                    name.starts_with("access-control-allow-") || *name == "access-control-max-age"
                })
                .collect();
            ensure!(
                leaked.is_empty(),
                "§3.3: refused ({reason}) but sent {leaked:?}: {shown}"
            );
        }
        Ok(()) => {
            ensure!(
                status == StatusCode::NO_CONTENT,
                "§3.2: allowed but answered {status}: {shown}"
            );
            let acao = lines(headers, "access-control-allow-origin");
            let expected_acao: &[u8] = match definition.origins {
                Origins::Any => b"*",
                Origins::Listed(_) => lines(request, "origin")[0],
            };
            ensure!(
                acao == [expected_acao],
                "§3.2: `Access-Control-Allow-Origin` should be exactly {:?}: {shown}",
                show(expected_acao)
            );
            let acac = lines(headers, "access-control-allow-credentials");
            if definition.credentials {
                ensure!(
                    acac == [b"true"],
                    "§3.2: `Access-Control-Allow-Credentials: true` missing: {shown}"
                );
            } else {
                ensure!(
                    acac.is_empty(),
                    "§3.2: credentials not allowed, yet `Access-Control-Allow-Credentials`: {shown}"
                );
            }
            let acma = lines(headers, "access-control-max-age");
            match definition.max_age_value() {
                Some(value) => ensure!(
                    acma == [value.as_bytes()],
                    "§3.2: `Access-Control-Max-Age: {value}` expected: {shown}"
                ),
                None => ensure!(
                    acma.is_empty(),
                    "§3.2: no max_age, yet `Access-Control-Max-Age`: {shown}"
                ),
            }
            let acapn = lines(headers, "access-control-allow-private-network");
            if super::intended::requests_private_network(request) {
                ensure!(
                    acapn == [b"true"],
                    "§3.2: `Access-Control-Allow-Private-Network: true` missing: {shown}"
                );
            } else {
                ensure!(
                    acapn.is_empty(),
                    "§3.2: private network not requested, yet ACAPN: {shown}"
                );
            }
            // §3.7: what was echoed is named in Vary.
            if definition.credentials {
                if matches!(definition.methods, Names::Any) {
                    ensure!(
                        tokens.iter().any(|t| t == "access-control-request-method"),
                        "§3.7: the echoed method's header is not in `Vary`: {shown}"
                    );
                }
                if matches!(definition.headers, Names::Any)
                    && request.contains_key("access-control-request-headers")
                {
                    ensure!(
                        tokens.iter().any(|t| t == "access-control-request-headers"),
                        "§3.7: the echoed request headers' header is not in `Vary`: {shown}"
                    );
                }
            }
        }
    }

    // The browser's verdict is the one intended.
    if let Some(page) = page_of_preflight(exchange, request) {
        let verdict = browser::accepts_preflight(&page, response);
        let intended_pass = intended.is_ok()
            && (exchange.credentials == Credentials::Omit || definition.credentials);
        match (&verdict, intended_pass) {
            (Ok(()), false) => {
                return Err(format!(
                "a browser accepts the preflight, which the policy means to refuse ({}): {shown}",
                match &intended {
                    Err(reason) => reason.clone(),
                    Ok(()) => "the policy allows no credentials".to_owned(),
                }
            ))
            }
            (Err(reason), true) => {
                return Err(format!(
                    "a browser rejects the preflight the policy means to allow: {reason}: {shown}"
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

fn judge_actual(subject: &Subject, exchange: &Exchange, request: &HeaderMap) -> Result<(), String> {
    let definition = &subject.definition;
    let handler = exchange.handler_headers();
    let mut response = handler.clone();
    catch_unwind(AssertUnwindSafe(|| {
        subject
            .policy
            .built()
            .apply(&request.clone(), &mut response)
    }))
    .map_err(|_| "`apply` panicked".to_owned())?;
    let shown = Shown(&response);

    // §3.4: never a preflight's headers on an actual response.
    for name in [
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-max-age",
        "access-control-allow-private-network",
    ] {
        ensure!(
            lines(&response, name) == lines(&handler, name),
            "§3.4: `{name}` added to an actual response: {shown}"
        );
    }
    let acao = lines(&response, "access-control-allow-origin");
    ensure!(
        acao.len() <= 1,
        "§3.4: {} `Access-Control-Allow-Origin` lines: {shown}",
        acao.len()
    );

    let origins = lines(request, "origin");
    let granted = match definition.origins {
        Origins::Any => true,
        Origins::Listed(_) => !origins.is_empty() && definition.allows_origin(&origins),
    };
    if granted {
        let expected: &[u8] = match definition.origins {
            Origins::Any => b"*",
            Origins::Listed(_) => origins[0],
        };
        ensure!(
            acao == [expected],
            "§3.4/§3.6: `Access-Control-Allow-Origin` should be exactly {:?}: {shown}",
            show(expected)
        );
        let acac = lines(&response, "access-control-allow-credentials");
        if definition.credentials {
            ensure!(
                acac == [b"true"],
                "§3.4: `Access-Control-Allow-Credentials: true` missing: {shown}"
            );
        } else {
            ensure!(
                acac.is_empty(),
                "§3.4: credentials not allowed, yet `Access-Control-Allow-Credentials`: {shown}"
            );
        }
        let aceh = lines(&response, "access-control-expose-headers");
        ensure!(
            aceh.is_empty() == matches!(definition.expose, Names::Unset),
            "§3.4: `Access-Control-Expose-Headers` iff configured: {shown}"
        );
    } else {
        ensure!(
            cors_lines(&response) == cors_lines(&handler),
            "§3.5/§3.6: origin {:?} not allowed, yet CORS headers changed: {shown}",
            lossy_lines(&origins)
        );
    }

    // §3.7 Vary.
    let handler_vary = lines(&handler, "vary");
    let response_vary = lines(&response, "vary");
    let handler_tokens = vary_tokens(&handler);
    if !definition.varies_on_origin() || handler_tokens.iter().any(|t| t == "*") {
        ensure!(
            response_vary == handler_vary,
            "§3.7: `Vary` changed ({:?} before): {shown}",
            lossy_lines(&handler_vary)
        );
    } else {
        let tokens = vary_tokens(&response);
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
            lossy_lines(&handler_vary)
        );
    }

    // The browser's verdict, and what a page may read, are the ones intended.
    if let [origin] = origins[..] {
        let page = BrowserRequest::new(origin, exchange.method.as_str())
            .with_credentials(exchange.credentials);
        let verdict = browser::cors_check(&page, &response);
        let intended_pass =
            granted && (exchange.credentials == Credentials::Omit || definition.credentials);
        match (&verdict, intended_pass) {
            (Ok(()), false) => {
                return Err(format!(
                    "a browser lets the page read the response, which the policy means to hide: {shown}"
                ))
            }
            (Err(reason), true) => {
                return Err(format!(
                    "a browser hides the response the policy means to share: {reason}: {shown}"
                ))
            }
            _ => {}
        }
        if verdict.is_ok() {
            let readable = browser::readable_response_headers(&page, &response);
            let intended_readable: BTreeSet<String> = response
                .keys()
                .map(|name| name.as_str().to_owned())
                .filter(|name| {
                    CORS_SAFELISTED_RESPONSE_HEADER_NAMES.contains(&name.as_str())
                        || definition.exposes(name, exchange.credentials)
                })
                .collect();
            ensure!(
                readable == intended_readable,
                "a page may read {readable:?}, the policy means {intended_readable:?}: {shown}"
            );
        }
    }
    Ok(())
}
