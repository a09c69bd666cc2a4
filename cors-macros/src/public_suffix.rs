//! The Public Suffix List (<https://publicsuffix.org>), to refuse a credentialed pattern
//! such as `https://*.github.io`: anyone can register a name under a public suffix. The
//! list is compiled into the macro only; nothing of it reaches the runtime.

use std::collections::HashSet;
use std::sync::OnceLock;

/// `public_suffix_list.dat` as published (its version is in its header); Mozilla Public
/// License 2.0.
const LIST: &str = include_str!("public_suffix_list.dat");

struct Rules {
    /// `co.uk`: a public suffix.
    exact: HashSet<&'static str>,
    /// `*.ck` stored as `ck`: every name directly under it is a public suffix...
    wildcard: HashSet<&'static str>,
    /// ...except those listed as `!www.ck`, stored as `www.ck`.
    exception: HashSet<&'static str>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Rules {
            exact: HashSet::new(),
            wildcard: HashSet::new(),
            exception: HashSet::new(),
        };
        let entries = LIST
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|rule| !rule.starts_with("//"));
        for rule in entries {
            if let Some(name) = rule.strip_prefix('!') {
                rules.exception.insert(name);
            } else if let Some(parent) = rule.strip_prefix("*.") {
                rules.wildcard.insert(parent);
            } else {
                rules.exact.insert(rule);
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

#[cfg(test)]
mod tests {
    use super::is_public_suffix;

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
}
