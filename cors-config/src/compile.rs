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
    use crate::diagnostic::Location;
    use crate::valid::{Allow, OriginEntry, Places, Policy};

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
                places: Places {
                    source_name: "<inline>".to_owned(),
                    server_cors: None,
                    allow_origins: Some(at(1, 17)),
                    allow_methods: None,
                    allow_headers: None,
                    expose_headers: None,
                    allow_credentials: None,
                    max_age: None,
                    allow_private_network: None,
                },
                origin_entries: vec![OriginEntry::Exact("https://a.example".to_owned())],
            }
        );
    }

    fn at(line: usize, column: usize) -> Location {
        Location {
            source_name: "<inline>".to_owned(),
            line,
            column,
        }
    }

    #[test]
    fn knows_where_each_key_is_written() {
        let policy = compile(
            "[server]\nlisten = 1\n\n[server.cors]\nallow_origins = [\"https://a.example\"]\n\
             max_age = \"1h\"\nallow_credentials = true\n",
            "nexus.toml",
        )
        .unwrap();
        let place = |key| policy.places.of(key).map(ToString::to_string);
        assert_eq!(
            policy.places.server_cors.as_ref().map(ToString::to_string),
            Some("nexus.toml:4:9".to_owned())
        );
        assert_eq!(place("allow_origins").as_deref(), Some("nexus.toml:5:17"));
        assert_eq!(place("max_age").as_deref(), Some("nexus.toml:6:11"));
        assert_eq!(
            place("allow_credentials").as_deref(),
            Some("nexus.toml:7:21")
        );
        assert_eq!(place("allow_methods"), None);
        assert_eq!(place("no_such_key"), None);
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

    fn max_age(value: &str) -> Result<Option<u32>, Vec<String>> {
        let text = format!("allow_origins = \"https://a.example\"\nmax_age = {value}\n");
        compile(&text, "<inline>")
            .map(|policy| policy.max_age)
            .map_err(|found| found.iter().map(ToString::to_string).collect())
    }

    /// SPEC §1.2: whole seconds in a string, as Nexus writes plain seconds, and units in
    /// any case.
    #[test]
    fn max_age_as_nexus_writes_it() {
        for (value, seconds) in [
            ("\"3600\"", 3600),
            ("\"0\"", 0),
            ("\"86400\"", 86_400),
            ("\"1H\"", 3600),
            ("\"30M\"", 1800),
            ("\"1h 30M\"", 5400),
            ("\"10S\"", 10),
            ("\"1D\"", 86_400),
        ] {
            assert_eq!(max_age(value), Ok(Some(seconds)), "max_age = {value}");
        }
    }

    #[test]
    fn max_age_strings_out_of_range() {
        for (value, message) in [
            (
                "\"100000\"",
                "`max_age` is \"100000\", above 86400 (24 hours), the longest any browser \
                 keeps a preflight (Firefox; Chromium keeps at most 7200, WebKit 600)",
            ),
            (
                "\"-5\"",
                "`max_age` is \"-5\", which is negative: a cache lifetime cannot be",
            ),
            (
                "\"99999999999999999999\"",
                "`max_age` is \"99999999999999999999\", which is far too long for a cache \
                 lifetime",
            ),
            (
                "\"500MS\"",
                "`max_age` is \"500MS\", which is below a second: browsers only read whole \
                 seconds of `max_age`",
            ),
            (
                "\"1 30m\"",
                "`max_age` is \"1 30m\", which has `1` without a unit before \"30m\": write \
                 each number of a duration with its unit, as in \"1h 30m\"",
            ),
        ] {
            let found = max_age(value).expect_err(value);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert!(found[0].starts_with(message), "{}", found[0]);
            assert!(found[0].contains("--> <inline>:2:11"), "{}", found[0]);
        }
    }

    /// SPEC §1.1: a Nexus file whose `[server]` table is absent has no `[server.cors]`.
    #[test]
    fn a_nexus_file_without_a_server_table_has_no_cors_table() {
        let found = errors(
            "# nexus.toml\n[mcp]\nenabled = true\n\n[llm.providers.openai]\ntype = \"openai\"\n\n\
             [telemetry]\nservice_name = \"nexus\"\n",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(
                "this file has Nexus's `[mcp]`, `[llm]` and `[telemetry]` tables but no \
                 `[server.cors]`: Nexus would silently allow every origin, so the policy must \
                 be written out\n --> <inline>:2:2\n"
            ),
            "{}",
            found[0]
        );
        assert!(
            found[0].ends_with(
                "= help: add a `[server.cors]` table with at least `allow_origins`, e.g. \
                 allow_origins = [\"https://app.example.com\"]"
            ),
            "{}",
            found[0]
        );
        let found = errors("[llm]\nenabled = true\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("this file has Nexus's `[llm]` table but no `[server.cors]`"),
            "{}",
            found[0]
        );
        // Not a table: not Nexus's section, and an unknown key of the cors table.
        let found = errors("allow_origins = \"https://a.example\"\nmcp = true\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("unknown key `mcp` in the cors table"));
    }

    /// Cors keys at the top level of a Nexus file: Nexus refuses them there, so they are
    /// an error, and still checked.
    #[test]
    fn cors_keys_beside_nexus_tables_are_out_of_place() {
        let found = errors(
            "allow_origins = [\"https://a.example/\"]\nmax_age = 60\n\n[mcp]\nenabled = true\n",
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with(
                "`allow_origins` is at the top level of a file with Nexus's `[mcp]` table: \
                 Nexus reads the cors keys only in `[server.cors]`, and refuses to start with \
                 them here\n --> <inline>:1:1\n"
            ),
            "{}",
            found[0]
        );
        assert!(found[0].contains("::: <inline>:4:2"), "{}", found[0]);
        assert!(
            found[0].ends_with(
                "= help: write `[server.cors]` on the line above `allow_origins`, so that the \
                 cors keys are in it"
            ),
            "{}",
            found[0]
        );
        assert!(found[1].contains("has a trailing `/`"), "{}", found[1]);
        // Done as the help says, the file is a Nexus file with its cors table.
        let policy = compile(
            "[server.cors]\nallow_origins = [\"https://a.example\"]\nmax_age = 60\n\n[mcp]\n\
             enabled = true\n",
            "<inline>",
        )
        .unwrap();
        assert_eq!(policy.max_age, Some(60));
    }

    #[test]
    fn a_brace_glob_offers_the_origins_it_stands_for() {
        let found = errors("allow_origins = [\"https://{app,admin}.example.com\"]\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(
                "`allow_origins` entry \"https://{app,admin}.example.com\" uses `{app,admin}`, \
                 a Nexus glob, which is not a pattern here: only `*.` (leading labels) and `:*` \
                 (any port) are, and other origins are listed one by one\n --> <inline>:1:18\n"
            ),
            "{}",
            found[0]
        );
        assert!(
            found[0].ends_with(
                "= help: write each origin as its own entry: [\"https://app.example.com\", \
                 \"https://admin.example.com\"]"
            ),
            "{}",
            found[0]
        );
        // What it offers compiles.
        let policy = compile(
            "allow_origins = [\"https://app.example.com\", \"https://admin.example.com\"]\n",
            "<inline>",
        )
        .unwrap();
        assert_eq!(
            policy.origins,
            listed(&["https://app.example.com", "https://admin.example.com"])
        );
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
