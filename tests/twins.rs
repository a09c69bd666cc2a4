//! The mechanism the request tests compare the two front-ends with (`common::twin`): it
//! sees a difference when there is one, and no test answers requests with a policy that
//! is not a twin.

mod common;

use std::sync::LazyLock;

use common::twin::{differential, load_toml, Twin};
use common::{headers, preflight_request};
use cors_runtime::{cors_policy, CorsPolicy};
use http::{HeaderMap, Method};

/// Two policies that differ in one method's place in `allow_methods`, so that only the
/// bytes of `Access-Control-Allow-Methods` tell them apart.
static REORDERED: Twin = Twin::new(
    "REORDERED",
    cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        allow_methods = ["PUT", "PATCH"]
        "#
    ),
    LazyLock::new(|| {
        CorsPolicy::from_toml(
            r#"
            allow_origins = ["https://app.example.com"]
            allow_methods = ["PATCH", "PUT"]
            "#,
        )
        .unwrap()
    }),
);

/// Two policies that differ in the origin they allow.
static OTHER_ORIGIN: Twin = Twin::new(
    "OTHER_ORIGIN",
    cors_policy!(r#"allow_origins = ["https://app.example.com"]"#),
    LazyLock::new(|| {
        CorsPolicy::from_toml(r#"allow_origins = ["https://other.example.com"]"#).unwrap()
    }),
);

/// Two policies that differ in the header they expose.
static OTHER_EXPOSE: Twin = Twin::new(
    "OTHER_EXPOSE",
    cors_policy!(
        r#"
        allow_origins = ["https://app.example.com"]
        expose_headers = ["x-a"]
        "#
    ),
    LazyLock::new(|| {
        CorsPolicy::from_toml(
            r#"
            allow_origins = ["https://app.example.com"]
            expose_headers = ["x-b"]
            "#,
        )
        .unwrap()
    }),
);

#[test]
fn a_difference_in_one_header_value_is_seen() {
    let request = preflight_request("https://app.example.com", "PUT", None);
    let difference =
        differential(&REORDERED, &Method::OPTIONS, &request, &HeaderMap::new()).unwrap_err();
    assert!(
        difference.contains("[access-control-allow-methods: PUT, PATCH]")
            && difference.contains("[access-control-allow-methods: PATCH, PUT]"),
        "{difference}"
    );
    // What is not a preflight gets no allowed methods: no difference to see.
    let actual = headers(&[("origin", "https://app.example.com")]);
    assert_eq!(
        differential(&REORDERED, &Method::PUT, &actual, &HeaderMap::new()),
        Ok(())
    );
}

#[test]
fn a_difference_in_what_apply_adds_is_seen() {
    let request = headers(&[("origin", "https://app.example.com")]);
    let difference =
        differential(&OTHER_EXPOSE, &Method::GET, &request, &HeaderMap::new()).unwrap_err();
    assert!(
        difference.contains("`apply` gives the headers")
            && difference.contains("[access-control-expose-headers: x-a]")
            && difference.contains("[access-control-expose-headers: x-b]"),
        "{difference}"
    );
}

#[test]
fn a_difference_in_refusal_is_seen() {
    // Neither adds a CORS header for this origin to a response with none, but only one
    // refuses it.
    let request = headers(&[("origin", "https://other.example.com")]);
    let difference =
        differential(&OTHER_ORIGIN, &Method::GET, &request, &HeaderMap::new()).unwrap_err();
    assert!(difference.contains("refusal"), "{difference}");
    let request = preflight_request("https://app.example.com", "GET", None);
    let difference =
        differential(&OTHER_ORIGIN, &Method::OPTIONS, &request, &HeaderMap::new()).unwrap_err();
    assert!(difference.contains("204 No Content"), "{difference}");
}

#[test]
#[should_panic(expected = "OTHER_ORIGIN: the loaded policy answers OPTIONS")]
fn a_twin_whose_policies_answer_differently_fails_the_test() {
    OTHER_ORIGIN.preflight(
        &Method::OPTIONS,
        &preflight_request("https://app.example.com", "GET", None),
    );
}

#[test]
#[should_panic(expected = "OTHER_ORIGIN: the loaded policy answers GET")]
fn a_twin_whose_policies_apply_differently_fails_the_test() {
    let mut response = HeaderMap::new();
    OTHER_ORIGIN.apply(
        &headers(&[("origin", "https://app.example.com")]),
        &mut response,
    );
}

#[test]
#[should_panic(expected = "the loaded policy's Debug (left) differs")]
fn a_loaded_policy_that_prints_differently_is_not_used() {
    load_toml(
        &OTHER_ORIGIN,
        r#"allow_origins = ["https://other.example.com"]"#,
    );
}

/// Test sources that may write `cors_policy!` otherwise than as a twin, and why.
const NOT_TWINS: [(&str, &str); 4] = [
    // The policy of a crate this test builds with cargo, to see it rebuilt.
    (
        "tests/rebuild.rs",
        "its policy is built in a crate of its own",
    ),
    // The mechanism itself.
    ("tests/common/twin.rs", "it is the mechanism"),
    // The mismatched pairs above.
    ("tests/twins.rs", "its twins differ on purpose"),
    // Rust source as text, for the reader of tests/ui's cases.
    (
        "tests/loaded_diagnostics.rs",
        "its invocations are strings, read by its lexer",
    ),
];

#[test]
fn every_policy_of_the_tests_is_a_twin() {
    let mut sources = Vec::new();
    for directory in ["tests", "tests/common"] {
        for entry in std::fs::read_dir(directory).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "rs") {
                sources.push(path.display().to_string());
            }
        }
    }
    sources.sort();
    for (path, why) in NOT_TWINS {
        assert!(
            sources.iter().any(|source| source == path),
            "{path} ({why}) is gone"
        );
    }
    let mut twins = 0;
    let mut others = Vec::new();
    for source in &sources {
        if NOT_TWINS.iter().any(|(path, _)| path == source) {
            continue;
        }
        let text = std::fs::read_to_string(source).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            if !code.contains("cors_policy!(") {
                continue;
            }
            if code.contains(": Twin = cors_policy!(") {
                twins += 1;
            } else {
                others.push(format!("{source}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        others.is_empty(),
        "policies that are not twins (define them with `twin_policies!`):\n{}",
        others.join("\n")
    );
    assert!(twins >= 25, "only {twins} twins in {sources:?}");
}
