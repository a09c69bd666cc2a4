//! Compile-time behaviour of `cors_policy!`: every rule of SPEC §2 fails to compile with
//! its message (`tests/ui`), and every documented configuration compiles (`tests/pass`).

/// The build environment of the cases that use `{{ env.NAME }}` (SPEC §1.4). They are set
/// here, in the test process, because trybuild compiles the cases with a child `cargo`,
/// which inherits this process's environment, and the macro reads the variables when it
/// expands there. Every name starts with `CORS_TEST_` so that no variable of the machine
/// running the tests can collide with them; `CORS_TEST_NEVER_SET` is never set, for the
/// missing-variable cases.
const ENVIRONMENT: [(&str, &str); 15] = [
    // tests/pass/env-values.rs
    ("CORS_TEST_APP_ORIGIN", "https://app.example.com"),
    (
        "CORS_TEST_ORIGIN_LIST",
        "https://a.example.com, https://b.example.com,http://localhost:*",
    ),
    ("CORS_TEST_DOMAIN", "example.net"),
    ("CORS_TEST_METHODS", "PUT, delete"),
    ("CORS_TEST_HEADER", "X-Api-Key"),
    ("CORS_TEST_EXPOSE", "x-trace-id"),
    ("CORS_TEST_MAX_AGE", "600"),
    ("CORS_TEST_MAX_AGE_DURATION", "1h 30m"),
    // tests/ui/env-value-invalid.rs
    ("CORS_TEST_ORIGIN_WITH_SLASH", "https://a.com/"),
    (
        "CORS_TEST_ORIGIN_LIST_ONE_BAD",
        "https://a.example.com, https://B.example.com, https://c.example.com",
    ),
    ("CORS_TEST_MAX_AGE_NOT_A_DURATION", "soon"),
    // tests/ui/env-value-max-age-out-of-range.rs
    ("CORS_TEST_MAX_AGE_TOO_LONG", "100000"),
    ("CORS_TEST_MAX_AGE_NEGATIVE", "-5"),
    // tests/ui/env-value-any-origin-with-credentials.rs
    ("CORS_TEST_ANY", "*"),
    // tests/ui/env-value-empty-list.rs
    ("CORS_TEST_NO_ENTRIES", " , "),
];

#[test]
fn policies() {
    // This binary's only test: no other thread reads the environment while it is set.
    for (name, value) in ENVIRONMENT {
        std::env::set_var(name, value);
    }
    std::env::remove_var("CORS_TEST_NEVER_SET");
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
