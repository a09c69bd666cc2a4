//! The policy language on arbitrary text: `compile` (parse, then validate) never panics,
//! every error is located in the text, and a policy that compiles also loads, into
//! header values a response can carry, with the same verdict as `compile`.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 cargo fuzz run policy_toml corpus/policy_toml seeds/policy_toml -- -dict=policy_toml.dict
//! ```

#![no_main]

use cors_config::Allow;
use cors_runtime::CorsPolicy;
use libfuzzer_sys::fuzz_target;

const SOURCE_NAME: &str = "<toml>";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match cors_config::compile(text, SOURCE_NAME) {
        Ok(policy) => {
            // Loading builds header values with `HeaderValue::from_static`, a panic for
            // anything but visible ASCII and tabs (and, in the macro, a compile error).
            let listed = |allow: &Allow| match allow {
                Allow::Any => vec!["*".to_owned()],
                Allow::Listed(names) => vec![names.join(", ")],
            };
            let values = [
                listed(&policy.origins),
                listed(&policy.methods),
                listed(&policy.headers),
                listed(&policy.expose_headers),
                policy.max_age.iter().map(u32::to_string).collect(),
            ];
            for value in values.iter().flatten() {
                assert!(
                    value
                        .bytes()
                        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b)),
                    "{value:?} cannot be a static header value; for {text:?}"
                );
                assert!(
                    http::HeaderValue::from_str(value).is_ok(),
                    "{value:?}; for {text:?}"
                );
            }
            assert!(
                CorsPolicy::from_toml(text).is_ok(),
                "compiles but does not load: {text:?}"
            );
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "rejected without a message: {text:?}");
            for diagnostic in &diagnostics {
                assert!(
                    diagnostic.to_string().contains(&format!("{SOURCE_NAME}:")),
                    "a message without its place in the text, for {text:?}:\n{diagnostic}"
                );
            }
            let loaded = CorsPolicy::from_toml(text).expect_err("refused, yet it loads");
            assert_eq!(loaded.diagnostics(), diagnostics.as_slice());
        }
    }
});
