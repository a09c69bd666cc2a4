//! The Public Suffix List (<https://publicsuffix.org>), to refuse a credentialed pattern
//! such as `https://*.github.io`: anyone can register a name under a public suffix. The
//! list is compiled into the macro, and into a server only with `cors-runtime`'s `load`
//! feature (about 330 KiB of text); its rules are read the first time a credentialed
//! pattern is checked.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::punycode;

/// `public_suffix_list.dat` as published (its version is in its header); Mozilla Public
/// License 2.0.
const LIST: &str = include_str!("public_suffix_list.dat");

/// The list's rules, internationalized names in their ASCII (`xn--`) form, as hosts are
/// written in origins.
struct Rules {
    /// `co.uk`: a public suffix.
    exact: HashSet<String>,
    /// `*.ck` stored as `ck`: every name directly under it is a public suffix...
    wildcard: HashSet<String>,
    /// ...except those listed as `!www.ck`, stored as `www.ck`.
    exception: HashSet<String>,
    /// Every name with a public suffix under it, and one such suffix, as written in the
    /// list: `amazonaws.com` → `s3.amazonaws.com`.
    above_a_suffix: HashMap<String, String>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Rules {
            exact: HashSet::new(),
            wildcard: HashSet::new(),
            exception: HashSet::new(),
            above_a_suffix: HashMap::new(),
        };
        let entries = LIST
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|rule| !rule.starts_with("//"));
        for written in entries {
            let Some(rule) = to_ascii(written) else {
                continue;
            };
            let suffix = if let Some(name) = rule.strip_prefix('!') {
                rules.exception.insert(name.to_owned());
                continue;
            } else if let Some(parent) = rule.strip_prefix("*.") {
                rules.wildcard.insert(parent.to_owned());
                rule.clone()
            } else {
                rules.exact.insert(rule.clone());
                rule.clone()
            };
            let mut name = suffix.as_str();
            while let Some((_, parent)) = name.split_once('.') {
                rules
                    .above_a_suffix
                    .entry(parent.to_owned())
                    .or_insert_with(|| written.to_owned());
                name = parent;
            }
        }
        rules
    })
}

/// Whether `domain` (lower-case ASCII, as validated) is a public suffix. A single label is
/// one, by the list's implicit `*` rule, except `localhost`, which never leaves the machine.
pub fn is_public_suffix(domain: &str) -> bool {
    let rules = rules();
    if rules.exception.contains(domain) {
        return false;
    }
    if rules.exact.contains(domain) {
        return true;
    }
    match domain.split_once('.') {
        Some((_, parent)) => rules.wildcard.contains(parent),
        None => domain != "localhost",
    }
}

/// A public suffix at or under `domain`, as the list writes it: what makes
/// `https://*.DOMAIN` match names anyone can register. `None` when there is none.
pub fn suffix_at_or_under(domain: &str) -> Option<String> {
    if is_public_suffix(domain) {
        return Some(domain.to_owned());
    }
    rules().above_a_suffix.get(domain).cloned()
}

/// A rule with its internationalized labels in punycode (`公司.cn` → `xn--55qx5d.cn`).
fn to_ascii(rule: &str) -> Option<String> {
    if rule.is_ascii() {
        return Some(rule.to_owned());
    }
    let labels: Option<Vec<String>> = rule
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                Some(label.to_owned())
            } else {
                punycode::encode(label).map(|encoded| format!("xn--{encoded}"))
            }
        })
        .collect();
    Some(labels?.join("."))
}

#[cfg(test)]
mod tests {
    use super::{is_public_suffix, suffix_at_or_under};

    #[test]
    fn knows_public_suffixes() {
        for suffix in [
            "com",
            "co.uk",
            "uk",
            "github.io",
            "vercel.app",
            "foo.ck",
            "dev",
        ] {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        for domain in [
            "example.com",
            "app.github.io",
            "www.ck",
            "localhost",
            "example.co.uk",
        ] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
    }

    #[test]
    fn knows_internationalized_suffixes_in_their_ascii_form() {
        assert!(is_public_suffix("xn--55qx5d.cn"), "公司.cn");
        assert!(!is_public_suffix("example.xn--55qx5d.cn"));
    }

    #[test]
    fn finds_suffixes_under_a_name() {
        assert_eq!(
            suffix_at_or_under("github.io").as_deref(),
            Some("github.io")
        );
        assert!(suffix_at_or_under("amazonaws.com").is_some());
        assert_eq!(suffix_at_or_under("sch.uk").as_deref(), Some("*.sch.uk"));
        assert_eq!(suffix_at_or_under("example.com"), None);
        assert_eq!(suffix_at_or_under("localhost"), None);
    }
}
