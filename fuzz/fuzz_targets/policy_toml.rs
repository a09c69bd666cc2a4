//! The macro's stages on arbitrary text: `compile` (parse, then validate) never panics,
//! every error is located in the text, and a policy that compiles also expands.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 cargo fuzz run policy_toml corpus/policy_toml seeds/policy_toml -- -dict=policy_toml.dict
//! ```

#![no_main]
// The stages are modules of the macro crate, which exports only the macro: they are
// compiled in here from its sources, as the benchmark does. Not all of them is used.
#![allow(dead_code, unused_imports)]

#[path = "../../cors-macros/src/ast.rs"]
mod ast;
#[path = "../../cors-macros/src/compile.rs"]
mod compile;
#[path = "../../cors-macros/src/diagnostic.rs"]
mod diagnostic;
#[path = "../../cors-macros/src/env.rs"]
mod env;
#[path = "../../cors-macros/src/expand.rs"]
mod expand;
#[path = "../../cors-macros/src/origin.rs"]
mod origin;
#[path = "../../cors-macros/src/public_suffix.rs"]
mod public_suffix;
#[path = "../../cors-macros/src/punycode.rs"]
mod punycode;
#[path = "../../cors-macros/src/valid.rs"]
mod valid;

use libfuzzer_sys::fuzz_target;

const SOURCE_NAME: &str = "<fuzz>";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match compile::compile(text, SOURCE_NAME) {
        Ok(policy) => {
            let tokens = expand::policy(&policy, None);
            assert!(!tokens.is_empty(), "an empty expansion for {text:?}");
            // The expansion builds header values with `HeaderValue::from_static`, a compile
            // error (a panic in const evaluation) for anything but visible ASCII and tabs.
            let listed = |allow: &valid::Allow| match allow {
                valid::Allow::Any => vec!["*".to_owned()],
                valid::Allow::Listed(names) => vec![names.join(", ")],
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
        }
        Err(messages) => {
            assert!(!messages.is_empty(), "rejected without a message: {text:?}");
            for message in &messages {
                assert!(
                    message.contains(&format!("{SOURCE_NAME}:")),
                    "a message without its place in the text, for {text:?}:\n{message}"
                );
            }
        }
    }
});
