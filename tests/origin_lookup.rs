//! The generated origin lookup on a policy of many origins: every listed origin is found
//! and answered with its own value, and no origin one byte away from a listed one is; by
//! the macro-built policy and the one loaded from the same file, alike.

mod common;

use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN};
use http::{HeaderMap, HeaderValue};

twin_policies! {
    static MANY: Twin = cors_policy!(include "fixtures/many-origins.toml");
}

fn listed_origins() -> Vec<&'static str> {
    include_str!("fixtures/many-origins.toml")
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.strip_suffix("\","))
        .collect()
}

/// The `Access-Control-Allow-Origin` the policy answers for `origin`, if any (both
/// policies of the twin, alike).
fn allowed_origin(origin: &[u8]) -> Option<Vec<u8>> {
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_bytes(origin).ok()?);
    let mut response = HeaderMap::new();
    MANY.apply(&request, &mut response);
    let mut values = response.get_all(ACCESS_CONTROL_ALLOW_ORIGIN).iter();
    let value = values.next().map(|value| value.as_bytes().to_vec());
    assert!(
        values.next().is_none(),
        "one Access-Control-Allow-Origin at most"
    );
    value
}

#[test]
fn every_listed_origin_is_allowed_with_its_own_value() {
    let origins = listed_origins();
    assert!(
        origins.len() > 750,
        "the fixture lists {} origins",
        origins.len()
    );
    for origin in origins {
        assert_eq!(
            allowed_origin(origin.as_bytes()).as_deref(),
            Some(origin.as_bytes()),
            "{origin}"
        );
    }
}

#[test]
fn no_origin_one_byte_away_from_a_listed_one_is_allowed() {
    let origins = listed_origins();
    let listed: std::collections::HashSet<&[u8]> =
        origins.iter().map(|origin| origin.as_bytes()).collect();
    let mut tried = 0;
    for origin in &origins {
        let bytes = origin.as_bytes();
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for position in 0..bytes.len() {
            for replacement in [b'a', b'0', b'.', b'A', 0xff] {
                let mut changed = bytes.to_vec();
                changed[position] = replacement;
                variants.push(changed);
            }
            let mut shorter = bytes.to_vec();
            shorter.remove(position);
            variants.push(shorter);
            let mut longer = bytes.to_vec();
            longer.insert(position, b'x');
            variants.push(longer);
        }
        variants.push([bytes, b"/"].concat());
        variants.push([bytes, b"."].concat());
        for variant in variants {
            if listed.contains(variant.as_slice()) {
                continue;
            }
            tried += 1;
            assert_eq!(
                allowed_origin(&variant),
                None,
                "{} is not listed",
                String::from_utf8_lossy(&variant)
            );
        }
    }
    assert!(tried > 100_000, "tried {tried} variants");
}
