//! What an entry of `allow_origins` must be: an origin exactly as a browser serializes it
//! in the `Origin` header (SPEC §2 rules 4 and 5), since the runtime compares bytes; or a
//! pattern of such origins (§1.4): `*.` for one or more leading DNS labels, `:*` for any
//! port or none.

use std::net::Ipv6Addr;

use crate::punycode;

/// An entry of `allow_origins` that passed the checks, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Origin {
    /// The scheme, lower case, without `://`.
    pub scheme: String,
    /// The host, or the domain whose subdomains it stands for.
    pub host: Host,
    /// The port, none, or any.
    pub port: Port,
}

/// The host of an origin or pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// This host exactly.
    Exact(String),
    /// `*.DOMAIN`: one or more whole labels, then `.DOMAIN`.
    Subdomains(String),
}

/// The port of an origin or pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Port {
    /// No port: the scheme's default.
    Absent,
    /// This port, as written.
    Exact(String),
    /// `:*`: any explicit port, or none.
    Any,
}

impl Origin {
    /// Whether it stands for more than one origin.
    pub fn is_pattern(&self) -> bool {
        matches!(self.host, Host::Subdomains(_)) || self.port == Port::Any
    }

    /// Whether every origin `other` stands for is one this pattern stands for too.
    pub fn covers(&self, other: &Origin) -> bool {
        let under = |host: &str, domain: &str| {
            host.strip_suffix(domain)
                .is_some_and(|labels| labels.len() > 1 && labels.ends_with('.'))
        };
        let host = match (&self.host, &other.host) {
            (Host::Exact(mine), Host::Exact(theirs)) => mine == theirs,
            (Host::Exact(_), Host::Subdomains(_)) => false,
            (Host::Subdomains(domain), Host::Exact(host)) => under(host, domain),
            (Host::Subdomains(domain), Host::Subdomains(theirs)) => {
                theirs == domain || under(theirs, domain)
            }
        };
        let port = self.port == Port::Any || self.port == other.port;
        self.scheme == other.scheme && host && port
    }
}

/// Why an entry is not a serialized origin, and the entry as it should be written when
/// that can be told.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejected {
    /// Completes "`allow_origins` entry "…" ": says what is wrong and why.
    pub why: String,
    /// The entry corrected, when there is one obvious correction that is valid.
    pub fix: Option<String>,
    /// What to do instead, when there is no correction to offer.
    pub advice: &'static str,
    /// The entries to list instead of it, when it stands for several origins (a Nexus
    /// glob such as `https://{app,admin}.example.com`): each one valid, in order.
    pub entries: Vec<String>,
}

const WRITE_AS_BROWSERS_DO: &str = "write the origin as the page's `location.origin` shows it: \
     `scheme://host` with an optional `:port`, in lower case";

fn rejected<T>(why: impl Into<String>, fix: Option<String>) -> Result<T, Rejected> {
    Err(Rejected {
        why: why.into(),
        fix,
        advice: WRITE_AS_BROWSERS_DO,
        entries: Vec::new(),
    })
}

fn rejected_with<T>(why: impl Into<String>, advice: &'static str) -> Result<T, Rejected> {
    Err(Rejected {
        why: why.into(),
        fix: None,
        advice,
        entries: Vec::new(),
    })
}

/// Schemes whose URLs have an opaque origin, serialized as `null`.
const OPAQUE_SCHEMES: [&str; 5] = ["file", "data", "blob", "about", "javascript"];

/// Checks that `origin` is `scheme "://" host [":" port]` as a browser sends it, or a
/// pattern of such origins, and splits it.
pub fn check(origin: &str) -> Result<Origin, Rejected> {
    if origin.eq_ignore_ascii_case("null") {
        return rejected_with(
            "is the opaque origin: sandboxed iframes, `file:` pages and redirected requests all \
             send `Origin: null`, so any page can forge it",
            "remove it, and serve the calling page from an `http(s)://` origin to list instead",
        );
    }
    if origin.is_empty() {
        return rejected_with(
            "is empty",
            "write an origin such as \"https://app.example.com\"",
        );
    }
    if let Ok(expanded) = expand_braces(origin) {
        return brace_glob(expanded);
    }
    if origin.chars().any(char::is_whitespace) {
        let compact: String = origin.chars().filter(|c| !c.is_whitespace()).collect();
        return rejected(
            "contains whitespace, which never appears in an `Origin` header",
            corrected(compact),
        );
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        let scheme = origin.split(':').next().unwrap_or_default();
        if OPAQUE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) && origin.contains(':') {
            return opaque(scheme);
        }
        return rejected(
            "is not an origin: an origin is `scheme://host` with an optional `:port`",
            valid(format!("https://{origin}")),
        );
    };
    if OPAQUE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        return opaque(&scheme.to_ascii_lowercase());
    }
    if origin.bytes().any(|byte| byte.is_ascii_uppercase()) {
        return rejected(
            "has upper-case letters: browsers send the scheme and host in lower case, so it \
             would never match",
            corrected(origin.to_ascii_lowercase()),
        );
    }
    check_scheme(scheme)?;
    if let Some(at) = rest.find(['/', '?', '#']) {
        let what = match rest.as_bytes()[at] {
            b'/' if at + 1 == rest.len() => "a trailing `/`",
            b'/' => "a path",
            b'?' => "a query",
            _ => "a fragment",
        };
        return rejected(
            format!(
                "has {what}: an `Origin` header is only the scheme, host and port, so it \
                 would never match"
            ),
            valid(format!("{scheme}://{}", &rest[..at])),
        );
    }
    if let Some(at) = rest.rfind('@') {
        return rejected(
            "has user information before `@`: an `Origin` header never carries it",
            valid(format!("{scheme}://{}", &rest[at + 1..])),
        );
    }
    let (host, port) = split_port(rest)?;
    let host = if host.contains('*') {
        Host::Subdomains(check_subdomain_pattern(scheme, host, port)?.to_owned())
    } else {
        check_host(scheme, host, port)?;
        Host::Exact(host.to_owned())
    };
    let port = match port {
        None => Port::Absent,
        Some("*") => Port::Any,
        Some(port) => {
            let written_host = match &host {
                Host::Exact(host) => host.clone(),
                Host::Subdomains(domain) => format!("*.{domain}"),
            };
            check_port(scheme, &written_host, port)?;
            Port::Exact(port.to_owned())
        }
    };
    Ok(Origin {
        scheme: scheme.to_owned(),
        host,
        port,
    })
}

const PATTERN_ADVICE: &str = "write a pattern as `*.` and the domain, as in \
                              \"https://*.example.com\", and `:*` for any port, as in \
                              \"http://localhost:*\"";

/// A host with a `*`: it must be `*.` followed by a DNS name. Returns that name.
fn check_subdomain_pattern<'a>(
    scheme: &str,
    host: &'a str,
    port: Option<&str>,
) -> Result<&'a str, Rejected> {
    if host == "*" {
        return rejected_with(
            "has `*` as its whole host, which would allow every site",
            PATTERN_ADVICE,
        );
    }
    let Some(domain) = host
        .strip_prefix("*.")
        .filter(|domain| !domain.contains('*'))
    else {
        return rejected_with(
            "has a `*` that is not a leading `*.`: in a pattern, `*` stands for one or more \
             whole labels at the start of the host",
            PATTERN_ADVICE,
        );
    };
    let last_label = domain.rsplit('.').next().unwrap_or_default();
    if domain.starts_with('[')
        || (!last_label.is_empty() && last_label.bytes().all(|byte| byte.is_ascii_digit()))
    {
        return rejected_with(
            "has `*.` before an IP address: `*` stands for DNS labels, which addresses do not \
             have",
            "list each address; `:*` allows any port, as in \"http://127.0.0.1:*\"",
        );
    }
    match check_host(scheme, domain, port) {
        Ok(()) => Ok(domain),
        Err(rejected) => Err(Rejected {
            fix: rejected
                .fix
                .and_then(|fix| valid(fix.replacen("://", "://*.", 1))),
            advice: PATTERN_ADVICE,
            ..rejected
        }),
    }
}

/// At most this many origins are offered for a Nexus glob: more are better written as a
/// `*.` pattern, or listed by hand.
const MOST_EXPANSIONS: usize = 16;

/// Braces beyond this many in one entry are not read as a glob.
const MOST_BRACES: usize = 32;

/// What a Nexus brace glob (`{a,b}`, SPEC §1.4: not a pattern here) stands for, after
/// [`expand_braces`]: the origins to list instead, each checked; or the first that is
/// not an origin, and why.
fn brace_glob<T>(expanded: Braces) -> Result<T, Rejected> {
    let globs = match expanded.groups.as_slice() {
        [one] => format!("`{one}`, a Nexus glob, which is not a pattern here"),
        [init @ .., last] => format!(
            "`{}` and `{last}`, Nexus globs, which are not patterns here",
            init.join("`, `")
        ),
        [] => unreachable!("a glob has a group"),
    };
    let Some(origins) = expanded.origins else {
        return rejected_with(
            format!(
                "uses {globs} (only `*.` and `:*` are), and it stands for more than \
                 {MOST_EXPANSIONS} origins, too many to list"
            ),
            "list the origins that may call, each in full, or write a pattern such as \
             \"https://*.example.com\"",
        );
    };
    // Each origin it stands for, or the correction its check offers; every fault.
    let mut entries: Vec<String> = Vec::with_capacity(origins.len());
    let mut faults: Vec<(String, Rejected)> = Vec::new();
    for expansion in origins {
        let entry = match check(&expansion) {
            Ok(_) => Some(expansion),
            Err(rejected) => {
                let fix = rejected.fix.clone();
                faults.push((expansion, rejected));
                fix
            }
        };
        if let Some(entry) = entry.filter(|entry| !entries.contains(entry)) {
            entries.push(entry);
        }
    }
    // The fault to tell: the first that has no correction, or else the first.
    let fault = faults
        .iter()
        .find(|(_, rejected)| rejected.fix.is_none())
        .or(faults.first());
    let why = match fault {
        None => format!(
            "uses {globs}: only `*.` (leading labels) and `:*` (any port) are, and other \
             origins are listed one by one"
        ),
        Some((expansion, rejected)) => format!(
            "uses {globs} (only `*.` and `:*` are), and {expansion:?}, one of the origins it \
             stands for, {}",
            rejected.why
        ),
    };
    // An origin without a correction: no list to offer, only what to do about it.
    if let Some((_, rejected)) = fault.filter(|(_, rejected)| rejected.fix.is_none()) {
        return rejected_with(why, rejected.advice);
    }
    // Listed together, an origin that a pattern among them allows would be an error.
    let parsed: Vec<Option<Origin>> = entries.iter().map(|entry| check(entry).ok()).collect();
    let covered = |origin: &Option<Origin>| {
        origin.as_ref().is_some_and(|origin| {
            parsed
                .iter()
                .flatten()
                .any(|other| other != origin && other.is_pattern() && other.covers(origin))
        })
    };
    let entries: Vec<String> = entries
        .into_iter()
        .zip(&parsed)
        .filter(|(_, origin)| !covered(origin))
        .map(|(entry, _)| entry)
        .collect();
    if let [entry] = entries.as_slice() {
        return rejected(why, Some(entry.clone()));
    }
    Err(Rejected {
        why,
        fix: None,
        advice: WRITE_AS_BROWSERS_DO,
        entries,
    })
}

/// A Nexus brace glob, expanded.
#[derive(Debug, PartialEq, Eq)]
struct Braces {
    /// The outermost `{…}` groups, as written.
    groups: Vec<String>,
    /// The texts it stands for, in order; `None` when more than [`MOST_EXPANSIONS`].
    origins: Option<Vec<String>>,
}

/// Expands `{a,b}` as Nexus's globs do: `x{a,b}y` is `xay` or `xby`; groups may be nested
/// and repeated, and an alternative may be empty (`https://{,www.}example.com`). `Err`
/// when the text has no brace, or braces that do not pair up.
fn expand_braces(text: &str) -> Result<Braces, ()> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'{' => {
                if depth == 0 {
                    open = at;
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.checked_sub(1).ok_or(())?;
                if depth == 0 {
                    groups.push(text[open..=at].to_owned());
                }
            }
            _ => {}
        }
    }
    // More braces than any glob of origins has: not expanded, so that the recursion
    // stays shallow; the ordinary checks reject the entry.
    if depth != 0 || groups.is_empty() || text.matches('{').count() > MOST_BRACES {
        return Err(());
    }
    Ok(Braces {
        groups,
        origins: expansions(text, MOST_EXPANSIONS),
    })
}

/// The texts balanced braces stand for, or `None` when there are more than `most`.
fn expansions(text: &str, most: usize) -> Option<Vec<String>> {
    let Some(open) = text.find('{') else {
        return Some(vec![text.to_owned()]);
    };
    // The group's alternatives, split at the commas of its own depth, and its `}`.
    let (mut depth, mut start, mut close) = (0usize, open + 1, open);
    let mut alternatives = Vec::new();
    for (at, byte) in text.bytes().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    alternatives.push(&text[start..at]);
                    close = at;
                    break;
                }
            }
            b',' if depth == 1 => {
                alternatives.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    let (prefix, suffixes) = (&text[..open], expansions(&text[close + 1..], most)?);
    let mut out = Vec::new();
    for alternative in alternatives {
        for middle in expansions(alternative, most)? {
            for end in &suffixes {
                if out.len() == most {
                    return None;
                }
                out.push(format!("{prefix}{middle}{end}"));
            }
        }
    }
    Some(out)
}

/// The candidate, or the fix its own check offers: an origin with two faults (upper case
/// and a trailing slash) is offered the entry with both corrected. Only for corrections
/// that cannot bring back the fault they remove (case, whitespace), so that this ends.
fn corrected(candidate: String) -> Option<String> {
    match check(&candidate) {
        Ok(_) => Some(candidate),
        Err(rejected) => rejected.fix,
    }
}

/// `Some(candidate)` when the candidate passes the check: only fixes that work are offered.
fn valid(candidate: String) -> Option<String> {
    check(&candidate).is_ok().then_some(candidate)
}

fn opaque<T>(scheme: &str) -> Result<T, Rejected> {
    rejected_with(
        format!(
            "is a `{scheme}:` URL, whose origin is opaque: browsers send `Origin: null` for it, \
             which any page can forge"
        ),
        "remove it, and serve the calling page from an `http(s)://` origin to list instead",
    )
}

fn check_scheme(scheme: &str) -> Result<(), Rejected> {
    let mut bytes = scheme.bytes();
    let starts_with_letter = bytes.next().is_some_and(|byte| byte.is_ascii_alphabetic());
    let rest_valid = bytes.all(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(&byte));
    if starts_with_letter && rest_valid {
        return Ok(());
    }
    if scheme.contains('*') {
        return rejected_with(
            "has a `*` in the scheme: the scheme must be written out",
            "list the origin once per scheme, e.g. \"https://app.example.com\"",
        );
    }
    rejected(
        format!(
            "has the scheme `{scheme}`, which is not a URL scheme (a letter, then letters, \
             digits, `+`, `-` or `.`)"
        ),
        None,
    )
}

fn split_port(rest: &str) -> Result<(&str, Option<&str>), Rejected> {
    if let Some(after_bracket) = rest.strip_prefix('[') {
        let Some(close) = after_bracket.find(']') else {
            return rejected("has an IPv6 address without its closing `]`", None);
        };
        let (host, after) = rest.split_at(close + 2);
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => rejected("has characters after its IPv6 address", None),
        };
    }
    Ok(match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

fn check_host(scheme: &str, host: &str, port: Option<&str>) -> Result<(), Rejected> {
    let with_host = |host: &str| {
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        valid(format!("{scheme}://{host}{port}"))
    };
    if host.is_empty() {
        return rejected("has no host", None);
    }
    if let Some(address) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let Ok(parsed) = address.parse::<Ipv6Addr>() else {
            return rejected(
                format!("has `[{address}]`, which is not an IPv6 address"),
                None,
            );
        };
        let serialized = serialize_ipv6(parsed);
        if serialized != address {
            return rejected(
                "has an IPv6 address not written as browsers serialize it (lower case, \
                 longest run of zeros as `::`, no leading zeros)",
                with_host(&format!("[{serialized}]")),
            );
        }
        return Ok(());
    }
    if !host.is_ascii() {
        let why = "has a non-ASCII host: browsers send internationalized names in their ASCII \
                   (punycode, `xn--…`) form";
        let ascii: Option<Vec<String>> = host
            .split('.')
            .map(|label| match label.is_ascii() {
                true => Some(label.to_owned()),
                false => punycode::encode(&label.to_lowercase()).map(|code| format!("xn--{code}")),
            })
            .collect();
        return match ascii.and_then(|labels| with_host(&labels.join("."))) {
            Some(fix) => rejected(why, Some(fix)),
            None => rejected_with(
                why,
                "write the host's `xn--` form, as `new URL(\"https://…\").origin` shows it",
            ),
        };
    }
    if let Some(bad) = host
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
    {
        return rejected(
            format!("has `{bad}` in its host, which cannot be in a host name"),
            None,
        );
    }
    if let Some(label) = host.split('.').find(|label| !is_punycode_or_plain(label)) {
        return rejected_with(
            format!(
                "has the label `{label}`, which is not the `xn--` form of an internationalized \
                 name: browsers never send it"
            ),
            "write the host's `xn--` form as `new URL(\"https://…\").origin` shows it",
        );
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|label| label.is_empty()) {
        let trimmed = host.trim_matches('.');
        let what = if host.ends_with('.') && !trimmed.contains("..") && !host.starts_with('.') {
            "ends with a dot: browsers send the host without it, so it would never match"
        } else {
            "has an empty label in its host (a leading dot or two dots in a row)"
        };
        let fix = if trimmed.contains("..") {
            None
        } else {
            with_host(trimmed)
        };
        return rejected(what, fix);
    }
    let last = labels[labels.len() - 1];
    let numeric = last.bytes().all(|byte| byte.is_ascii_digit())
        || (last.starts_with("0x") || last.starts_with("0X"));
    if numeric {
        let canonical = labels.len() == 4
            && labels.iter().all(|label| {
                label.len() <= 3
                    && label.bytes().all(|byte| byte.is_ascii_digit())
                    && (label.len() == 1 || !label.starts_with('0'))
                    && label.parse::<u16>().is_ok_and(|value| value <= 255)
            });
        if !canonical {
            return rejected_with(
                "has a host that ends in a number but is not an IPv4 address in dotted \
                 decimal (four numbers from 0 to 255, no leading zeros), as browsers send it",
                "write the address as four decimal numbers, e.g. \"http://192.168.0.10:8080\"",
            );
        }
    }
    Ok(())
}

const PORT_ADVICE: &str = "write the port the calling page is served from, from 1 to 65535";

/// A label is plain ASCII, or `xn--` and the Punycode of a lower-case name with letters
/// or digits beyond ASCII, written as the encoder writes it.
fn is_punycode_or_plain(label: &str) -> bool {
    let Some(encoded) = label.strip_prefix("xn--") else {
        return true;
    };
    punycode::decode(encoded).is_some_and(|name| {
        !name.is_ascii()
            && name
                .chars()
                .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()))
            && punycode::encode(&name).as_deref() == Some(encoded)
    })
}

fn check_port(scheme: &str, host: &str, port: &str) -> Result<(), Rejected> {
    let without_port = || valid(format!("{scheme}://{host}"));
    if port.is_empty() {
        return rejected("has a `:` but no port after it", without_port());
    }
    if port.contains('*') {
        return rejected_with(
            format!("has the port `{port}`: `*` stands for a whole port, as in `:*`"),
            PATTERN_ADVICE,
        );
    }
    if !port.bytes().all(|byte| byte.is_ascii_digit()) {
        return rejected_with(
            format!("has the port `{port}`, which is not a number"),
            PORT_ADVICE,
        );
    }
    if port.len() > 1 && port.starts_with('0') {
        let trimmed = port.trim_start_matches('0');
        return rejected(
            format!("has the port `{port}` with a leading zero: browsers never send one"),
            valid(format!("{scheme}://{host}:{trimmed}")),
        );
    }
    match port.parse::<u32>() {
        Ok(0) => return rejected_with("has port 0, which no server can listen on", PORT_ADVICE),
        Ok(1..=65535) => {}
        _ => return rejected_with(format!("has the port {port}, above 65535"), PORT_ADVICE),
    }
    let default = match scheme {
        "http" | "ws" => "80",
        "https" | "wss" => "443",
        "ftp" => "21",
        _ => "",
    };
    if port == default {
        return rejected(
            format!(
                "has `:{port}`, the default port of `{scheme}`: browsers leave it out of the \
                 `Origin` header, so it would never match"
            ),
            without_port(),
        );
    }
    Ok(())
}

/// The URL standard's IPv6 serializer: lower-case hex, the first longest run of two or
/// more zero pieces written `::`.
fn serialize_ipv6(address: Ipv6Addr) -> String {
    let pieces = address.segments();
    let mut longest = (0, 0); // (start, length)
    let mut index = 0;
    while index < 8 {
        let start = index;
        while index < 8 && pieces[index] == 0 {
            index += 1;
        }
        if index - start > longest.1 {
            longest = (start, index - start);
        }
        index += 1;
    }
    let mut out = String::new();
    let mut index = 0;
    while index < 8 {
        if longest.1 >= 2 && index == longest.0 {
            out.push_str(if index == 0 { "::" } else { ":" });
            index += longest.1;
            continue;
        }
        out.push_str(&format!("{:x}", pieces[index]));
        if index < 7 {
            out.push(':');
        }
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_serialized_origins() {
        for origin in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://10.0.2.2:8000",
            "capacitor://localhost",
            "ionic://localhost",
            "http://[::1]:8080",
            "https://[2001:db8::1]",
            "https://xn--bcher-kva.example",
            "http://a_b.example:65535",
        ] {
            assert!(check(origin).is_ok(), "{origin}: {:?}", check(origin));
        }
    }

    #[test]
    fn rejects_what_a_browser_never_sends_and_offers_the_fix() {
        for (origin, fix) in [
            ("https://app.example.com/", Some("https://app.example.com")),
            ("https://App.example.com", Some("https://app.example.com")),
            ("https://example.com:443", Some("https://example.com")),
            ("http://example.com:80", Some("http://example.com")),
            ("https://example.com.", Some("https://example.com")),
            (
                "https://example.com:08080",
                Some("https://example.com:8080"),
            ),
            ("https://user@example.com", Some("https://example.com")),
            ("example.com", Some("https://example.com")),
            ("http://[::0001]", Some("http://[::1]")),
            ("https://example.com:0", None),
            ("https://example.com:65536", None),
            ("https://exämple.com", Some("https://xn--exmple-cua.com")),
            (
                "https://Bücher.example",
                Some("https://xn--bcher-kva.example"),
            ),
            ("https://a..b.com", None),
            ("null", None),
            ("file:///home/me/index.html", None),
            ("http://0x7f.1", None),
            ("http://01.2.3.4", None),
            ("https://example.com:", Some("https://example.com")),
            ("https://exa mple.com", Some("https://example.com")),
        ] {
            let rejection = check(origin).expect_err(origin);
            assert_eq!(rejection.fix.as_deref(), fix, "{origin}: {}", rejection.why);
        }
    }

    #[test]
    fn splits_patterns() {
        let pattern = check("https://*.example.com:*").unwrap();
        assert!(pattern.is_pattern());
        assert_eq!(pattern.host, Host::Subdomains("example.com".to_owned()));
        assert_eq!(pattern.port, Port::Any);
        let any_port = check("http://localhost:*").unwrap();
        assert_eq!(any_port.host, Host::Exact("localhost".to_owned()));
        assert!(any_port.is_pattern());
        assert!(check("http://127.0.0.1:*").unwrap().is_pattern());
        assert!(!check("https://app.example.com:8443").unwrap().is_pattern());
    }

    #[test]
    fn rejects_every_other_wildcard() {
        for origin in [
            "https://*example.com",
            "https://foo.*.example.com",
            "https://*.*.example.com",
            "https://**.example.com",
            "https://*",
            "https://*.",
            "https://*..example.com",
            "https://*.example.com.",
            "*://example.com",
            "http*://example.com",
            "https://*.1.2.3.4",
            "https://*.[::1]",
            "http://localhost:8*",
            "http://localhost:**",
        ] {
            assert!(check(origin).is_err(), "{origin} must be rejected");
        }
    }

    #[test]
    fn a_pattern_covers_what_it_stands_for() {
        let covers =
            |pattern: &str, other: &str| check(pattern).unwrap().covers(&check(other).unwrap());
        assert!(covers("https://*.example.com", "https://a.example.com"));
        assert!(covers("https://*.example.com", "https://a.b.example.com"));
        assert!(covers("https://*.example.com", "https://*.b.example.com"));
        assert!(covers("https://*.example.com:*", "https://*.example.com"));
        assert!(covers(
            "https://*.example.com:*",
            "https://a.example.com:8443"
        ));
        assert!(covers("http://localhost:*", "http://localhost:3000"));
        assert!(covers("http://localhost:*", "http://localhost"));
        assert!(!covers("https://*.example.com", "https://example.com"));
        assert!(!covers("https://*.example.com", "https://evil-example.com"));
        assert!(!covers(
            "https://*.example.com",
            "https://a.example.com:8443"
        ));
        assert!(!covers("https://*.example.com", "http://a.example.com"));
        assert!(!covers("https://*.example.com", "https://*.example.com:*"));
        assert!(!covers("http://localhost:3000", "http://localhost:*"));
    }

    /// A Nexus brace glob is refused, and the origins it stands for offered, each checked.
    #[test]
    fn brace_globs_offer_the_origins_they_stand_for() {
        for (glob, entries) in [
            (
                "https://{app,admin}.example.com",
                &["https://app.example.com", "https://admin.example.com"][..],
            ),
            (
                "{http,https}://app.example.com",
                &["http://app.example.com", "https://app.example.com"],
            ),
            (
                "https://{,www.}example.com",
                &["https://example.com", "https://www.example.com"],
            ),
            (
                "http://localhost:{3000,5173}",
                &["http://localhost:3000", "http://localhost:5173"],
            ),
            (
                "https://{a,{b,c}}.example.com",
                &[
                    "https://a.example.com",
                    "https://b.example.com",
                    "https://c.example.com",
                ],
            ),
            (
                "https://{a,b}.{x,y}.com",
                &[
                    "https://a.x.com",
                    "https://a.y.com",
                    "https://b.x.com",
                    "https://b.y.com",
                ],
            ),
            (
                "https://*.{a,b}.example.com",
                &["https://*.a.example.com", "https://*.b.example.com"],
            ),
            // An expansion that is not an origin is corrected, not offered as it is.
            (
                "https://{app,Admin}.example.com",
                &["https://app.example.com", "https://admin.example.com"],
            ),
            (
                "https://{app,admin}.example.com/",
                &["https://app.example.com", "https://admin.example.com"],
            ),
        ] {
            let rejection = check(glob).expect_err(glob);
            assert_eq!(rejection.entries, entries, "{glob}: {}", rejection.why);
            assert_eq!(rejection.fix, None, "{glob}");
            assert!(
                rejection.why.starts_with("uses `{"),
                "{glob}: {}",
                rejection.why
            );
            for entry in entries {
                assert!(check(entry).is_ok(), "{glob} offers {entry}");
            }
        }
    }

    #[test]
    fn brace_globs_that_offer_one_origin_or_none() {
        for (glob, fix) in [
            ("https://{app}.example.com", "https://app.example.com"),
            ("https://{app,app}.example.com", "https://app.example.com"),
            // Listed with the pattern, the origin would be an error: only the pattern.
            ("https://{app,*}.example.com", "https://*.example.com"),
        ] {
            let rejection = check(glob).expect_err(glob);
            assert_eq!(rejection.fix.as_deref(), Some(fix), "{glob}");
            assert!(rejection.entries.is_empty(), "{glob}");
        }
        for (glob, why) in [
            (
                "https://{app,admin}.example.com:0",
                "and \"https://app.example.com:0\", one of the origins it stands for, has port 0",
            ),
            (
                "{https,file}://app.example.com",
                "\"file://app.example.com\", one of the origins it stands for, is a `file:` URL",
            ),
            ("https://{a,b,c,d}.{e,f,g,h,i}.com", "more than 16 origins"),
        ] {
            let rejection = check(glob).expect_err(glob);
            assert!(rejection.why.contains(why), "{glob}: {}", rejection.why);
            assert!(
                rejection.fix.is_none() && rejection.entries.is_empty(),
                "{glob}"
            );
        }
        // Braces that do not pair up are no glob: the host's character is the fault.
        let rejection = check("https://{app.example.com").unwrap_err();
        assert!(
            rejection.why.contains("has `{` in its host"),
            "{}",
            rejection.why
        );
        // Nor are too many braces, however they pair.
        let deep = format!("https://{}a{}.com", "{".repeat(40), "}".repeat(40));
        assert!(check(&deep)
            .unwrap_err()
            .why
            .contains("has `{` in its host"));
    }

    #[test]
    fn serializes_ipv6_like_browsers() {
        for (written, serialized) in [
            ("::1", "::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("1:0:0:0:0:0:0:0", "1::"),
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ] {
            assert_eq!(serialize_ipv6(written.parse().unwrap()), serialized);
        }
    }
}
