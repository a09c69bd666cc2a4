//! `cors-check`: a CORS policy file on the command line (SPEC §7). This library does the
//! work; the `cors-check` binary parses its arguments and prints.
//!
//! Two questions: is a policy file valid ([`load`], the same rules and words as
//! `CorsPolicy::from_file`), and what does a browser do when a page calls `fetch` on a
//! server answering with that policy ([`explain`]): whether it sends a preflight and why,
//! what the policy answers (from the real [`CorsPolicy::preflight`] and
//! [`CorsPolicy::apply`]), the verdict, and when the call is blocked, the key to change
//! and where it is written.
//!
//! ```
//! use cors_check::{explain, Fetch};
//!
//! // [server.cors] with allow_methods = ["GET", "POST"], among other keys.
//! let policy = cors_check::load("examples/nexus.toml").expect("a valid policy");
//! let fetch = Fetch::new("https://app.example.com").method("put");
//! let explanation = explain(&policy, &fetch).expect("a call a page can make");
//! assert!(!explanation.allowed);
//! assert_eq!(
//!     explanation.headline,
//!     r#"blocked: method "PUT" is not in allow_methods (examples/nexus.toml:14:17)"#
//! );
//! assert_eq!(
//!     explanation.fix.as_deref(),
//!     Some(r#"To allow it: add "PUT" to allow_methods (examples/nexus.toml:14:17)."#)
//! );
//! ```
//!
//! The browser's side is [`browser`], a model of the Fetch standard's CORS steps.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;

use std::ffi::OsStr;
use std::fmt::{self, Write as _};
use std::path::Path;

use anstyle::{AnsiColor, Style};
use cors_config::{Allow, Location};
use cors_runtime::{CorsPolicy, PolicyError, Refusal};
use http::header::{HeaderMap, HeaderValue};
use http::{Method, StatusCode};

use browser::{escape, escape_controls, BrowserRequest, Credentials, Failure, NotAHeaderValue};

/// A policy loaded from a file as `CorsPolicy::from_file` loads it, with what its TOML
/// says (each key's value and place), to name the key to change.
pub struct Policy {
    runtime: CorsPolicy,
    config: cors_config::Policy,
}

/// Loads and checks a policy file exactly as `CorsPolicy::from_file` does (the same
/// diagnostics, located as `PATH:LINE:COLUMN`, PATH as given and shown as
/// [`Path::display`] shows it). Any path the system takes will do, UTF-8 or not.
pub fn load(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
    let (runtime, config) = CorsPolicy::__load_file(path.as_ref())?;
    Ok(Policy { runtime, config })
}

impl Policy {
    /// A policy from TOML text, as `CorsPolicy::from_toml` loads it: diagnostics and
    /// places are located as `<toml>:LINE:COLUMN`.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let (runtime, config) = CorsPolicy::__load_toml(text)?;
        Ok(Policy { runtime, config })
    }

    /// The runtime policy, as a server would load it.
    pub fn runtime(&self) -> &CorsPolicy {
        &self.runtime
    }

    /// What the TOML says: each key's normalized value and where it is written.
    pub fn config(&self) -> &cors_config::Policy {
        &self.config
    }

    fn place(&self, key: &str) -> Option<&Location> {
        self.config.places.of(key)
    }

    /// `key (FILE:LINE:COLUMN)` when written, else how to add it.
    fn set_key(&self, key: &str, value: &str) -> String {
        match self.place(key) {
            Some(place) => format!("set {key} = {value} ({place})"),
            None => format!("add {key} = {value} {}", self.table()),
        }
    }

    /// Where a key that is not written goes.
    fn table(&self) -> String {
        match &self.config.places.server_cors {
            Some(table) => format!("to [server.cors] ({table})"),
            None => format!("at the top of {}", self.config.places.source_name),
        }
    }

    fn add_to_list(&self, key: &str, entry: &str) -> String {
        match self.place(key) {
            Some(place) => format!("add \"{entry}\" to {key} ({place})"),
            None => format!("add {key} = [\"{entry}\"] {}", self.table()),
        }
    }
}

/// A call a page makes: `fetch(url, { method, headers, credentials })` from `origin`.
#[derive(Clone, Debug, Default)]
pub struct Fetch {
    /// The page's origin, `null` or a serialized origin.
    pub origin: String,
    /// The method as the page writes it (`post`); normalized as `fetch` does.
    pub method: String,
    /// The headers the page sets, in order.
    pub headers: Vec<(String, String)>,
    /// `credentials: 'include'`.
    pub credentials: bool,
    /// The server is on a more private network than the page (Private Network Access).
    pub private_network: bool,
}

impl Fetch {
    /// A `GET` from `origin`, no headers, credentials omitted.
    pub fn new(origin: impl Into<String>) -> Fetch {
        Fetch {
            origin: origin.into(),
            method: "GET".to_owned(),
            ..Fetch::default()
        }
    }

    /// The method, as the page writes it.
    pub fn method(mut self, method: impl Into<String>) -> Fetch {
        self.method = method.into();
        self
    }

    /// One more header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Fetch {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `credentials: 'include'`.
    pub fn include_credentials(mut self) -> Fetch {
        self.credentials = true;
        self
    }

    /// A private-network request.
    pub fn private_network(mut self) -> Fetch {
        self.private_network = true;
        self
    }
}

/// A request no page can make: `fetch()` throws a `TypeError` (or the origin is not one a
/// browser sends). The message says what a page would write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Checks that `origin` is what a browser sends in `Origin`: `null` (an opaque origin) or
/// a serialized origin; otherwise says why not and what a browser would send.
pub fn check_origin(origin: &str) -> Result<(), UsageError> {
    if origin == "null" {
        return Ok(());
    }
    // What cors-config says may quote the origin, control characters and all.
    let fail = |why: String| {
        Err(UsageError(format!(
            "--origin {} is not an origin a browser sends: {}",
            quote(origin),
            escape_controls(&why)
        )))
    };
    match cors_config::check_origin(origin) {
        Ok(parsed) if parsed.is_pattern() => fail(
            "it is a pattern; a browser sends one origin, such as \"https://app.example.com\""
                .to_owned(),
        ),
        Ok(_) if origin.contains("{{") => {
            fail("write the origin itself, not a variable".to_owned())
        }
        Ok(_) => Ok(()),
        Err(rejected) => {
            let why = rejected.why;
            if origin.eq_ignore_ascii_case("null") {
                return fail(format!("{why}; a browser writes it \"null\""));
            }
            if why.contains("opaque") {
                return fail(format!("it {why}; use --origin null"));
            }
            match (rejected.fix, rejected.entries.first()) {
                (Some(fix), _) => fail(format!("it {why}; a browser would send \"{fix}\"")),
                (None, Some(first)) => fail(format!(
                    "it {why}; a browser sends one origin, such as \"{first}\""
                )),
                (None, None) => fail(format!("it {why}; {}", rejected.advice)),
            }
        }
    }
}

/// Splits a `-H 'NAME: VALUE'` argument as curl does: the name before the first `:`, the
/// value after it with surrounding whitespace removed. What [`explain`] then finds wrong
/// with the name or the value is its usage error.
pub fn parse_header(argument: &str) -> Result<(String, String), UsageError> {
    let Some((name, value)) = argument.split_once(':') else {
        return Err(UsageError(format!(
            "-H {} is not a header: write it as 'NAME: VALUE', as in \
             -H 'Content-Type: application/json'",
            quote(argument)
        )));
    };
    let value = String::from_utf8_lossy(browser::trim_http_whitespace(value.as_bytes()));
    Ok((name.trim().to_owned(), value.into_owned()))
}

/// A command-line argument as text: `Err` naming `flag` (`--origin`, `-X`, `-H`) when it
/// is not UTF-8, as a file name may be but an origin, a method or a header the page's
/// script writes is not.
pub fn text_argument<'a>(flag: &str, argument: &'a OsStr) -> Result<&'a str, UsageError> {
    argument.to_str().ok_or_else(|| {
        let how = match flag {
            "--origin" => {
                "an origin is ASCII, as the page's location.origin shows it (an \
                 internationalized host in its xn-- form), as in --origin https://app.example.com"
            }
            "-X" => "a method is a token, as in -X PUT",
            "-H" => {
                "cors-check reads a header as UTF-8 text, as the page's script writes it; \
                 write it in UTF-8, as in -H 'X-Name: é'"
            }
            _ => "write it in UTF-8",
        };
        UsageError(format!(
            "{flag} {} is not UTF-8 text: {how}",
            quote_os(argument)
        ))
    })
}

/// What a user typed, quoted for a message: escaped as [`browser`] escapes it, and cut
/// short when it is long, with its length.
fn quote(text: &str) -> String {
    quote_pieces(text.chars().map(Ok), text.len())
}

/// [`quote`] for an argument that is not UTF-8: on Unix, each byte that is not part of a
/// character is written `\xHH`.
fn quote_os(argument: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let bytes = argument.as_bytes();
        let pieces = bytes.utf8_chunks().flat_map(|chunk| {
            let invalid = chunk.invalid().iter().map(|&byte| Err(byte));
            chunk.valid().chars().map(Ok).chain(invalid)
        });
        quote_pieces(pieces, bytes.len())
    }
    #[cfg(not(unix))]
    {
        quote(&argument.to_string_lossy())
    }
}

/// Characters (`Ok`) and bytes that are not part of one (`Err`), quoted; after 64, `…`
/// and the length, `len` bytes.
fn quote_pieces(pieces: impl Iterator<Item = Result<char, u8>>, len: usize) -> String {
    const SHOWN: usize = 64;
    let mut out = String::from("\"");
    for (index, piece) in pieces.enumerate() {
        if index == SHOWN {
            return format!("{out}…\" ({len} bytes)");
        }
        match piece {
            Ok(c) => out.push_str(&escape(c.encode_utf8(&mut [0; 4]))),
            Err(byte) => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push('"');
    out
}

/// What a browser does with a [`Fetch`] on a server answering with a [`Policy`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Whether the page gets the response.
    pub allowed: bool,
    /// `allowed`, or `blocked: REASON`.
    pub headline: String,
    /// The steps: a title and its lines, in order.
    pub steps: Vec<Step>,
    /// When blocked: the change that would allow it, or why no policy should. For an
    /// origin the policy does not allow but a server's resolver would be asked about
    /// (`CorsLayer::allow_origin_if`, `allow_origin_async`), a second line says that such
    /// a server may still allow it.
    pub fix: Option<String>,
}

/// One step of an [`Explanation`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the step is (`Preflight`, `Answer`, …).
    pub title: &'static str,
    /// What happens in it, one sentence or header line each.
    pub lines: Vec<String>,
}

impl Explanation {
    /// The explanation as `cors-check` prints it, with ANSI styles when `styled` (a
    /// terminal strips nothing; `anstream` strips them when it is not one).
    pub fn render(&self, styled: bool) -> String {
        let style = |style: Style| if styled { style } else { Style::new() };
        let color = if self.allowed {
            AnsiColor::Green
        } else {
            AnsiColor::Red
        };
        let verdict = style(Style::new().bold().fg_color(Some(color.into())));
        let title = style(Style::new().bold());
        let mut out = String::new();
        let _ = writeln!(out, "{verdict}{}{verdict:#}", self.headline);
        for step in &self.steps {
            let _ = writeln!(out);
            let _ = writeln!(out, "{title}{}{title:#}", step.title);
            for line in &step.lines {
                match line.is_empty() {
                    true => out.push('\n'),
                    false => {
                        let _ = writeln!(out, "  {line}");
                    }
                }
            }
        }
        if let Some(fix) = &self.fix {
            let _ = writeln!(out);
            for line in fix.lines() {
                let _ = writeln!(out, "{title}{line}{title:#}");
            }
        }
        out
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Bytes as text, with what a terminal would act on escaped: a page may send control
/// bytes in a header value (all but NUL, CR and LF).
fn show(bytes: &[u8]) -> String {
    escape_controls(&String::from_utf8_lossy(bytes))
}

fn header_lines(map: &HeaderMap) -> Vec<String> {
    if map.is_empty() {
        return vec!["(no headers)".to_owned()];
    }
    map.iter()
        .map(|(name, value)| format!("{name}: {}", show(value.as_bytes())))
        .collect()
}

/// Why `text` is not a token (RFC 9110 §5.6.2), quoting its first character that is not
/// a `tchar`; `None` when it is one.
fn not_a_token(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("it is empty".to_owned());
    }
    let c = text
        .chars()
        .find(|&c| !c.is_ascii() || !browser::is_token(&[c as u8]))?;
    let what = match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\r' | '\n' => "a line break".to_owned(),
        c => quote(c.encode_utf8(&mut [0; 4])),
    };
    Some(format!("it contains {what}"))
}

/// A request header no header can carry, as the usage error of the flag that gave it.
fn unsendable(error: NotAHeaderValue) -> UsageError {
    let flag = match error.header {
        "origin" => "--origin",
        "access-control-request-method" => "-X",
        _ => "-H",
    };
    UsageError(format!("{flag}: {error}"))
}

/// The CORS headers of a response (and its `Vary`).
fn cors_lines(map: &HeaderMap) -> Vec<String> {
    let mut cors = HeaderMap::new();
    for (name, value) in map {
        if name.as_str().starts_with("access-control-") || name == http::header::VARY {
            cors.append(name.clone(), value.clone());
        }
    }
    if cors.is_empty() {
        return vec!["(no CORS headers)".to_owned()];
    }
    header_lines(&cors)
}

/// What a browser does when a page from `fetch.origin` calls `fetch` on a server that
/// answers with `policy`. `Err` for a call no page can make (`fetch()` throws).
///
/// The steps, in the order a browser takes them: the `Request` constructor (the method,
/// then the headers), whether a preflight is sent and what the policy answers it, then
/// the actual request and the CORS check of its response.
pub fn explain(policy: &Policy, fetch: &Fetch) -> Result<Explanation, UsageError> {
    check_origin(&fetch.origin)?;
    let (method, http_method) = normalized_method(fetch)?;
    let method_text = show(&method);
    let mut call = described_call(fetch, &method, &method_text);
    if browser::is_forbidden_method(&method) {
        return Ok(forbidden_method(call, &method_text));
    }
    let list = header_list(fetch, &mut call)?;
    let mut steps = vec![Step {
        title: "Request",
        lines: call,
    }];
    let borrowed: Vec<(&str, &[u8])> = list
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_slice()))
        .collect();
    let unsafe_headers = browser::cors_unsafe_request_headers(&borrowed);
    let unsafe_names: Vec<&str> = unsafe_headers.iter().map(|h| h.name.as_str()).collect();
    let mut page = BrowserRequest::new(fetch.origin.as_bytes(), &method)
        .with_unsafe_headers(&unsafe_names)
        .with_credentials(if fetch.credentials {
            Credentials::Include
        } else {
            Credentials::Omit
        });
    if fetch.private_network {
        page = page.targeting_private_network();
    }
    // The origin was checked (`check_origin`), the method and the names are tokens: every
    // header below can carry them. Were one not to, it is the usage error of its flag.
    let request = page.actual_headers().map_err(unsendable)?;

    if page.needs_preflight() {
        let sent = Preflighted {
            page: &page,
            method_text: &method_text,
            unsafe_headers: &unsafe_headers,
        };
        if let Some(blocked) = sent.explain(policy, fetch, &mut steps)? {
            return Ok(blocked);
        }
    } else {
        steps.push(Step {
            title: "Preflight",
            lines: vec![
                "none: the method is CORS-safelisted and so is every header, so the browser \
                 sends the request as it is (and nothing is cached: max_age does not apply)."
                    .to_owned(),
            ],
        });
    }
    Ok(actual_request(
        policy,
        fetch,
        &page,
        (&http_method, &request),
        steps,
    ))
}

/// The `Request` constructor's "normalize a method": the method as sent, and as the
/// `http` crate's type. A method that is not a token throws.
fn normalized_method(fetch: &Fetch) -> Result<(Vec<u8>, Method), UsageError> {
    if let Some(why) = not_a_token(&fetch.method) {
        return Err(UsageError(format!(
            "-X {} is not a method: {why}, and a method is a token (letters, digits and \
             !#$%&'*+-.^_`|~), as in -X PUT; fetch() would throw a TypeError",
            quote(&fetch.method)
        )));
    }
    let method = browser::normalize_method(fetch.method.as_bytes());
    // `http` takes every token as a method (its table is RFC 9110's tchar); a method it
    // refused would still be a usage error, not a panic.
    let Ok(http_method) = Method::from_bytes(&method) else {
        return Err(UsageError(format!(
            "-X {} is not a method a request can carry; write a token, as in -X PUT",
            quote(&fetch.method)
        )));
    };
    Ok((method, http_method))
}

/// The "Request" step's first lines: the call as the page writes it, and what the
/// browser makes of its method and origin.
fn described_call(fetch: &Fetch, method: &[u8], method_text: &str) -> Vec<String> {
    let headers = if fetch.headers.is_empty() {
        String::new()
    } else {
        let headers: Vec<String> = fetch
            .headers
            .iter()
            .map(|(name, value)| format!("\"{}\": \"{}\"", escape(name), escape(value)))
            .collect();
        format!(", headers: {{ {} }}", headers.join(", "))
    };
    let credentials = if fetch.credentials {
        ", credentials: \"include\""
    } else {
        ""
    };
    let network = if fetch.private_network {
        " on a server in a more private network than the page's"
    } else {
        ""
    };
    let mut call = vec![format!(
        "A page at {} calls fetch(url, {{ method: \"{method_text}\"{headers}{credentials} }}){network}.",
        fetch.origin,
    )];
    if method != fetch.method.as_bytes() {
        call.push(format!(
            "fetch() sends the method \"{}\" as \"{method_text}\" (it upper-cases DELETE, GET, \
             HEAD, OPTIONS, POST and PUT in any case).",
            fetch.method
        ));
    }
    if fetch.origin == "null" {
        call.push(
            "Its origin is opaque (a sandboxed frame, a file: page), so it sends Origin: null."
                .to_owned(),
        );
    }
    call
}

/// A forbidden method: `fetch()` throws before anything is sent, whatever the policy.
fn forbidden_method(call: Vec<String>, method_text: &str) -> Explanation {
    Explanation {
        allowed: false,
        headline: format!(
            "blocked: \"{method_text}\" is a forbidden method, which fetch() refuses \
             before sending any request"
        ),
        steps: vec![Step {
            title: "Request",
            lines: call,
        }],
        fix: Some(
            "No policy can allow it: browsers never send CONNECT, TRACE or TRACK \
             (fetch() throws a TypeError), and allow_methods cannot list them."
                .to_owned(),
        ),
    }
}

/// The page's header list, as `headers.append` makes it: each value normalized, then a
/// name that is not a header name or a value that is not a header value throws, and a
/// forbidden request-header is dropped silently (said in `call`).
fn header_list(
    fetch: &Fetch,
    call: &mut Vec<String>,
) -> Result<Vec<(String, Vec<u8>)>, UsageError> {
    let mut list = Vec::new();
    for (name, value) in &fetch.headers {
        // The value is normalized: HTTP whitespace trimmed from both ends.
        let value = value.trim_matches([' ', '\t', '\r', '\n']);
        let argument = if value.is_empty() {
            quote(&format!("{name}:"))
        } else {
            quote(&format!("{name}: {value}"))
        };
        if name.is_empty() {
            return Err(UsageError(format!(
                "-H {argument}: the header has no name; write it as 'NAME: VALUE', as in \
                 -H 'X-Custom: 1'"
            )));
        }
        if let Some(why) = not_a_token(name) {
            return Err(UsageError(format!(
                "-H {argument}: {} is not a header name: {why}, and a name is a token \
                 (letters, digits and !#$%&'*+-.^_`|~), as in -H 'X-Custom: 1'; fetch() \
                 would throw a TypeError",
                quote(name)
            )));
        }
        let lower = name.to_ascii_lowercase();
        if value.contains(['\r', '\n']) {
            return Err(UsageError(format!(
                "-H {argument}: the header `{lower}`'s value contains a line break (CR or \
                 LF), which no browser sends (fetch() throws a TypeError); write the value on \
                 one line, or repeat -H to send the header once per value"
            )));
        }
        if value.contains('\0') {
            return Err(UsageError(format!(
                "-H {argument}: the header `{lower}`'s value contains a NUL byte, which no \
                 browser sends (fetch() throws a TypeError); remove it"
            )));
        }
        if browser::is_forbidden_request_header(name, value.as_bytes()) {
            call.push(format!(
                "{name} is a forbidden request-header: the browser drops it silently and sets \
                 what it needs itself; what follows is the request without it."
            ));
            continue;
        }
        // Each header is its own entry of the header list, as `headers.append` makes it.
        list.push((name.clone(), value.as_bytes().to_vec()));
    }
    Ok(list)
}

/// A call whose CORS-preflight flag is set ("HTTP fetch").
struct Preflighted<'a> {
    page: &'a BrowserRequest,
    method_text: &'a str,
    unsafe_headers: &'a [browser::UnsafeHeader],
}

impl Preflighted<'_> {
    /// The "Preflight", "The policy answers" and "The browser" steps; `Some` with the
    /// whole explanation when the browser rejects the preflight.
    fn explain(
        &self,
        policy: &Policy,
        fetch: &Fetch,
        steps: &mut Vec<Step>,
    ) -> Result<Option<Explanation>, UsageError> {
        let preflight = self.page.preflight_headers().map_err(unsendable)?;
        let mut lines = vec!["The browser sends a preflight first, because".to_owned()];
        lines.extend(self.reasons(fetch));
        lines.push(String::new());
        lines.push("OPTIONS".to_owned());
        lines.extend(header_lines(&preflight));
        steps.push(Step {
            title: "Preflight",
            lines,
        });

        // Not reachable from any input: `CorsPolicy::preflight` answers `None` only for a
        // request that is not a preflight, `OPTIONS` without `Origin` or without
        // `Access-Control-Request-Method`, and `preflight_headers` always writes both.
        let answer = policy
            .runtime
            .preflight(&Method::OPTIONS, &preflight)
            .expect("OPTIONS with Origin and Access-Control-Request-Method is a preflight");
        let mut lines = vec![status_line(answer.status())];
        lines.extend(cors_lines(answer.headers()));
        steps.push(Step {
            title: "The policy answers",
            lines,
        });
        if let Err(failure) = browser::accepts_preflight(self.page, &answer) {
            let refusal = policy.runtime.refusal(&Method::OPTIONS, &preflight);
            steps.push(Step {
                title: "The browser",
                lines: vec![format!(
                    "rejects the preflight ({failure}), so it never sends the {}: fetch() \
                     rejects with a TypeError, and the console shows a CORS error.",
                    self.method_text
                )],
            });
            let steps = std::mem::take(steps);
            return Ok(Some(blocked(policy, fetch, steps, refusal, &failure)));
        }
        let seconds = browser::preflight_cache_seconds(answer.headers());
        steps.push(Step {
            title: "The browser",
            lines: vec![
                "accepts the preflight and sends the request.".to_owned(),
                caching(policy, seconds),
            ],
        });
        Ok(None)
    }

    /// Why the browser preflights, a line each.
    fn reasons(&self, fetch: &Fetch) -> Vec<String> {
        let mut why = Vec::new();
        if !browser::is_cors_safelisted_method(&self.page.method) {
            why.push(format!(
                "- the method {} is not CORS-safelisted (only GET, HEAD and POST are)",
                self.method_text
            ));
        }
        for header in self.unsafe_headers {
            why.push(format!(
                "- the header `{}: {}`: {}",
                header.name,
                show(&header.value),
                header.reason
            ));
        }
        if fetch.private_network {
            why.push(
                "- the request goes to a more private network (Private Network Access \
                 preflights every such request)"
                    .to_owned(),
            );
        }
        why
    }
}

/// The "Actual request" step, and the CORS check of its response.
fn actual_request(
    policy: &Policy,
    fetch: &Fetch,
    page: &BrowserRequest,
    (method, request): (&Method, &HeaderMap),
    mut steps: Vec<Step>,
) -> Explanation {
    let mut response = HeaderMap::new();
    policy.runtime.apply(request, &mut response);
    let mut lines = vec![format!(
        "{} with origin: {}",
        show(&page.method),
        fetch.origin
    )];
    lines.push("Its response (whatever the handler's status) gets:".to_owned());
    lines.extend(cors_lines(&response));
    steps.push(Step {
        title: "Actual request",
        lines,
    });
    if let Err(failure) = browser::cors_check(page, &response) {
        let refusal = policy.runtime.refusal(method, request);
        steps.push(Step {
            title: "The browser",
            lines: vec![format!(
                "fails the CORS check ({failure}): the server ran the request, but fetch() \
                 rejects with a TypeError and the page reads nothing."
            )],
        });
        return blocked(policy, fetch, steps, refusal, &failure);
    }
    steps.push(Step {
        title: "The browser",
        lines: vec![
            "passes the CORS check: the page reads the status and the body.".to_owned(),
            readable(policy, page, &response),
        ],
    });
    Explanation {
        allowed: true,
        headline: "allowed".to_owned(),
        steps,
        fix: None,
    }
}

fn status_line(status: StatusCode) -> String {
    format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    )
}

fn caching(policy: &Policy, seconds: u64) -> String {
    let written = match policy.place("max_age") {
        Some(place) => format!("max_age, {place}"),
        None => format!(
            "max_age is not set: no Access-Control-Max-Age, so the Fetch default of 5 seconds; \
             add max_age {}",
            policy.table()
        ),
    };
    if seconds == 0 {
        return format!(
            "It does not cache this answer: {written} is 0, so every call is preflighted."
        );
    }
    let browsers = |cap: u64| seconds.min(cap);
    format!(
        "It caches this answer for {seconds} seconds ({written}); Chromium keeps it {} s, \
         Firefox {} s, WebKit {} s. Until then it asks the server nothing for this \
         origin, method and headers: a changed policy reaches it only when the entry expires \
         (or in a new private window).",
        browsers(7200),
        browsers(86400),
        browsers(600),
    )
}

fn readable(policy: &Policy, page: &BrowserRequest, response: &HeaderMap) -> String {
    let safelisted = browser::CORS_SAFELISTED_RESPONSE_HEADER_NAMES.join(", ");
    match browser::exposed_header_names(page, response) {
        None => format!(
            "Script may read every response header but Set-Cookie (expose_headers = \"*\", {}).",
            place_of(policy, "expose_headers")
        ),
        Some(exposed) if exposed.is_empty() => format!(
            "Script may read only the CORS-safelisted response headers ({safelisted}); to let \
             it read another, {}.",
            policy.add_to_list("expose_headers", "NAME")
        ),
        Some(exposed) => format!(
            "Script may read the CORS-safelisted response headers ({safelisted}) and {} \
             (expose_headers, {}); any other is hidden from it (response.headers.get gives null).",
            exposed.join(", "),
            place_of(policy, "expose_headers")
        ),
    }
}

fn place_of(policy: &Policy, key: &str) -> String {
    policy
        .place(key)
        .map(ToString::to_string)
        .unwrap_or_else(|| "not set".to_owned())
}

/// The second line of the fix for an origin the policy refuses but a server's resolver
/// would be asked about.
const RESOLVER_MAY_ALLOW: &str = "If the server decides other origins itself \
    (CorsLayer::allow_origin_if or allow_origin_async, such as tenants' origins kept in a \
    database), it may still allow this one: cors-check knows only the file.";

/// Whether a server with a resolver (`CorsLayer::allow_origin_if`, `allow_origin_async`)
/// would ask it about `origin`: the policy does not allow it, and it is a canonical
/// serialized origin (not `null`, not malformed), as
/// [`OriginDecision::to_resolve`](cors_runtime::OriginDecision::to_resolve) decides.
fn left_to_a_resolver(policy: &Policy, origin: &str) -> bool {
    let Ok(value) = HeaderValue::from_str(origin) else {
        return false;
    };
    let mut request = HeaderMap::new();
    request.insert(http::header::ORIGIN, value);
    policy
        .runtime
        .decide_origin(&request)
        .to_resolve()
        .is_some()
}

/// A blocked call: the headline, and the change that would allow it.
fn blocked(
    policy: &Policy,
    fetch: &Fetch,
    steps: Vec<Step>,
    refusal: Option<Refusal<'_>>,
    failure: &Failure,
) -> Explanation {
    let origin = fetch.origin.as_str();
    let (headline, fix) = match refusal {
        Some(refusal) => {
            let explained = policy.runtime.explain(refusal);
            let fix = match refusal {
                Refusal::OriginNotAllowed { .. } if origin == "null" => {
                    "No policy should allow it: `null` is the opaque origin, which any page can \
                     make its requests send (a sandboxed iframe, a file: page); serve the \
                     calling page from an http(s) origin, and add that origin to allow_origins."
                        .to_owned()
                }
                Refusal::OriginNotAllowed { .. } => {
                    let fix = format!(
                        "To allow it: {}.",
                        policy.add_to_list("allow_origins", origin)
                    );
                    if left_to_a_resolver(policy, origin) {
                        format!("{fix}\n{RESOLVER_MAY_ALLOW}")
                    } else {
                        fix
                    }
                }
                Refusal::MethodNotAllowed { method } => format!(
                    "To allow it: {}.",
                    policy.add_to_list("allow_methods", &show(method))
                ),
                Refusal::HeaderNotAllowed { header } => format!(
                    "To allow it: {}.",
                    policy.add_to_list("allow_headers", &show(header).to_ascii_lowercase())
                ),
                Refusal::PrivateNetworkNotAllowed if policy.config.origins == Allow::Any => {
                    format!(
                        "To allow it: list \"{origin}\" in allow_origins ({}) instead of \"*\" \
                         (a private server cannot answer every site), and {}.",
                        place_of(policy, "allow_origins"),
                        policy.set_key("allow_private_network", "true")
                    )
                }
                Refusal::PrivateNetworkNotAllowed => format!(
                    "To allow it: {}.",
                    policy.set_key("allow_private_network", "true")
                ),
                _ => "No key allows it: cors-runtime reads Access-Control-Request-Headers \
                      within fixed bounds; send fewer custom headers."
                    .to_owned(),
            };
            (format!("blocked: {explained}"), fix)
        }
        None => credentials_fix(policy, origin, failure),
    };
    Explanation {
        allowed: false,
        headline,
        steps,
        fix: Some(fix),
    }
}

/// A call the policy allows, and the browser blocks: credentials the policy does not
/// allow.
fn credentials_fix(policy: &Policy, origin: &str, failure: &Failure) -> (String, String) {
    match failure {
        Failure::WildcardOriginWithCredentials => (
            format!(
                "blocked: credentials are included and the answer is \
                 Access-Control-Allow-Origin: *, which a browser never accepts with them \
                 (allow_origins = \"*\", {})",
                place_of(policy, "allow_origins")
            ),
            format!(
                "To allow it: list \"{origin}\" in allow_origins ({}) instead of \"*\", and {} \
                 (or call fetch without credentials: 'include' if the page needs no cookies).",
                place_of(policy, "allow_origins"),
                policy.set_key("allow_credentials", "true")
            ),
        ),
        Failure::CredentialsNotAllowed { .. } => (
            format!(
                "blocked: credentials are included and the answer has no \
                 Access-Control-Allow-Credentials: true (allow_credentials is {})",
                match policy.place("allow_credentials") {
                    Some(place) => format!("false, {place}"),
                    None => "not set".to_owned(),
                }
            ),
            format!(
                "To allow it: {} (or call fetch without credentials: 'include' if the page \
                 needs no cookies).",
                policy.set_key("allow_credentials", "true")
            ),
        ),
        other => (
            format!("blocked: {other}"),
            "cors-check cannot tell which key would allow it.".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "https://app.example.com";

    fn policy() -> Policy {
        Policy::from_toml("allow_origins = \"https://app.example.com\"").expect("a policy")
    }

    fn usage_error(fetch: &Fetch) -> String {
        explain(&policy(), fetch).expect_err("a usage error").0
    }

    #[test]
    fn a_nul_byte_in_a_header_value_is_a_usage_error() {
        // No command line can carry a NUL; a program calling `explain` can.
        assert_eq!(
            usage_error(&Fetch::new(APP).header("X-A", "a\0b")),
            r#"-H "X-A: a\x00b": the header `x-a`'s value contains a NUL byte, which no browser sends (fetch() throws a TypeError); remove it"#
        );
        assert_eq!(
            usage_error(&Fetch::new(APP).method("GE\0T")),
            r#"-X "GE\x00T" is not a method: it contains "\x00", and a method is a token (letters, digits and !#$%&'*+-.^_`|~), as in -X PUT; fetch() would throw a TypeError"#
        );
        assert!(usage_error(&Fetch::new("https://a.example\0"))
            .starts_with(r#"--origin "https://a.example\x00" is not an origin a browser sends: "#));
    }

    #[test]
    fn a_header_value_is_normalized_as_headers_append_does() {
        // Fetch trims HTTP whitespace (tab, space, CR, LF) from both ends of the value.
        let explanation = explain(
            &policy(),
            &Fetch::new(APP).header("Accept", "\r\n\t */*  \n"),
        )
        .expect("a call a page can make");
        assert!(explanation.allowed, "{explanation}");
        assert_eq!(
            usage_error(&Fetch::new(APP).header("X-A", "\ta\r\nb ")),
            r#"-H "X-A: a\r\nb": the header `x-a`'s value contains a line break (CR or LF), which no browser sends (fetch() throws a TypeError); write the value on one line, or repeat -H to send the header once per value"#
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_argument_that_is_not_utf8_is_quoted_byte_for_byte() {
        use std::os::unix::ffi::OsStrExt as _;
        let argument = OsStr::from_bytes(b"\"\\\xff\xe9t\xc3\xa9\r");
        assert_eq!(quote_os(argument), r#""\"\\\xff\xe9té\r""#);
        assert_eq!(text_argument("-H", OsStr::new("X-A: é")), Ok("X-A: é"));
        let long = [b'a'; 100]
            .iter()
            .chain(b"\xff")
            .copied()
            .collect::<Vec<u8>>();
        assert_eq!(
            quote_os(OsStr::from_bytes(&long)),
            format!("\"{}…\" (101 bytes)", "a".repeat(64))
        );
    }
}
