//! The Public Suffix List (<https://publicsuffix.org>), to refuse a credentialed pattern
//! such as `https://*.github.io`: anyone can register a name under a public suffix. The
//! list is compiled into the macro only; nothing of it reaches the runtime.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

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
                punycode(label).map(|encoded| format!("xn--{encoded}"))
            }
        })
        .collect();
    Some(labels?.join("."))
}

/// RFC 3492 Punycode of one label.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let digit = |value: u32| -> char {
        let value = value as u8;
        (if value < 26 {
            b'a' + value
        } else {
            b'0' + value - 26
        }) as char
    };
    let adapt = |delta: u32, points: u32, first: bool| -> u32 {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + 38)
    };
    let code_points: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < code_points.len() {
        let next = *code_points.iter().filter(|&&point| point >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &point in &code_points {
            if point < n {
                delta = delta.checked_add(1)?;
            }
            if point == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let threshold = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < threshold {
                        break;
                    }
                    output.push(digit(threshold + (q - threshold) % (BASE - threshold)));
                    q = (q - threshold) / (BASE - threshold);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(output)
}

#[cfg(test)]
mod tests {
    use super::{is_public_suffix, punycode, suffix_at_or_under};

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

    #[test]
    fn encodes_punycode_as_rfc_3492() {
        for (label, encoded) in [
            ("公司", "55qx5d"),
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ] {
            assert_eq!(punycode(label).as_deref(), Some(encoded), "{label}");
        }
    }
}
