//! Property tests of SPEC §3: for each policy of `common::intended::SUBJECTS`, random
//! preflights and actual requests from origins near the allowed ones, with odd methods,
//! `Access-Control-Request-Headers` spread over lines with whitespace, empty elements,
//! duplicates and random case, private-network requests and both credentials modes. Each
//! one runs through the real `preflight` / `apply` and is judged by
//! `common::exchange::judge`: the structure §3 requires, and the browser model's verdict
//! on the answer against what the policy's definition intends, for the macro-built policy;
//! and the policy loaded from the same TOML must answer byte for byte the same.
//!
//! Each case is decoded from a short sequence of integers (`Choices`: 24 that proptest
//! shrinks one by one toward the simplest request, and a seed for the rest), so that
//! 10 000 cases per test stay cheap in a debug build; a failure shrinks to a small
//! request, printed header line by header line, with the reason.

mod common;

use common::exchange::{judge, Exchange};
use common::intended::{subject, Subject, SUBJECTS};
use common::Credentials;
use cors_oracle::fetch::normalize_method;
use cors_oracle::{Names, Verdict};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------------------
// Origins.
// ---------------------------------------------------------------------------------------

/// Fixed origins: classic attacks, near misses of several policies at once, and a few
/// that some policies list (so that they are tried against the others).
const FIXED_ORIGINS: [&str; 26] = [
    "null",
    "",
    "*",
    "file://",
    "https://",
    "https://example.com",
    "https://evil-example.com",
    "https://example.com.evil.com",
    "https://a.example.com.",
    "https://.example.com",
    "https://a..example.com",
    "https://evil.com",
    "http://localhost",
    "http://localhost:0",
    "http://localhost.",
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
    "https://example.org",
    "https://a.example.org:443",
    "https://b.example.net",
    "capacitor://localhost",
    "chrome-extension://abcdef",
    "null ",
    "https://app.example.com",
    "https://app.example.com:8443",
    "https://spa.example.com.evil.com",
];

const PORTS: [&str; 18] = [
    "0", "1", "80", "443", "3000", "3001", "5173", "8080", "8443", "65535", "65536", "99999",
    "08080", "00", "-1", "+80", "", "3000 ",
];

const SUFFIXES: [&str; 17] = [
    ".",
    "/",
    "/path",
    "?q",
    "#f",
    ".evil.com",
    "evil.com",
    "-evil",
    "a",
    ":",
    " ",
    "\t",
    "%2e",
    "..",
    ".example.com",
    "\\",
    "@evil.com",
];

const PREFIXES: [&str; 11] = [
    "evil", "evil.", "a.", "-", ".", "user@", "user:pw@", "A.", "www.", "xn--", "*.",
];

/// Bytes a header value may carry (`HeaderValue::from_bytes`): tab, visible ASCII and
/// space, and obs-text.
fn header_byte(n: u32) -> u8 {
    const ASCII: u32 = 0x7f - 0x20;
    let n = n % (1 + ASCII + 0x80);
    match n {
        0 => b'\t',
        n if n <= ASCII => (0x20 + n - 1) as u8,
        n => (0x80 + (n - ASCII - 1)) as u8,
    }
}

/// `scheme`, `host` and `port` (with its `:`) of an origin-like value, split loosely.
fn parts(origin: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let Some(at) = origin.windows(3).position(|w| w == b"://") else {
        return (b"", origin, b"");
    };
    let (scheme, rest) = (&origin[..at], &origin[at + 3..]);
    let port_at = if rest.first() == Some(&b'[') {
        rest.iter()
            .position(|&b| b == b']')
            .map(|close| close + 1)
            .filter(|&i| rest.get(i) == Some(&b':'))
    } else {
        rest.iter().position(|&b| b == b':')
    };
    match port_at {
        Some(i) => (scheme, &rest[..i], &rest[i..]),
        None => (scheme, rest, b""),
    }
}

fn join(scheme: &[u8], host: &[u8], port: &[u8]) -> Vec<u8> {
    [scheme, b"://", host, port].concat()
}

/// One mutation of an origin, of kind 12 to 30 (below 12: none), at position `at`, with
/// `n` picking a table entry or a number.
fn mutate(origin: &[u8], kind: u8, at: usize, n: u32) -> Vec<u8> {
    let (scheme, host, port) = parts(origin);
    let position = |len: usize| if len == 0 { 0 } else { at % (len + 1) };
    match kind {
        0..=11 => origin.to_vec(),
        12 => origin.to_ascii_uppercase(),
        13 => {
            let mut out = origin.to_vec();
            if !out.is_empty() {
                let i = at % out.len();
                out[i] = out[i].to_ascii_uppercase();
            }
            out
        }
        14 => {
            let other: &[u8] = match scheme {
                b"https" => b"http",
                b"http" => b"https",
                b"wss" => b"ws",
                _ => b"https",
            };
            join(other, host, port)
        }
        15 => join(&scheme.to_ascii_uppercase(), host, port),
        16 => join(
            scheme,
            host,
            format!(":{}", PORTS[n as usize % PORTS.len()]).as_bytes(),
        ),
        17 => join(scheme, host, b""),
        18 => join(scheme, host, format!(":{}", n % 70_000).as_bytes()),
        19 => [origin, SUFFIXES[n as usize % SUFFIXES.len()].as_bytes()].concat(),
        20 => join(
            scheme,
            &[PREFIXES[n as usize % PREFIXES.len()].as_bytes(), host].concat(),
            port,
        ),
        21 => {
            let mut out = origin.to_vec();
            if !out.is_empty() {
                out.remove(at % out.len());
            }
            out
        }
        22 => {
            let mut out = origin.to_vec();
            out.insert(position(out.len()), header_byte(n));
            out
        }
        23 => {
            let mut out = origin.to_vec();
            if !out.is_empty() {
                let i = at % out.len();
                out[i] = header_byte(n);
            }
            out
        }
        24 => FIXED_ORIGINS[n as usize % FIXED_ORIGINS.len()]
            .as_bytes()
            .to_vec(),
        25 => [origin, b", ", origin].concat(),
        26 => join(scheme, &[host, b"."].concat(), port),
        27 => {
            let default: &[u8] = if scheme == b"https" || scheme == b"wss" {
                b":443"
            } else {
                b":80"
            };
            join(scheme, host, default)
        }
        28 => {
            // A homoglyph: the first `a`, `e` or `o` of the host as a Cyrillic letter,
            // in UTF-8, or in punycode-looking ASCII.
            let mut new_host = host.to_vec();
            if let Some(i) = new_host.iter().position(|b| b"aeo".contains(b)) {
                let glyph: &[u8] = match (new_host[i], n % 2) {
                    (b'a', 0) => "а".as_bytes(),
                    (b'e', 0) => "е".as_bytes(),
                    (_, 0) => "о".as_bytes(),
                    _ => b"xn--80a",
                };
                new_host.splice(i..=i, glyph.iter().copied());
            }
            join(scheme, &new_host, port)
        }
        29 => {
            // One character percent-encoded.
            let mut out = origin.to_vec();
            if !out.is_empty() {
                let i = at % out.len();
                let encoded = format!("%{:02X}", out[i]);
                out.splice(i..=i, encoded.bytes());
            }
            out
        }
        _ => [b" ", origin].concat(),
    }
}

/// Every allowed example of every subject: one policy's allowed origin is another's near
/// miss.
fn every_example() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = SUBJECTS
        .iter()
        .flat_map(|subject| subject.allowed_examples.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

// ---------------------------------------------------------------------------------------
// Choices: what the generators draw from.
// ---------------------------------------------------------------------------------------

/// How many choices proptest shrinks one by one; later ones come from a seeded stream.
const SHRINKABLE: usize = 24;

/// A sequence of choices, as Hypothesis draws them: the first `SHRINKABLE` are values
/// proptest generates and shrinks each toward 0, and every generator maps 0 to its
/// simplest option (the allowed origin as is, `GET`, no header, no extra line), so that a
/// failure shrinks to a small request; the rest come from a splitmix64 stream of a
/// generated seed. This costs a fraction of composing proptest strategies, which matters
/// at 10 000 cases per test in a debug build.
struct Choices {
    fixed: [u16; SHRINKABLE],
    next: usize,
    state: u64,
}

impl Choices {
    fn new(fixed: [u16; SHRINKABLE], seed: u64) -> Self {
        Self {
            fixed,
            next: 0,
            state: seed,
        }
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        let raw = if self.next < SHRINKABLE {
            self.next += 1;
            u64::from(self.fixed[self.next - 1])
        } else {
            self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        (raw % bound as u64) as usize
    }

    /// An index into `weights`, each as likely as its weight; 0 picks the first.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (index, &weight) in weights.iter().enumerate() {
            if roll < weight {
                return index;
            }
            roll -= weight;
        }
        unreachable!()
    }

    /// One entry of `table`.
    fn pick<T: Copy>(&mut self, table: &[T]) -> T {
        table[self.below(table.len())]
    }

    /// True `percent` times in a hundred; 0 is false.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) >= 100 - percent
    }
}

/// A strategy for whatever `make` builds from choices.
fn from_choices<T: std::fmt::Debug>(make: impl Fn(&mut Choices) -> T) -> impl Strategy<Value = T> {
    (any::<[u16; SHRINKABLE]>(), any::<u64>())
        .prop_map(move |(fixed, seed)| make(&mut Choices::new(fixed, seed)))
}

// ---------------------------------------------------------------------------------------
// Origins, methods, requested headers.
// ---------------------------------------------------------------------------------------

/// One `Origin` value: an example (mostly the subject's own), mutated zero (45%), one or
/// two times.
fn origin_value(subject: &Subject, everyone: &[&'static str], c: &mut Choices) -> Vec<u8> {
    let seed = if c.chance(25) {
        c.pick(everyone)
    } else {
        c.pick(subject.allowed_examples)
    };
    let mut origin = seed.as_bytes().to_vec();
    for percent in [55, 20] {
        if c.chance(percent) {
            let kind = 12 + c.below(19) as u8;
            origin = mutate(&origin, kind, c.below(1 << 16), c.below(1 << 16) as u32);
        }
    }
    origin
}

/// The `Origin` lines of a request: mostly one, sometimes two, rarely none.
fn origin_lines(
    subject: &Subject,
    everyone: &[&'static str],
    none_weight: usize,
    c: &mut Choices,
) -> Vec<Vec<u8>> {
    match c.weighted(&[16, 1, none_weight]) {
        0 => vec![origin_value(subject, everyone, c)],
        1 => vec![
            origin_value(subject, everyone, c),
            origin_value(subject, everyone, c),
        ],
        _ => Vec::new(),
    }
}

const COMMON_METHODS: [&[u8]; 8] = [
    b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"PATCH", b"patch", b"OPTIONS",
];

const ODD_METHODS: [&[u8]; 21] = [
    b"get",
    b"put",
    b"post",
    b"Patch",
    b"delete",
    b"head",
    b"options",
    b"PURGE",
    b"PROPFIND",
    b"CUSTOM",
    b"*",
    b"GE T",
    b"",
    b"PUT,",
    b"PUT ",
    b" PUT",
    b"G\xe9T",
    b"(GET)",
    b"GET/1",
    b"PUT,PATCH",
    b"x",
];

/// The methods the subject lists, as a browser sends them (normalized as §1.3 says).
fn listed_methods(subject: &Subject) -> Vec<Vec<u8>> {
    match subject.definition.methods {
        Names::Listed(listed) => listed
            .iter()
            .map(|method| normalize_method(method.as_bytes()))
            .collect(),
        Names::Unset | Names::Any => Vec::new(),
    }
}

/// An `Access-Control-Request-Method`: one the subject lists, safelisted, listed by some
/// policy, lowercase, unlisted or not a token.
fn method(listed: &[Vec<u8>], c: &mut Choices) -> Vec<u8> {
    match c.weighted(&[6, 3, 2]) {
        0 => c.pick(&COMMON_METHODS).to_vec(),
        1 if !listed.is_empty() => listed[c.below(listed.len())].clone(),
        1 => c.pick(&COMMON_METHODS).to_vec(),
        _ => c.pick(&ODD_METHODS).to_vec(),
    }
}

/// Header names a page might ask for, besides those a policy lists.
const HEADER_NAMES: [&str; 14] = [
    "content-type",
    "authorization",
    "x-custom",
    "x-custom-header",
    "x-request-id",
    "x-csrf-token",
    "x-tenant",
    "x-a",
    "x-evil",
    "cookie",
    "accept",
    "x-requested-with",
    "*",
    "authorization2",
];

const NOT_TOKENS: [&[u8]; 8] = [
    b"x y",
    b"x@y",
    b"x/y",
    b"\"x\"",
    b"x;y",
    b"\xc3\xa9",
    b"x:y",
    b"{x}",
];

const WHITESPACE: [&str; 4] = ["", " ", "\t", "  "];

/// `name` in the case `case` picks: as written, upper, or letter by letter.
fn recase(name: &str, case: usize) -> String {
    match case % 4 {
        0 => name.to_owned(),
        1 => name.to_ascii_uppercase(),
        _ => name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if (case >> (2 + i % 14)) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
    }
}

/// The names the subject lists in `allow_headers`.
fn listed_names(subject: &Subject) -> &'static [&'static str] {
    match subject.definition.headers {
        Names::Listed(listed) => listed,
        Names::Unset | Names::Any => &[],
    }
}

/// `Access-Control-Request-Headers` lines: absent, or up to six elements (names in any
/// case with whitespace around them, empty elements, the odd non-token), split over one
/// to three lines at random points.
fn requested_headers(listed: &[&'static str], c: &mut Choices) -> Vec<Vec<u8>> {
    if !c.chance(60) {
        return Vec::new();
    }
    let count = c.below(7);
    let mut elements: Vec<Vec<u8>> = Vec::with_capacity(count);
    for _ in 0..count {
        let element = match c.weighted(&[12, 2, 1]) {
            0 => {
                let name = if !listed.is_empty() && c.chance(65) {
                    c.pick(listed)
                } else {
                    c.pick(&HEADER_NAMES)
                };
                let name = recase(name, c.below(1 << 16));
                let before = c.pick(&WHITESPACE);
                let after = c.pick(&WHITESPACE);
                format!("{before}{name}{after}").into_bytes()
            }
            1 => c.pick(&WHITESPACE).as_bytes().to_vec(),
            _ => c.pick(&NOT_TOKENS).to_vec(),
        };
        elements.push(element);
    }
    let mut cuts: Vec<usize> = (0..c.weighted(&[4, 2, 1]))
        .map(|_| c.below(count + 1))
        .collect();
    cuts.sort_unstable();
    let mut lines = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([count]) {
        lines.push(elements[start..cut].join(&b","[..]));
        start = cut;
    }
    lines
}

fn credentials(c: &mut Choices) -> Credentials {
    if c.chance(50) {
        Credentials::Include
    } else {
        Credentials::Omit
    }
}

// ---------------------------------------------------------------------------------------
// Exchanges.
// ---------------------------------------------------------------------------------------

/// A preflight: `OPTIONS` with `Origin` (rarely none: then it is not one), one
/// `Access-Control-Request-Method`, maybe `Access-Control-Request-Headers` and
/// `Access-Control-Request-Private-Network`.
fn preflight_exchange(subject: &'static Subject) -> impl Strategy<Value = Exchange> {
    let everyone = every_example();
    let names = listed_names(subject);
    let methods = listed_methods(subject);
    from_choices(move |c| {
        let mut exchange = Exchange::new("OPTIONS");
        for origin in origin_lines(subject, &everyone, 1, c) {
            exchange = exchange.header("origin", origin);
        }
        exchange = exchange.header("access-control-request-method", method(&methods, c));
        for line in requested_headers(names, c) {
            exchange = exchange.header("access-control-request-headers", line);
        }
        match c.weighted(&[3, 1, 1]) {
            0 => {}
            1 => exchange = exchange.header("access-control-request-private-network", "true"),
            _ => exchange = exchange.header("access-control-request-private-network", "false"),
        }
        exchange.credentials = credentials(c);
        exchange
    })
}

const ACTUAL_METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The handler's `Vary` lines.
const HANDLER_VARY: [&[&str]; 8] = [
    &[],
    &["accept-encoding"],
    &["Accept-Encoding, Origin"],
    &["origin"],
    &["*"],
    &["accept-encoding", "accept-language"],
    &["ORIGIN"],
    &["cookie, *"],
];

/// Headers the handler may set, one bit each.
const HANDLER_HEADERS: [(&str, &str); 8] = [
    ("content-type", "application/json"),
    ("x-request-id", "r-1"),
    ("x-trace-id", "t-1"),
    ("x-total-count", "3"),
    ("set-cookie", "session=1"),
    ("cache-control", "no-store"),
    ("x-page-number", "2"),
    ("x-other", "o"),
];

/// An actual request (or one without `Origin`): any method, `OPTIONS` without
/// `Access-Control-Request-Method`, other methods sometimes with one; and the handler's
/// response headers: `Vary`, a stale `Access-Control-Allow-Origin`, others.
fn actual_exchange(subject: &'static Subject) -> impl Strategy<Value = Exchange> {
    let everyone = every_example();
    let names = listed_names(subject);
    let methods = listed_methods(subject);
    from_choices(move |c| {
        let http_method = c.pick(&ACTUAL_METHODS);
        let mut exchange = Exchange::new(http_method);
        for origin in origin_lines(subject, &everyone, 4, c) {
            exchange = exchange.header("origin", origin);
        }
        if c.chance(20) && http_method != "OPTIONS" {
            exchange = exchange.header("access-control-request-method", method(&methods, c));
        }
        for line in requested_headers(names, c) {
            exchange = exchange.header("access-control-request-headers", line);
        }
        exchange.credentials = credentials(c);
        for line in c.pick(&HANDLER_VARY) {
            exchange = exchange.handler_header("vary", line);
        }
        if c.chance(30) {
            exchange =
                exchange.handler_header("access-control-allow-origin", "https://stale.invalid");
        }
        let bits = c.below(1 << HANDLER_HEADERS.len());
        for (i, (name, value)) in HANDLER_HEADERS.iter().enumerate() {
            if bits & (1 << i) != 0 {
                exchange = exchange.handler_header(name, value);
            }
        }
        exchange
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn check(subject: &Subject, exchange: &Exchange) -> Result<(), TestCaseError> {
    judge(subject, exchange)
        .map_err(|reason| TestCaseError::fail(format!("{}: {reason}", subject.name)))
}

macro_rules! policy_properties {
    ($($module:ident => $name:literal,)*) => {
        $(
            mod $module {
                use super::*;

                proptest! {
                    #![proptest_config(config())]

                    #[test]
                    fn preflight(exchange in preflight_exchange(subject($name))) {
                        check(subject($name), &exchange)?;
                    }

                    #[test]
                    fn actual(exchange in actual_exchange(subject($name))) {
                        check(subject($name), &exchange)?;
                    }
                }
            }
        )*

        /// Every subject has its properties.
        #[test]
        fn every_subject_is_tested() {
            let tested = [$($name),*];
            for subject in &SUBJECTS {
                assert!(tested.contains(&subject.name), "{} has no property test", subject.name);
            }
        }
    };
}

policy_properties! {
    any_everything => "ANY_EVERYTHING",
    doc_development => "DOC_DEVELOPMENT",
    origin_only => "ORIGIN_ONLY",
    many_origins => "MANY_ORIGINS",
    subdomains => "SUBDOMAINS",
    localhost_any_port => "LOCALHOST_ANY_PORT",
    patterns_and_exact => "PATTERNS_AND_EXACT",
    credentials_echo => "CREDENTIALS_ECHO",
    star_without_credentials => "STAR_WITHOUT_CREDENTIALS",
    private_network => "PRIVATE_NETWORK",
    expose_any => "EXPOSE_ANY",
    case_sensitive_methods => "CASE_SENSITIVE_METHODS",
    doc_reference => "DOC_REFERENCE",
    doc_spa => "DOC_SPA",
    doc_mobile => "DOC_MOBILE",
    doc_local_development_echo => "DOC_LOCAL_DEVELOPMENT_ECHO",
}

/// The generators reach what they are for: over a sample of each subject's preflights,
/// some are allowed and some refused, and some actual requests are shared and some not.
#[test]
fn generators_reach_both_verdicts() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    for subject in &SUBJECTS {
        let mut runner = TestRunner::deterministic();
        let strategy = preflight_exchange(subject);
        let (mut allowed, mut refused) = (0, 0);
        for _ in 0..2_000 {
            let exchange = strategy.new_tree(&mut runner).unwrap().current();
            let request = exchange.request_headers();
            if !request.contains_key("origin") {
                continue;
            }
            match subject.definition.preflight(&request) {
                Verdict::Allowed => allowed += 1,
                Verdict::Refused(_) => refused += 1,
                Verdict::Either(reason) => panic!("{}: {reason}", subject.name),
            }
        }
        assert!(
            allowed >= 50 && refused >= 50,
            "{}: {allowed} allowed and {refused} refused preflights of 2000",
            subject.name
        );

        let strategy = actual_exchange(subject);
        let (mut shared, mut hidden) = (0, 0);
        for _ in 0..2_000 {
            let exchange = strategy.new_tree(&mut runner).unwrap().current();
            let request = exchange.request_headers();
            let origins: Vec<&[u8]> = request
                .get_all("origin")
                .iter()
                .map(|v| v.as_bytes())
                .collect();
            if origins.is_empty() {
                continue;
            }
            if subject.definition.allows_origin(&origins) {
                shared += 1;
            } else {
                hidden += 1;
            }
        }
        let star = !subject.definition.varies_on_origin();
        assert!(
            shared >= 50 && (star || hidden >= 50),
            "{}: {shared} allowed and {hidden} other origins of 2000",
            subject.name
        );
    }
}

/// Each subject's definition is one of a policy §2 lets compile (a check of the test's
/// own model).
#[test]
fn definitions_are_of_policies_that_compile() {
    for subject in &SUBJECTS {
        assert_eq!(subject.definition.validate(), Ok(()), "{}", subject.name);
    }
}

/// The examples each subject allows are allowed by its definition (a check of the
/// test's own model).
#[test]
fn allowed_examples_are_allowed_by_their_definitions() {
    for subject in &SUBJECTS {
        for example in subject.allowed_examples {
            assert!(
                subject.definition.allows_origin(&[example.as_bytes()]),
                "{}: {example}",
                subject.name
            );
        }
    }
}
