//! One request to a policy and what the handler answered, and [`judge`]: run the real
//! `preflight` / `apply` on it, have the oracle (`cors-oracle`) judge the answer by what
//! SPEC §3 intends for the policy's definition ([`super::intended`]), check that the
//! browser model ([`super::browser`]) reaches the verdict the oracle intends, and compare
//! the loaded policy's answer with it. Shared by the property tests and the bypass corpus.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use cors_oracle::syntax::{lines, list_elements, show, Shown};
use cors_oracle::PrivateNetwork;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Method;

use super::browser::{self, BrowserRequest, Credentials};
use super::intended::Subject;
use super::twin::differential;

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

/// The oracle's name for a page's credentials mode.
fn credentials_mode(credentials: Credentials) -> cors_oracle::Credentials {
    match credentials {
        Credentials::Omit => cors_oracle::Credentials::Omit,
        Credentials::Include => cors_oracle::Credentials::Include,
    }
}

/// Runs `exchange` through the subject's policy, as a server does (`preflight`, then the
/// handler and `apply` when it is not a preflight), and checks the answer: the oracle's
/// judges (the classification of §3.1, the structure §3.2–§3.7 require), and that the
/// browser model reaches the verdict the oracle intends for the policy's definition. The
/// macro-built policy's answer is judged, and the loaded policy must answer byte for byte
/// the same (SPEC §6, [`differential`]). `Err` says what went wrong.
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
    let definition = &subject.definition;
    let answer = catch_unwind(AssertUnwindSafe(|| {
        subject.policy.built().preflight(&exchange.method, request)
    }))
    .map_err(|_| "`preflight` panicked".to_owned())?;
    cors_oracle::judge_classification(&exchange.method, request, answer.is_some())?;
    if let Some(response) = answer {
        cors_oracle::judge_preflight(definition, request, &response)?;
        return browser_judges_preflight(subject, exchange, request, &response);
    }
    let handler = exchange.handler_headers();
    let mut response = handler.clone();
    catch_unwind(AssertUnwindSafe(|| {
        subject
            .policy
            .built()
            .apply(&request.clone(), &mut response)
    }))
    .map_err(|_| "`apply` panicked".to_owned())?;
    cors_oracle::judge_actual(definition, request, &handler, &response)?;
    browser_judges_actual(subject, exchange, request, &response)
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
    let names: Vec<String> = list_elements(&lines(request, "access-control-request-headers"))
        .iter()
        .map(|name| String::from_utf8_lossy(name).to_ascii_lowercase())
        .collect();
    let mut page = BrowserRequest::new(origin, method)
        .with_unsafe_headers(&names)
        .with_credentials(exchange.credentials);
    if cors_oracle::private_network(request) == PrivateNetwork::Requested {
        page = page.targeting_private_network();
    }
    Some(page)
}

/// The browser's verdict on a preflight's answer is the one the oracle intends.
fn browser_judges_preflight(
    subject: &Subject,
    exchange: &Exchange,
    request: &HeaderMap,
    response: &http::Response<()>,
) -> Result<(), String> {
    let Some(page) = page_of_preflight(exchange, request) else {
        return Ok(());
    };
    let Some(intended) = cors_oracle::intended_preflight_outcome(
        &subject.definition,
        request,
        credentials_mode(exchange.credentials),
    ) else {
        return Ok(());
    };
    let shown = Shown(response.headers());
    match (browser::accepts_preflight(&page, response), intended) {
        (Ok(()), Err(reason)) => Err(format!(
            "a browser accepts the preflight, which the policy means to refuse ({reason}): {shown}"
        )),
        (Err(reason), Ok(())) => Err(format!(
            "a browser rejects the preflight the policy means to allow: {reason}: {shown}"
        )),
        _ => Ok(()),
    }
}

/// The browser's verdict on an actual response, and what a page may read of it, are the
/// ones the oracle intends.
fn browser_judges_actual(
    subject: &Subject,
    exchange: &Exchange,
    request: &HeaderMap,
    response: &HeaderMap,
) -> Result<(), String> {
    let [origin] = lines(request, "origin")[..] else {
        return Ok(());
    };
    let definition = &subject.definition;
    let credentials = credentials_mode(exchange.credentials);
    let shown = Shown(response);
    let page = BrowserRequest::new(origin, exchange.method.as_str())
        .with_credentials(exchange.credentials);
    let verdict = browser::cors_check(&page, response);
    match (
        &verdict,
        cors_oracle::intended_sharing(definition, request, credentials),
    ) {
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
        let readable = browser::readable_response_headers(&page, response);
        let intended = cors_oracle::intended_readable(definition, response, credentials);
        if readable != intended {
            return Err(format!(
                "a page may read {readable:?}, the policy means {intended:?}: {shown}"
            ));
        }
    }
    Ok(())
}
