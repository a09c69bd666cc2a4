//! The oracle's Fetch lists (`cors_oracle::fetch`) against the product's: the policy
//! language's (`cors_config::fetch`, which rules 9 and 10 of SPEC §2 refuse by) and the
//! browser model's (`cors_check::browser`). Each is written on its own from the Fetch
//! standard; a wrong entry in one is a difference here, not a mistake the tests share.

use std::collections::BTreeSet;

use cors_check::browser;
use cors_config::fetch as config;
use cors_oracle::fetch as oracle;

/// A list's names, lowercase, as a set (asserting that none is repeated).
fn set(names: &[&str]) -> BTreeSet<String> {
    let set: BTreeSet<String> = names.iter().map(|name| name.to_ascii_lowercase()).collect();
    assert_eq!(set.len(), names.len(), "a name repeated in {names:?}");
    set
}

/// The oracle's list and the product's `what` hold the same names.
#[track_caller]
fn same_names(oracle: &[&str], product: &[&str], what: &str) {
    assert_eq!(
        set(oracle),
        set(product),
        "{what}: the oracle's (left) and the product's"
    );
}

/// The oracle and the product (`whose`) say the same of `probe`.
#[track_caller]
fn agree(probe: &str, oracle: bool, product: bool, whose: &str) {
    assert_eq!(oracle, product, "{probe:?}: the oracle (left) and {whose}");
}

/// Names to ask both sides about: each of `listed` as written, lowercase, uppercase, and
/// with a byte more or less, and the `others`.
fn probes(listed: &[&str], others: &[&str]) -> Vec<String> {
    let mut probes = Vec::new();
    for name in listed.iter().chain(others) {
        probes.push((*name).to_owned());
        probes.push(name.to_ascii_lowercase());
        probes.push(name.to_ascii_uppercase());
        probes.push(format!("{name}s"));
        probes.push(name[..name.len() - 1].to_owned());
        probes.push(format!("x-{name}"));
    }
    probes
}

/// Request header names that are not forbidden, and some that are by prefix.
const OTHER_HEADERS: [&str; 16] = [
    "accept",
    "accept-language",
    "authorization",
    "content-language",
    "content-type",
    "range",
    "x-request-id",
    "proxy-authorization",
    "Proxy-Connection",
    "proxy-",
    "sec-fetch-mode",
    "Sec-CH-UA",
    "sec-",
    "secret",
    "proxy",
    "tea",
];

/// Methods that are not forbidden.
const OTHER_METHODS: [&str; 10] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "patch", "PURGE", "PROPFIND",
];

#[test]
fn forbidden_request_header_names_are_one_list() {
    same_names(
        &oracle::FORBIDDEN_REQUEST_HEADER_NAMES,
        &config::FORBIDDEN_REQUEST_HEADER_NAMES,
        "forbidden request-header names, the policy language's",
    );
    same_names(
        &oracle::FORBIDDEN_REQUEST_HEADER_NAMES,
        &browser::FORBIDDEN_REQUEST_HEADER_NAMES,
        "forbidden request-header names, the browser model's",
    );
    for name in probes(&oracle::FORBIDDEN_REQUEST_HEADER_NAMES, &OTHER_HEADERS) {
        agree(
            &name,
            oracle::is_forbidden_request_header_name(name.as_bytes()),
            config::is_forbidden_request_header_name(&name),
            "the policy language",
        );
        agree(
            &name,
            oracle::is_forbidden_request_header_name(name.as_bytes()),
            browser::is_forbidden_request_header(&name, b"1"),
            "the browser model",
        );
    }
}

#[test]
fn forbidden_methods_are_one_list() {
    for method in probes(&oracle::FORBIDDEN_METHODS, &OTHER_METHODS) {
        agree(
            &method,
            oracle::is_forbidden_method(method.as_bytes()),
            config::is_forbidden_method(method.as_bytes()),
            "the policy language",
        );
        agree(
            &method,
            oracle::is_forbidden_method(method.as_bytes()),
            browser::is_forbidden_method(method.as_bytes()),
            "the browser model",
        );
    }
    // The list is the set of methods the policy language forbids among the probes.
    let forbidden: BTreeSet<String> = probes(&oracle::FORBIDDEN_METHODS, &OTHER_METHODS)
        .into_iter()
        .filter(|method| config::is_forbidden_method(method.as_bytes()))
        .map(|method| method.to_ascii_lowercase())
        .collect();
    assert_eq!(set(&oracle::FORBIDDEN_METHODS), forbidden);
}

#[test]
fn methods_are_normalized_and_safelisted_alike() {
    let listed: Vec<&str> = oracle::NORMALIZED_METHODS
        .iter()
        .chain(&oracle::CORS_SAFELISTED_METHODS)
        .copied()
        .collect();
    for method in probes(&listed, &OTHER_METHODS) {
        assert_eq!(
            oracle::normalize_method(method.as_bytes()),
            browser::normalize_method(method.as_bytes()),
            "{method:?}: the oracle (left) and the browser model"
        );
        agree(
            &method,
            oracle::is_cors_safelisted_method(method.as_bytes()),
            browser::is_cors_safelisted_method(method.as_bytes()),
            "the browser model",
        );
    }
}

#[test]
fn response_header_lists_are_one_list() {
    same_names(
        &oracle::CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
        &browser::CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
        "CORS-safelisted response-header names, the browser model's",
    );
    let others = [
        "x-request-id",
        "set-cookie3",
        "cookie",
        "content-encoding",
        "date",
    ];
    for name in probes(&oracle::FORBIDDEN_RESPONSE_HEADER_NAMES, &others) {
        agree(
            &name,
            oracle::is_forbidden_response_header_name(name.as_bytes()),
            browser::is_forbidden_response_header_name(&name),
            "the browser model",
        );
    }
    for name in probes(
        &oracle::CORS_NON_WILDCARD_REQUEST_HEADER_NAMES,
        &OTHER_HEADERS,
    ) {
        agree(
            &name,
            oracle::is_cors_non_wildcard_request_header_name(name.as_bytes()),
            browser::is_cors_non_wildcard_request_header_name(&name),
            "the browser model",
        );
    }
}
