//! Stages 2 and 3 over plain text: the TOML parsed, then validated.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{ast, valid};

/// The policy of a TOML text, or every diagnostic about what is wrong with it, in the
/// order of the text. `source_name` is how diagnostics name the text (`<inline>`,
/// `<toml>`, a path). `{{ env.NAME }}` is read from this process's environment.
///
/// ```
/// let policy = cors_config::compile(r#"allow_origins = ["https://app.example.com"]"#, "<toml>");
/// assert!(policy.is_ok());
///
/// let errors = cors_config::compile(r#"allow_origins = ["https://app.example.com/"]"#, "<toml>")
///     .unwrap_err();
/// assert_eq!(errors[0].location().unwrap().to_string(), "<toml>:1:18");
/// assert_eq!(errors[0].help(), Some(r#"write "https://app.example.com""#));
/// ```
pub fn compile(text: &str, source_name: &str) -> Result<valid::Policy, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::new(source_name, text);
    let policy =
        ast::parse(text, &mut diagnostics).map(|config| valid::validate(config, &mut diagnostics));
    match policy {
        Some(policy) if diagnostics.is_empty() => Ok(policy),
        _ => Err(diagnostics.render()),
    }
}

#[cfg(test)]
mod tests {
    use super::compile;
    use crate::valid::{Allow, Policy};

    fn listed(names: &[&str]) -> Allow {
        Allow::Listed(names.iter().map(|name| name.to_string()).collect())
    }

    fn errors(text: &str) -> Vec<String> {
        compile(text, "<inline>")
            .expect_err("the policy must be rejected")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_server_cors_of_a_whole_nexus_file_and_ignores_the_rest() {
        let policy = compile(
            r#"
            [server]
            listen_address = "0.0.0.0:8000"
            [server.cors]
            allow_origins = "https://app.example.com"
            [mcp]
            enabled = "not checked"
            [llm.providers.openai]
            api_key = "{{ env.OPENAI_API_KEY }}"
            "#,
            "<inline>",
        )
        .unwrap();
        assert_eq!(policy.origins, listed(&["https://app.example.com"]));
    }

    #[test]
    fn bare_keys_are_the_cors_table() {
        let policy = compile(r#"allow_origins = ["https://a.example"]"#, "<inline>").unwrap();
        assert_eq!(
            policy,
            Policy {
                origins: listed(&["https://a.example"]),
                methods: listed(&[]),
                headers: listed(&[]),
                expose_headers: listed(&[]),
                allow_credentials: false,
                max_age: None,
                allow_private_network: false,
                variables: Vec::new(),
            }
        );
    }

    #[test]
    fn star_alone_or_in_an_array_means_any() {
        let policy = compile(
            r#"
            allow_origins = ["*"]
            allow_methods = "*"
            allow_headers = ["*"]
            expose_headers = "*"
            "#,
            "<inline>",
        )
        .unwrap();
        assert_eq!(policy.origins, Allow::Any);
        assert_eq!(policy.methods, Allow::Any);
        assert_eq!(policy.headers, Allow::Any);
        assert_eq!(policy.expose_headers, Allow::Any);
    }

    #[test]
    fn normalizes_methods_and_header_names() {
        let policy = compile(
            r#"
            allow_origins = "https://a.example"
            allow_methods = ["get", "Post", "delete", "patch", "PURGE", "options"]
            allow_headers = ["Authorization", "X-Request-ID"]
            expose_headers = "X-Total-Count"
            max_age = "1h 30m"
            "#,
            "<inline>",
        )
        .unwrap();
        assert_eq!(
            policy.methods,
            listed(&["GET", "POST", "DELETE", "patch", "PURGE", "OPTIONS"])
        );
        assert_eq!(policy.headers, listed(&["authorization", "x-request-id"]));
        assert_eq!(policy.expose_headers, listed(&["x-total-count"]));
        assert_eq!(policy.max_age, Some(5400));
    }

    #[test]
    fn reports_every_error_of_a_policy_at_once_in_text_order() {
        let found = errors(
            r#"
            allow_origins = ["https://a.example/", "null"]
            allow_methods = ["TRACE"]
            allow_credentials = "yes"
            max_ages = 1
            "#,
        );
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].contains("\"https://a.example/\" has a trailing `/`"));
        assert!(found[0].contains("<inline>:2:30"), "{}", found[0]);
        assert!(found[1].contains("\"null\""));
        assert!(found[2].contains("\"TRACE\" is a forbidden method"));
        assert!(found[3].contains("`allow_credentials` must be a boolean"));
        assert!(found[4].contains("unknown key"));
    }

    #[test]
    fn a_cross_key_error_names_both_places() {
        let found = errors("allow_origins = \"*\"\nallow_credentials = true\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("--> <inline>:2:21"), "{}", found[0]);
        assert!(found[0].contains("::: <inline>:1:17"), "{}", found[0]);
    }

    #[test]
    fn suggests_the_key_that_was_meant() {
        for (written, meant) in [
            ("allow_origin", "allow_origins"),
            ("allowed_origins", "allow_origins"),
            ("exposed_headers", "expose_headers"),
            ("credentials", "allow_credentials"),
            ("max-age", "max_age"),
            ("maxage", "max_age"),
        ] {
            let found = errors(&format!(
                "allow_origins = \"https://a.example\"\n{written} = 1\n"
            ));
            assert!(
                found[0].contains(&format!("did you mean `{meant}`?")),
                "{written}: {}",
                found[0]
            );
        }
    }

    #[test]
    fn never_panics_on_odd_documents() {
        for text in [
            "",
            "[server]\ncors = 1",
            "server = 1",
            "allow_origins = [[\"x\"]]",
            "allow_origins = \"https://a.example\"\nmax_age = 1e400",
            "allow_origins = \"https://a.example\"\nmax_age = 99999999999999999999",
            "allow_origins = \"https://a.example\"\nmax_age = 1979-05-27",
            "allow_origins = [\"\u{1F600}\"]",
            "\u{FEFF}allow_origins = 1",
            "allow_origins = \"https://[::1\"",
        ] {
            assert!(
                compile(text, "<inline>").is_err(),
                "{text:?} must be rejected"
            );
        }
    }

    #[test]
    fn carets_line_up_under_tabs_and_wide_characters() {
        let found = errors("allow_origins = [\t\"https://é.example\", \t\"null\"]\n");
        let null = found
            .iter()
            .find(|message| message.contains("entry \"null\""))
            .unwrap();
        let lines: Vec<&str> = null.lines().collect();
        let source_line = lines.iter().find(|line| line.starts_with("1 |")).unwrap();
        let caret_line = lines.iter().find(|line| line.contains('^')).unwrap();
        let caret_at = caret_line.find('^').unwrap();
        assert_eq!(source_line.chars().nth(caret_at), Some('"'), "{null}");
        assert_eq!(caret_line.trim_end().matches('^').count(), "\"null\"".len());
    }
}
