//! The environment of the policies that use `{{ env.NAME }}` (SPEC §1.4, §6): the
//! compile-time cases of tests/ui and tests/pass read it when `cors_policy!` expands in
//! trybuild's child `cargo` (tests/compile.rs), and tests/loaded_diagnostics.rs loads the
//! same TOML at run time, when `CorsPolicy::from_toml` reads it. Both set it from here, in
//! their own process. Every name starts with `CORS_TEST_` so that no variable of the
//! machine running the tests can collide with them; [`NEVER_SET`] is never set, for the
//! missing-variable cases.

/// Each variable and its value.
pub const ENVIRONMENT: [(&str, &str); 15] = [
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

/// The variable no test sets.
pub const NEVER_SET: &str = "CORS_TEST_NEVER_SET";

/// Sets every variable of [`ENVIRONMENT`] in this process and removes [`NEVER_SET`].
/// Setting them again, from any thread, sets the same values.
pub fn set() {
    for (name, value) in ENVIRONMENT {
        std::env::set_var(name, value);
    }
    std::env::remove_var(NEVER_SET);
}
