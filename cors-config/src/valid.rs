//! Stage 3: every rule of SPEC §2 that is about meaning, and the normalization of §1.3.
//! Produces the policy the expansion writes out; every mistake goes to the diagnostics.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use crate::ast::{Config, List, MaxAge, Text};
use crate::diagnostic::{Diagnostics, Location, Problem};
use crate::origin::{self, Origin};
use crate::{fetch, public_suffix};

/// A policy that passed every check, normalized (SPEC §1.3).
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// `allow_origins`: the entries as written, exact origins and patterns.
    pub origins: Allow,
    /// `allow_methods`: the six methods browsers upper-case are upper case.
    pub methods: Allow,
    /// `allow_headers`: lower case.
    pub headers: Allow,
    /// `expose_headers`: lower case.
    pub expose_headers: Allow,
    /// `allow_credentials`.
    pub allow_credentials: bool,
    /// `max_age` in seconds, at most [`MAX_AGE_LIMIT`].
    pub max_age: Option<u32>,
    /// `allow_private_network`.
    pub allow_private_network: bool,
    /// The environment variables the policy read, in order, each once.
    pub variables: Vec<String>,
    /// Where each key is written, for a message that names the key to change.
    pub places: Places,
    /// `allow_origins`'s entries by how a request's `Origin` is matched against them, as
    /// their check found them; none for `"*"`.
    pub origin_entries: Vec<OriginEntry>,
}

/// Where the cors table and each of its keys' values are in the TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Places {
    /// The source's name, as diagnostics give it (`nexus.toml`, `<inline>`, `<toml>`).
    pub source_name: String,
    /// The `[server.cors]` header; `None` when the keys are the document's own (a key that
    /// is missing is added there, at the top).
    pub server_cors: Option<Location>,
    /// `allow_origins`'s value, when it is written.
    pub allow_origins: Option<Location>,
    /// `allow_methods`'s value, when it is written.
    pub allow_methods: Option<Location>,
    /// `allow_headers`'s value, when it is written.
    pub allow_headers: Option<Location>,
    /// `expose_headers`'s value, when it is written.
    pub expose_headers: Option<Location>,
    /// `allow_credentials`'s value, when it is written.
    pub allow_credentials: Option<Location>,
    /// `max_age`'s value, when it is written.
    pub max_age: Option<Location>,
    /// `allow_private_network`'s value, when it is written.
    pub allow_private_network: Option<Location>,
}

impl Places {
    /// Where the value of the key named `key` is written, if it is.
    pub fn of(&self, key: &str) -> Option<&Location> {
        match key {
            "allow_origins" => self.allow_origins.as_ref(),
            "allow_methods" => self.allow_methods.as_ref(),
            "allow_headers" => self.allow_headers.as_ref(),
            "expose_headers" => self.expose_headers.as_ref(),
            "allow_credentials" => self.allow_credentials.as_ref(),
            "max_age" => self.max_age.as_ref(),
            "allow_private_network" => self.allow_private_network.as_ref(),
            _ => None,
        }
    }
}

/// A list key: `"*"`, or the normalized entries in the order written.
#[derive(Debug, PartialEq, Eq)]
pub enum Allow {
    /// `"*"` or `["*"]`.
    Any,
    /// The entries, possibly none.
    Listed(Vec<String>),
}

/// An entry of `allow_origins`, by how a request's `Origin` is matched against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginEntry {
    /// An origin, compared byte for byte.
    Exact(String),
    /// A pattern (`https://*.example.com`, `http://localhost:*`), split into its parts.
    Pattern(Origin),
}

/// Firefox's cap on `Access-Control-Max-Age`, the highest of the browsers'.
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// Checks the cors table against every rule of SPEC §2 that is about meaning, and
/// normalizes it (§1.3). Each rule is a function below; the ones that relate two keys
/// run once both keys are read.
pub fn validate(config: Config, diagnostics: &mut Diagnostics) -> Policy {
    // §2 rules 4 to 8, per list: each entry well formed, no `*` among entries, no
    // duplicate; rule 6, origins present; §1.4, the patterns.
    let (origins, origin_entries) = allow_origins(&config, diagnostics);
    let methods = list(&config.allow_methods, &METHODS, diagnostics);
    let headers = list(&config.allow_headers, &REQUEST_HEADERS, diagnostics);
    let expose_headers = list(&config.expose_headers, &EXPOSED_HEADERS, diagnostics);

    let allow_credentials = is_on(&config.allow_credentials);
    let allow_private_network = is_on(&config.allow_private_network);
    if origins == Allow::Any {
        credentials_with_any_origin(&config, diagnostics); // rule 1
        private_network_with_any_origin(&config, diagnostics); // rule 3
    }
    if expose_headers == Allow::Any {
        credentials_with_any_exposed_header(&config, diagnostics); // rule 2
    }
    let max_age = max_age(&config, diagnostics); // rule 12
    let places = places(&config, diagnostics);

    Policy {
        origins,
        methods,
        headers,
        expose_headers,
        allow_credentials,
        max_age,
        allow_private_network,
        variables: config.variables,
        places,
        origin_entries,
    }
}

fn places(config: &Config, diagnostics: &Diagnostics) -> Places {
    let at = |span: Option<Range<usize>>| span.map(|span| diagnostics.locate(span.start));
    Places {
        source_name: diagnostics.source_name().to_owned(),
        server_cors: (!config.top_level).then(|| diagnostics.locate(config.table.start)),
        allow_origins: at(config.allow_origins.as_ref().map(Spanned::span)),
        allow_methods: at(config.allow_methods.as_ref().map(Spanned::span)),
        allow_headers: at(config.allow_headers.as_ref().map(Spanned::span)),
        expose_headers: at(config.expose_headers.as_ref().map(Spanned::span)),
        allow_credentials: at(config.allow_credentials.as_ref().map(Spanned::span)),
        max_age: at(config.max_age.as_ref().map(Spanned::span)),
        allow_private_network: at(config.allow_private_network.as_ref().map(Spanned::span)),
    }
}

fn is_on(flag: &Option<Spanned<bool>>) -> bool {
    flag.as_ref().is_some_and(|on| *on.get_ref())
}

fn list(list: &Option<Spanned<List>>, key: &ListKey<()>, diagnostics: &mut Diagnostics) -> Allow {
    list.as_ref().map_or(Allow::Listed(Vec::new()), |list| {
        entries(key, list, diagnostics).0
    })
}

/// Rule 6: `allow_origins` is required and not empty; then its entries, and its patterns.
/// The entries as written, and as a request's `Origin` is matched against them.
fn allow_origins(config: &Config, diagnostics: &mut Diagnostics) -> (Allow, Vec<OriginEntry>) {
    let nothing = (Allow::Listed(Vec::new()), Vec::new());
    match &config.allow_origins {
        None if config.rejected.contains(&"allow_origins") => nothing,
        None => {
            diagnostics.push(
                Problem::new(
                    config.table.clone(),
                    "the cors table has no `allow_origins`: it is required, as it says which \
                     origins may read responses",
                )
                .help(
                    "add `allow_origins = [\"https://app.example.com\"]`, or `allow_origins = \
                     \"*\"` for any origin without credentials",
                ),
            );
            nothing
        }
        Some(list) => {
            if list.get_ref().is_empty() && !config.rejected.contains(&"allow_origins") {
                diagnostics.push(
                    Problem::new(
                        list.span(),
                        "`allow_origins` is empty: no origin could ever read a response",
                    )
                    .help(
                        "list the origins, e.g. `[\"https://app.example.com\"]`, or write \
                         `\"*\"` for any origin without credentials",
                    ),
                );
            }
            let (origins, checked) = entries(&ORIGINS, list, diagnostics);
            check_patterns(list, config.allow_credentials.as_ref(), diagnostics);
            let written = match &origins {
                Allow::Listed(written) => written.as_slice(),
                Allow::Any => &[],
            };
            let matched = written
                .iter()
                .zip(checked)
                .map(|(written, origin)| {
                    if origin.is_pattern() {
                        OriginEntry::Pattern(origin)
                    } else {
                        OriginEntry::Exact(written.clone())
                    }
                })
                .collect();
            (origins, matched)
        }
    }
}

/// Rule 1: credentials with `allow_origins = "*"`.
fn credentials_with_any_origin(config: &Config, diagnostics: &mut Diagnostics) {
    let (Some(credentials), Some(list)) = (&config.allow_credentials, &config.allow_origins) else {
        return;
    };
    if *credentials.get_ref() {
        diagnostics.push(
            Problem::new(
                credentials.span(),
                format!(
                    "`allow_credentials = true` cannot be combined with `allow_origins = \
                     \"*\"`{}: browsers reject a credentialed response whose \
                     Access-Control-Allow-Origin is `*`",
                    star_from(list)
                ),
            )
            .related(list.span(), "any origin is allowed here")
            .help(
                "list the origins that may send credentials, e.g. `allow_origins = \
                 [\"https://app.example.com\"]`, or set `allow_credentials = false`",
            ),
        );
    }
}

/// Rule 2: credentials with `expose_headers = "*"`.
fn credentials_with_any_exposed_header(config: &Config, diagnostics: &mut Diagnostics) {
    let (Some(credentials), Some(list)) = (&config.allow_credentials, &config.expose_headers)
    else {
        return;
    };
    if *credentials.get_ref() {
        diagnostics.push(
            Problem::new(
                list.span(),
                format!(
                    "`expose_headers = \"*\"`{} exposes nothing with `allow_credentials = \
                     true`: browsers then read `*` as a header named `*`",
                    star_from(list)
                ),
            )
            .related(credentials.span(), "credentials are allowed here")
            .help(
                "list the response headers scripts may read, e.g. `expose_headers = \
                 [\"x-request-id\"]`",
            ),
        );
    }
}

/// Rule 3: private network with `allow_origins = "*"`.
fn private_network_with_any_origin(config: &Config, diagnostics: &mut Diagnostics) {
    let (Some(private_network), Some(list)) =
        (&config.allow_private_network, &config.allow_origins)
    else {
        return;
    };
    if *private_network.get_ref() {
        diagnostics.push(
            Problem::new(
                private_network.span(),
                format!(
                    "`allow_private_network = true` cannot be combined with `allow_origins = \
                     \"*\"`{}: any public website could then reach this server on the \
                     private network",
                    star_from(list)
                ),
            )
            .related(list.span(), "any origin is allowed here")
            .help(
                "list the origins that may reach the private network, e.g. \
                 `allow_origins = [\"http://localhost:3000\"]`",
            ),
        );
    }
}

/// Rule 12: whole seconds, from 0 to [`MAX_AGE_LIMIT`].
fn max_age(config: &Config, diagnostics: &mut Diagnostics) -> Option<u32> {
    let max_age = config.max_age.as_ref()?;
    let seconds = match max_age.get_ref() {
        MaxAge::Seconds(seconds) => u64::try_from(*seconds)
            .map_err(|_| format!("`max_age` is negative ({seconds}): a cache lifetime cannot be")),
        MaxAge::Huge(written) if written.starts_with('-') => Err(format!(
            "`max_age` is negative ({written}): a cache lifetime cannot be"
        )),
        MaxAge::Huge(written) => Err(format!(
            "`max_age` is {written} seconds, far above {MAX_AGE_LIMIT} (24 hours), the \
             longest any browser keeps a preflight"
        )),
        // Whole seconds in a string mean what they mean unquoted, as in Nexus.
        MaxAge::Duration(text) => parse_duration(&text.value)
            .map_err(|why| format!("`max_age` is {}, which {why}", text.quoted())),
    };
    let shown = |seconds: u64| match max_age.get_ref() {
        MaxAge::Duration(text)
            if text.variable.is_some() || whole_seconds(&text.value).is_some() =>
        {
            text.quoted()
        }
        _ => format!("{seconds} seconds"),
    };
    let seconds = seconds.and_then(|seconds| {
        if seconds <= MAX_AGE_LIMIT {
            Ok(seconds as u32)
        } else {
            Err(format!(
                "`max_age` is {}, above {MAX_AGE_LIMIT} (24 hours), the longest any browser \
                 keeps a preflight (Firefox; Chromium keeps at most 7200, WebKit 600)",
                shown(seconds)
            ))
        }
    });
    seconds
        .map_err(|why| {
            diagnostics.push(Problem::new(max_age.span(), why).help(
                "write whole seconds from 0 to 86400, such as `max_age = 3600`, or a \
                 duration such as `max_age = \"1h 30m\"`",
            ))
        })
        .ok()
}

/// ` (from `{{ env.NAME }}`)` when a list's `"*"` came from a variable.
fn star_from(list: &Spanned<List>) -> String {
    match list
        .get_ref()
        .first()
        .and_then(|text| text.variable.as_deref())
    {
        Some(variable) => format!(" (from `{{{{ env.{variable} }}}}`)"),
        None => String::new(),
    }
}

/// What differs between the four list keys.
/// A list key, whose entries' check finds a `T` besides the normalized entry (an
/// origin's parts).
struct ListKey<T> {
    name: &'static str,
    /// Completes "`*` already allows any …".
    any: &'static str,
    /// The entry normalized (§1.3) and what its check found, or why it cannot be one and
    /// how to fix it.
    normalize: fn(&str) -> Result<(String, T), WhyAndHelp>,
}

/// Why an entry cannot be normalized, and how to fix it.
type WhyAndHelp = (String, String);

const ORIGINS: ListKey<Origin> = ListKey {
    name: "allow_origins",
    any: "origin",
    normalize: normalize_origin,
};

const METHODS: ListKey<()> = ListKey {
    name: "allow_methods",
    any: "method",
    normalize: |written| normalize_method(written).map(|method| (method, ())),
};

const REQUEST_HEADERS: ListKey<()> = ListKey {
    name: "allow_headers",
    any: "request header",
    normalize: |written| normalize_request_header(written).map(|name| (name, ())),
};

const EXPOSED_HEADERS: ListKey<()> = ListKey {
    name: "expose_headers",
    any: "response header",
    normalize: |written| normalize_exposed_header(written).map(|name| (name, ())),
};

/// `"*"` or `["*"]` is [`Allow::Any`]; otherwise every entry is normalized, and each
/// duplicate after normalization reported with the place of the first. Beside the
/// entries, what each kept entry's check found, in the same order.
fn entries<T>(
    key: &ListKey<T>,
    list: &Spanned<List>,
    diagnostics: &mut Diagnostics,
) -> (Allow, Vec<T>) {
    let items = list.get_ref();
    let only_stars = !items.is_empty() && items.iter().all(|item| item.value == "*");
    let mut normalized = Vec::with_capacity(items.len());
    let mut found = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, (Range<usize>, String)> = HashMap::with_capacity(items.len());
    for item in items {
        if item.value == "*" && !only_stars {
            diagnostics.push(
                Problem::new(
                    item.span.clone(),
                    format!(
                        "`{}` mixes `*` with other entries: `*` already allows any {}, so the \
                         other entries mean nothing",
                        key.name, key.any
                    ),
                )
                .help(format!(
                    "write `{} = \"*\"` alone, or remove `*` and keep the list",
                    key.name
                )),
            );
            continue;
        }
        // `"*"` alone, or with other `"*"`s (reported as duplicates below), is `Any`.
        let normalized_entry = if item.value == "*" {
            Ok((item.value.clone(), None))
        } else {
            (key.normalize)(&item.value).map(|(entry, what)| (entry, Some(what)))
        };
        match normalized_entry {
            Err((why, help)) => diagnostics.push(
                Problem::new(
                    item.span.clone(),
                    format!("`{}` entry {} {why}", key.name, item.quoted()),
                )
                .help(help),
            ),
            Ok((entry, what)) => {
                if let Some((first_span, first_quoted)) = seen.get(&entry) {
                    let quoted = item.quoted();
                    let same = if *first_quoted == quoted {
                        format!("lists {quoted} twice")
                    } else {
                        format!(
                            "lists {first_quoted} and {quoted}, which are the same ({entry:?}) \
                             once normalized"
                        )
                    };
                    diagnostics.push(
                        Problem::new(item.span.clone(), format!("`{}` {same}", key.name))
                            .related(first_span.clone(), "first listed here")
                            .help("remove one of them"),
                    );
                } else {
                    seen.insert(entry.clone(), (item.span.clone(), item.quoted()));
                    normalized.push(entry);
                    found.extend(what);
                }
            }
        }
    }
    if only_stars {
        return (Allow::Any, Vec::new());
    }
    (Allow::Listed(normalized), found)
}

/// SPEC §1.4: no entry already allowed by a pattern, and, with credentials, no pattern
/// over a public suffix.
fn check_patterns(
    list: &Spanned<List>,
    credentials: Option<&Spanned<bool>>,
    diagnostics: &mut Diagnostics,
) {
    let mut parsed: Vec<(&Text, origin::Origin)> = Vec::new();
    for item in list.get_ref() {
        if let Ok(origin) = origin::check(&item.value) {
            if parsed.iter().all(|(other, _)| other.value != item.value) {
                parsed.push((item, origin));
            }
        }
    }
    for (pattern_text, pattern) in parsed.iter().filter(|(_, origin)| origin.is_pattern()) {
        for (text, origin) in &parsed {
            if text.value != pattern_text.value && pattern.covers(origin) {
                diagnostics.push(
                    Problem::new(
                        text.span.clone(),
                        format!(
                            "`allow_origins` entry {} is already allowed by the pattern {}",
                            text.quoted(),
                            pattern_text.quoted()
                        ),
                    )
                    .related(pattern_text.span.clone(), "this pattern allows it")
                    .help("remove it"),
                );
            }
        }
        let (Some(credentials), origin::Host::Subdomains(domain)) = (credentials, &pattern.host)
        else {
            continue;
        };
        if !*credentials.get_ref() {
            continue;
        }
        let Some(suffix) = public_suffix::suffix_at_or_under(domain) else {
            continue;
        };
        let (why, example) = if suffix == *domain {
            (
                format!("`{domain}` is a public suffix"),
                format!(", e.g. \"{}://myapp.{domain}\"", pattern.scheme),
            )
        } else if suffix.starts_with("*.") {
            (
                format!("every name matching `{suffix}` under it is a public suffix"),
                String::new(),
            )
        } else {
            (
                format!("`{suffix}` under it is a public suffix"),
                String::new(),
            )
        };
        diagnostics.push(
            Problem::new(
                pattern_text.span.clone(),
                format!(
                    "`allow_origins` entry {} lets every site under `{domain}` read \
                     credentialed responses, and {why}: anyone can register a name there",
                    pattern_text.quoted()
                ),
            )
            .related(credentials.span(), "credentials are allowed here")
            .help(format!(
                "list the origins under `{domain}` that are yours, each in full{example}"
            )),
        );
    }
}

fn normalize_origin(written: &str) -> Result<(String, Origin), (String, String)> {
    origin::check(written)
        .map(|origin| (written.to_owned(), origin))
        .map_err(|rejected| {
            let help = match rejected.fix {
                Some(fix) => format!("write {fix:?}"),
                None if !rejected.entries.is_empty() => {
                    let entries: Vec<String> = rejected
                        .entries
                        .iter()
                        .map(|entry| format!("{entry:?}"))
                        .collect();
                    format!(
                        "write each origin as its own entry: [{}]",
                        entries.join(", ")
                    )
                }
                None => rejected.advice.to_owned(),
            };
            (rejected.why, help)
        })
}

/// RFC 9110 `token`: methods and header names.
fn is_token(text: &str) -> bool {
    fetch::is_token(text.as_bytes())
}

fn not_a_token(what: &str, written: &str, example: &str) -> (String, String) {
    if written.trim().is_empty() {
        return (
            format!("is empty: a {what} has at least one character"),
            format!("remove it, or write the {what}, e.g. {example:?}"),
        );
    }
    let why = format!(
        "is not a {what}: it must be an RFC 9110 token (ASCII letters, digits and \
         ``!#$%&'*+-.^_`|~``), without spaces, commas or other characters"
    );
    let help = if written.contains(',') {
        let parts: Vec<String> = written
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| format!("{part:?}"))
            .collect();
        format!("write each as its own entry: [{}]", parts.join(", "))
    } else {
        format!("write one {what} per entry, using only those characters, e.g. {example:?}")
    };
    (why, help)
}

/// §1.3: the six methods browsers upper-case are upper-cased; any other is case-sensitive.
fn normalize_method(written: &str) -> Result<String, (String, String)> {
    if !is_token(written) {
        return Err(not_a_token("method name", written, "PUT"));
    }
    if fetch::is_forbidden_method(written.as_bytes()) {
        return Err((
            "is a forbidden method: browsers never let a page send it, so allowing it has no \
             effect"
                .to_owned(),
            "remove it".to_owned(),
        ));
    }
    Ok(fetch::normalized_method(written.as_bytes())
        .map_or_else(|| written.to_owned(), str::to_owned))
}

fn normalize_request_header(written: &str) -> Result<String, (String, String)> {
    if !is_token(written) {
        return Err(not_a_token("header name", written, "x-request-id"));
    }
    let name = written.to_ascii_lowercase();
    let forbidden = fetch::is_forbidden_request_header_name(&name);
    if forbidden {
        let help = if name.starts_with("cookie") {
            "remove it: cookies are sent when `allow_credentials = true` and the page asks \
             for credentials"
        } else {
            "remove it"
        };
        return Err((
            "is a forbidden request header: browsers set it themselves and never let a page \
             send it, so a preflight never asks for it"
                .to_owned(),
            help.to_owned(),
        ));
    }
    if name.starts_with("access-control-allow-")
        || name == "access-control-max-age"
        || name == "access-control-expose-headers"
    {
        return Err((
            "is a CORS response header: the server sends it, a request never carries it".to_owned(),
            "remove it; the policy sends the CORS response headers itself".to_owned(),
        ));
    }
    Ok(name)
}

fn normalize_exposed_header(written: &str) -> Result<String, (String, String)> {
    if !is_token(written) {
        return Err(not_a_token("header name", written, "x-request-id"));
    }
    let name = written.to_ascii_lowercase();
    if name == "set-cookie" || name == "set-cookie2" {
        return Err((
            "is never exposed: browsers hide `Set-Cookie` and `Set-Cookie2` from scripts \
             whatever the server says"
                .to_owned(),
            "remove it; the browser stores cookies itself".to_owned(),
        ));
    }
    if name == "origin" || name.starts_with("access-control-request-") {
        return Err((
            "is a request header: it never appears on a response, so there is nothing to \
             expose"
                .to_owned(),
            "remove it".to_owned(),
        ));
    }
    Ok(name)
}

/// `max_age` as a string, as Nexus reads it: whole seconds (`"3600"`), or a duration of
/// whole numbers with units in any case, such as `"3600s"`, `"30m"`, `"1h 30m"` or `"1D"`.
/// On error, completes "`max_age` is "…", which ".
pub fn parse_duration(text: &str) -> Result<u64, String> {
    const SUPPORTED: &str = "s, m, h and d, or sec, min, hour, day and their plurals, in any case";
    let mut total: u64 = 0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("is empty: write a duration such as \"1h\"".to_owned());
    }
    if let Some((negative, digits)) = whole_seconds(rest) {
        if negative && digits.bytes().any(|digit| digit != b'0') {
            return Err(NEGATIVE.to_owned());
        }
        return digits.parse::<u64>().map_err(|_| TOO_LONG.to_owned());
    }
    if rest.starts_with('-') {
        return Err(NEGATIVE.to_owned());
    }
    let mut previous: Option<&str> = None;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(format!(
                "is not a duration: expected a whole number at {rest:?} (units: {SUPPORTED})"
            ));
        }
        let (number, after) = rest.split_at(digits);
        if after.starts_with(['.', ',']) {
            return Err("has a fraction: browsers only read whole seconds".to_owned());
        }
        let after = after.trim_start();
        let unit_len = after.len() - after.trim_start_matches(|c: char| c.is_alphabetic()).len();
        let (unit, after) = after.split_at(unit_len);
        let multiplier = match unit.to_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "ms" | "msec" | "millis" | "us" | "µs" | "usec" | "ns" | "nsec" => {
                let what = if previous.is_none() && after.trim().is_empty() {
                    "is below a second".to_owned()
                } else {
                    format!("has a part below a second (`{number}{unit}`)")
                };
                return Err(format!(
                    "{what}: browsers only read whole seconds of `max_age`"
                ));
            }
            // A number alone is whole seconds (above); in a duration, each has its unit.
            "" => {
                return Err(match previous {
                    None => format!(
                        "has `{number}` without a unit before {:?}: write each number of a \
                         duration with its unit, as in \"1h 30m\"",
                        after.trim_start()
                    ),
                    Some(part) => format!(
                        "has `{number}` without a unit after `{part}`: write the unit, as in \
                         \"{part} {number}m\" or \"{part} {number}s\""
                    ),
                })
            }
            _ => {
                return Err(format!(
                    "has the unknown unit {unit:?} (units: {SUPPORTED})"
                ))
            }
        };
        let seconds = number
            .parse::<u64>()
            .ok()
            .and_then(|number| number.checked_mul(multiplier))
            .and_then(|seconds| total.checked_add(seconds));
        total = seconds.ok_or(TOO_LONG)?;
        previous = Some(&rest[..rest.len() - after.len()]);
        rest = after.trim_start();
    }
    Ok(total)
}

const NEGATIVE: &str = "is negative: a cache lifetime cannot be";
const TOO_LONG: &str = "is far too long for a cache lifetime";

/// A string of whole seconds, as Nexus writes plain seconds (`"3600"`, `"+600"`, `"-5"`):
/// whether it is negative, and its digits. `None` for anything else, such as a duration.
fn whole_seconds(text: &str) -> Option<(bool, &str)> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    (!digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then_some((negative, digits))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_as_nexus_writes_them() {
        for (text, seconds) in [
            ("3600s", 3600),
            ("30m", 1800),
            ("1h", 3600),
            ("1h 30m", 5400),
            ("1h30m", 5400),
            ("1d", 86_400),
            ("2 hours", 7200),
            ("0s", 0),
        ] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
    }

    /// SPEC §1.2: a string of whole seconds is Nexus's only way to write plain seconds.
    #[test]
    fn whole_seconds_in_a_string() {
        for (text, seconds) in [
            ("3600", 3600),
            ("0", 0),
            (" 600 ", 600),
            ("+600", 600),
            ("-0", 0),
            ("100000", 100_000),
            ("007", 7),
        ] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
    }

    /// SPEC §1.2: units s, m, h and d in any case.
    #[test]
    fn units_in_any_case() {
        for (text, seconds) in [
            ("1H", 3600),
            ("30M", 1800),
            ("1h 30M", 5400),
            ("1H30m", 5400),
            ("10S", 10),
            ("1D", 86_400),
            ("2 Hours", 7200),
            ("5 MIN", 300),
        ] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
    }

    #[test]
    fn durations_that_are_not_whole_seconds() {
        for (text, why) in [
            ("500ms", "is below a second"),
            ("500MS", "is below a second"),
            ("100uS", "is below a second"),
            ("1s 500ms", "below a second (`500ms`)"),
            ("1S 500Ms", "below a second (`500Ms`)"),
            ("1h30", "`30` without a unit after `1h`"),
            ("1 30m", "`1` without a unit before \"30m\""),
            ("1.5h", "fraction"),
            ("1.5", "fraction"),
            ("-1h", "negative"),
            ("-5", "negative"),
            ("", "empty"),
            ("1 fortnight", "unknown unit"),
            ("h", "not a duration"),
            ("99999999999999999999h", "far too long"),
            ("99999999999999999999", "far too long"),
            ("+1h", "not a duration"),
        ] {
            let error = parse_duration(text).expect_err(text);
            assert!(error.contains(why), "{text}: {error}");
        }
    }
}
