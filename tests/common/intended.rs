//! The policies of the property tests and the bypass corpus, each paired with its
//! [`Definition`]: its TOML restated for the oracle (`cors-oracle`), which says what SPEC
//! §3 intends for it independently of the implementation. The two are kept in step by
//! hand.

use cors_oracle::{Definition, Names, Origins};

use super::twin::Twin;
use super::{
    ANY_EVERYTHING, CASE_SENSITIVE_METHODS, CREDENTIALS_ECHO, DOC_DEVELOPMENT, DOC_MOBILE,
    DOC_REFERENCE, DOC_SPA, EXPOSE_ANY, MANY_ORIGINS, MANY_ORIGINS_LISTED, ORIGIN_ONLY,
    PRIVATE_NETWORK,
};

// ---------------------------------------------------------------------------------------
// Policies of the property tests and the bypass corpus, besides those of `common`.
// ---------------------------------------------------------------------------------------

crate::twin_policies! {
    /// One subdomain pattern, without credentials.
    pub static SUBDOMAINS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://*.example.com"]
        allow_methods = ["PUT"]
        allow_headers = ["x-custom"]
        expose_headers = ["x-request-id"]
        "#
    );

    /// One any-port pattern, with credentials.
    pub static LOCALHOST_ANY_PORT: Twin = cors_policy!(
        r#"
        allow_origins = ["http://localhost:*"]
        allow_methods = ["DELETE"]
        allow_headers = ["authorization"]
        allow_credentials = true
        "#
    );

    /// Exact origins and every kind of pattern, credentials, private network, mixed-case
    /// entries, a duration `max_age`, in a whole Nexus file.
    pub static PATTERNS_AND_EXACT: Twin = cors_policy!(
        r#"
        [server]
        listen_address = "0.0.0.0:8000"

        [server.cors]
        allow_origins = [
            "https://example.org",
            "https://*.example.org:*",
            "https://*.a.example.net",
            "http://127.0.0.1:*",
            "ionic://localhost",
        ]
        allow_methods = ["PATCH", "put"]
        allow_headers = ["Authorization", "X-Tenant"]
        allow_credentials = true
        allow_private_network = true
        max_age = "10m"

        [llm]
        enabled = true
        "#
    );

    /// `"*"` methods and headers without credentials, listed origins, `max_age = 0`.
    pub static STAR_WITHOUT_CREDENTIALS: Twin = cors_policy!(
        r#"
        allow_origins = ["https://app.example.com", "http://localhost:3000"]
        allow_methods = "*"
        allow_headers = "*"
        max_age = 0
        "#
    );
}

// ---------------------------------------------------------------------------------------
// Definitions.
// ---------------------------------------------------------------------------------------

/// A policy (macro-built and loaded), its definition, and origins it allows (for patterns: origins they
/// match), from which the tests make near misses.
pub struct Subject {
    pub name: &'static str,
    pub policy: &'static Twin,
    pub definition: Definition,
    pub allowed_examples: &'static [&'static str],
}

const NONE: Definition = Definition::DEFAULTS;

/// Every policy the property tests and the bypass corpus run on.
pub static SUBJECTS: [Subject; 16] = [
    Subject {
        name: "ANY_EVERYTHING",
        policy: &ANY_EVERYTHING,
        definition: Definition {
            origins: Origins::Any,
            methods: Names::Any,
            headers: Names::Any,
            expose: Names::Any,
            max_age: Some(5400), // "1h 30m"
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "DOC_DEVELOPMENT",
        policy: &DOC_DEVELOPMENT,
        definition: Definition {
            origins: Origins::Any,
            methods: Names::Any,
            headers: Names::Any,
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:5173"],
    },
    Subject {
        name: "ORIGIN_ONLY",
        policy: &ORIGIN_ONLY,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "MANY_ORIGINS",
        policy: &MANY_ORIGINS,
        definition: Definition {
            origins: Origins::Listed(&MANY_ORIGINS_LISTED),
            methods: Names::Listed(&["PUT"]),
            ..NONE
        },
        allowed_examples: &MANY_ORIGINS_LISTED,
    },
    Subject {
        name: "SUBDOMAINS",
        policy: &SUBDOMAINS,
        definition: Definition {
            origins: Origins::Listed(&["https://*.example.com"]),
            methods: Names::Listed(&["PUT"]),
            headers: Names::Listed(&["x-custom"]),
            expose: Names::Listed(&["x-request-id"]),
            ..NONE
        },
        allowed_examples: &[
            "https://a.example.com",
            "https://a.b.example.com",
            "https://x-1.example.com",
            "https://app.example.com",
        ],
    },
    Subject {
        name: "LOCALHOST_ANY_PORT",
        policy: &LOCALHOST_ANY_PORT,
        definition: Definition {
            origins: Origins::Listed(&["http://localhost:*"]),
            methods: Names::Listed(&["DELETE"]),
            headers: Names::Listed(&["authorization"]),
            credentials: true,
            ..NONE
        },
        allowed_examples: &[
            "http://localhost",
            "http://localhost:3000",
            "http://localhost:5173",
            "http://localhost:65535",
        ],
    },
    Subject {
        name: "PATTERNS_AND_EXACT",
        policy: &PATTERNS_AND_EXACT,
        definition: Definition {
            origins: Origins::Listed(&[
                "https://example.org",
                "https://*.example.org:*",
                "https://*.a.example.net",
                "http://127.0.0.1:*",
                "ionic://localhost",
            ]),
            methods: Names::Listed(&["PATCH", "put"]),
            headers: Names::Listed(&["Authorization", "X-Tenant"]),
            credentials: true,
            private_network: true,
            max_age: Some(600), // "10m"
            ..NONE
        },
        allowed_examples: &[
            "https://example.org",
            "https://a.example.org",
            "https://a.example.org:8443",
            "https://b.a.example.net",
            "http://127.0.0.1",
            "http://127.0.0.1:3000",
            "ionic://localhost",
        ],
    },
    Subject {
        name: "CREDENTIALS_ECHO",
        policy: &CREDENTIALS_ECHO,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Any,
            headers: Names::Any,
            expose: Names::Listed(&["x-request-id"]),
            credentials: true,
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "STAR_WITHOUT_CREDENTIALS",
        policy: &STAR_WITHOUT_CREDENTIALS,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:3000"]),
            methods: Names::Any,
            headers: Names::Any,
            max_age: Some(0),
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "PRIVATE_NETWORK",
        policy: &PRIVATE_NETWORK,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:8080"]),
            methods: Names::Listed(&["PUT"]),
            headers: Names::Listed(&["content-type"]),
            private_network: true,
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:8080"],
    },
    Subject {
        name: "EXPOSE_ANY",
        policy: &EXPOSE_ANY,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Listed(&["PUT", "PATCH"]),
            headers: Names::Any,
            expose: Names::Any,
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "CASE_SENSITIVE_METHODS",
        policy: &CASE_SENSITIVE_METHODS,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com"]),
            methods: Names::Listed(&["patch", "get"]),
            headers: Names::Listed(&["X-Custom-Header", "Content-Type"]),
            ..NONE
        },
        allowed_examples: &["https://app.example.com"],
    },
    Subject {
        name: "DOC_REFERENCE",
        policy: &DOC_REFERENCE,
        definition: Definition {
            origins: Origins::Listed(&["https://app.example.com", "http://localhost:3000"]),
            methods: Names::Listed(&["GET", "POST"]),
            headers: Names::Listed(&["authorization", "content-type", "x-request-id"]),
            expose: Names::Listed(&["x-request-id", "x-trace-id"]),
            credentials: true,
            max_age: Some(3600),
            ..NONE
        },
        allowed_examples: &["https://app.example.com", "http://localhost:3000"],
    },
    Subject {
        name: "DOC_SPA",
        policy: &DOC_SPA,
        definition: Definition {
            origins: Origins::Listed(&["https://spa.example.com"]),
            methods: Names::Listed(&["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
            headers: Names::Listed(&["authorization", "content-type", "x-csrf-token"]),
            expose: Names::Listed(&["x-total-count", "x-page-number"]),
            credentials: true,
            max_age: Some(3600),
            ..NONE
        },
        allowed_examples: &["https://spa.example.com"],
    },
    Subject {
        name: "DOC_MOBILE",
        policy: &DOC_MOBILE,
        definition: Definition {
            origins: Origins::Listed(&[
                "capacitor://localhost",
                "ionic://localhost",
                "http://localhost",
            ]),
            methods: Names::Listed(&["GET", "POST", "PUT", "DELETE"]),
            headers: Names::Listed(&["authorization", "content-type"]),
            credentials: true,
            max_age: Some(0),
            ..NONE
        },
        allowed_examples: &[
            "capacitor://localhost",
            "ionic://localhost",
            "http://localhost",
        ],
    },
    Subject {
        name: "DOC_LOCAL_DEVELOPMENT_ECHO",
        policy: &super::DOC_LOCAL_DEVELOPMENT,
        definition: Definition {
            origins: Origins::Listed(&[
                "http://localhost:3000",
                "http://localhost:5173",
                "http://10.0.2.2:8000",
            ]),
            methods: Names::Any,
            headers: Names::Any,
            credentials: true,
            ..NONE
        },
        allowed_examples: &[
            "http://localhost:3000",
            "http://localhost:5173",
            "http://10.0.2.2:8000",
        ],
    },
];

/// The subject named `name`.
pub fn subject(name: &str) -> &'static Subject {
    SUBJECTS
        .iter()
        .find(|subject| subject.name == name)
        .unwrap_or_else(|| panic!("no subject {name}"))
}
