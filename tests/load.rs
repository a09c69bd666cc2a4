//! SPEC §6, `CorsPolicy::from_toml` and `from_file` on their own: what they read and how
//! they say what is wrong. That a loaded policy answers requests as the macro-built one
//! does is checked by every request test (`common::twin`); that its messages are the
//! macro's, case by case, by tests/loaded_diagnostics.rs.

mod common;

use std::error::Error;
use std::path::{Path, PathBuf};

use common::*;
use cors_runtime::{CorsPolicy, Diagnostic, PolicyError};
use http::StatusCode;

/// A directory of this test binary's own, for files written by the tests.
fn scratch(name: &str) -> PathBuf {
    let directory = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("load-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&directory).unwrap();
    directory
}

/// The only diagnostic of an error.
#[track_caller]
fn only(error: &PolicyError) -> &Diagnostic {
    match error.diagnostics() {
        [diagnostic] => diagnostic,
        all => panic!("{} diagnostics: {error}", all.len()),
    }
}

/// `SOURCE:LINE:COLUMN` of each diagnostic.
fn places(error: &PolicyError) -> Vec<String> {
    error
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            diagnostic
                .location()
                .map_or_else(|| "unlocated".to_owned(), ToString::to_string)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// `{{ env.NAME }}`, read when the policy is loaded.
// ---------------------------------------------------------------------------------------

#[test]
fn an_unset_variable_is_an_error_naming_it_and_the_key() {
    std::env::remove_var("CORS_TEST_LOAD_UNSET");
    let error = CorsPolicy::from_toml(concat!(
        "allow_origins = [\"https://app.example.com\"]\n",
        "allow_methods = [\"PUT\", \"{{ env.CORS_TEST_LOAD_UNSET }}\"]\n",
    ))
    .unwrap_err();
    let diagnostic = only(&error);
    assert_eq!(
        diagnostic.message(),
        "`allow_methods` uses `{{ env.CORS_TEST_LOAD_UNSET }}`, but the environment variable \
         CORS_TEST_LOAD_UNSET is not set"
    );
    assert_eq!(places(&error), ["<toml>:2:25"]);
    assert!(
        diagnostic
            .help()
            .is_some_and(|help| help.contains("CORS_TEST_LOAD_UNSET=")),
        "{error}"
    );
}

#[test]
fn a_variable_is_read_from_the_process_when_the_policy_is_loaded() {
    let toml = concat!(
        "allow_origins = [\"http://localhost:3000\", \"{{ env.CORS_TEST_LOAD_ORIGINS }}\"]\n",
        "max_age = \"{{ env.CORS_TEST_LOAD_MAX_AGE }}\"\n",
    );
    let allows = |policy: &CorsPolicy, origin: &str| {
        let mut response = http::HeaderMap::new();
        policy.apply(&headers(&[("origin", origin)]), &mut response);
        response.contains_key("access-control-allow-origin")
    };

    // A whole element may be a comma-separated list (SPEC §1.4).
    std::env::set_var(
        "CORS_TEST_LOAD_ORIGINS",
        "https://one.example.com, https://two.example.com",
    );
    std::env::set_var("CORS_TEST_LOAD_MAX_AGE", "10m");
    let first = CorsPolicy::from_toml(toml).unwrap();
    assert_eq!(
        format!("{first:?}"),
        "CorsPolicy { allow_origins: [\"http://localhost:3000\", \"https://one.example.com\", \
         \"https://two.example.com\"], allow_methods: [], allow_headers: [], expose_headers: \
         None, allow_credentials: false, max_age: Some(\"600\"), allow_private_network: false }"
    );
    assert!(allows(&first, "https://two.example.com"));

    // Changed, and loaded again: the new value, with no rebuild.
    std::env::set_var("CORS_TEST_LOAD_ORIGINS", "https://three.example.com");
    let second = CorsPolicy::from_toml(toml).unwrap();
    assert!(allows(&second, "https://three.example.com"));
    assert!(!allows(&second, "https://one.example.com"));
    assert!(
        allows(&first, "https://one.example.com"),
        "a policy keeps what it read"
    );
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read.
// ---------------------------------------------------------------------------------------

#[test]
fn a_missing_file_names_the_path_and_the_reason() {
    let error = CorsPolicy::from_file("tests/no-such-policy.toml").unwrap_err();
    let diagnostic = only(&error);
    assert_eq!(
        diagnostic.message(),
        "cannot read the policy file tests/no-such-policy.toml: it does not exist"
    );
    assert_eq!(diagnostic.location(), None);
    let working_directory = std::env::current_dir().unwrap();
    let help = format!(
        "check the file name; a relative path is read from the working directory, {}",
        working_directory.display()
    );
    assert_eq!(diagnostic.help(), Some(help.as_str()));
    assert_eq!(
        error.to_string(),
        format!("{}\n  = help: {help}", diagnostic.message())
    );
}

#[test]
fn an_unreadable_file_keeps_the_io_error_as_its_source() {
    use std::error::Error;
    let io_error = |error: &cors_runtime::PolicyError| {
        error
            .source()
            .and_then(|source| source.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind)
    };
    let missing = CorsPolicy::from_file("tests/no-such-policy.toml").unwrap_err();
    assert_eq!(io_error(&missing), Some(std::io::ErrorKind::NotFound));
    let directory = CorsPolicy::from_file("tests").unwrap_err();
    assert!(io_error(&directory).is_some(), "{directory:?}");
    // A wrong policy has no source: its diagnostics are the whole story.
    let wrong = CorsPolicy::from_toml(r#"allow_origins = ["https://a.example/"]"#).unwrap_err();
    assert!(wrong.source().is_none());
}

#[test]
fn a_directory_is_not_a_policy_file() {
    let error = CorsPolicy::from_file("tests/fixtures").unwrap_err();
    assert_eq!(
        only(&error).message(),
        "cannot read the policy file tests/fixtures: it is a directory"
    );
    assert_eq!(only(&error).location(), None);
}

#[test]
fn a_file_that_is_not_utf8_names_the_path_and_where() {
    let path = scratch("latin-1").join("nexus.toml");
    std::fs::write(
        &path,
        b"[server.cors]\nallow_origins = \"https://caf\xe9.example\"\n",
    )
    .unwrap();
    let error = CorsPolicy::from_file(&path).unwrap_err();
    let diagnostic = only(&error);
    assert_eq!(
        diagnostic.message(),
        format!(
            "the policy file {} is not UTF-8: the bytes at line 2, byte 29 of that line are \
             not valid UTF-8",
            path.display()
        )
    );
    assert_eq!(
        diagnostic.help(),
        Some("TOML files must be UTF-8; save it with that encoding")
    );
    assert_eq!(diagnostic.location(), None);
}

// ---------------------------------------------------------------------------------------
// A whole Nexus file.
// ---------------------------------------------------------------------------------------

twin_policies! {
    /// The example's Nexus file: `[server]`, `[server.health]`, `[llm]` and a provider whose
    /// `api_key` is `{{ env.OPENAI_API_KEY }}`, none of them read.
    static EXAMPLE: Twin = cors_policy!(include "../examples/nexus.toml");
}

#[test]
fn a_whole_nexus_file_is_read_for_its_server_cors_table_only() {
    // Loaded by `from_file` (tests/../examples/nexus.toml), it prints as the macro's does.
    let loaded = EXAMPLE.loaded();
    assert!(format!("{loaded:?}").contains("\"http://127.0.0.1:3000\""));
    for origin in ["https://app.example.com", "http://127.0.0.1:3000"] {
        let answer = preflight(
            &EXAMPLE,
            &preflight_request(origin, "POST", Some("x-request-id")),
        );
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(single(answer.headers(), "access-control-max-age"), "3600");
    }

    // Other tables may hold anything, even what the cors table refuses.
    let whole = CorsPolicy::from_toml(
        r#"
        [server]
        listen_address = "0.0.0.0:8000"

        [server.cors]
        allow_origins = ["https://app.example.com"]
        allow_credentials = true

        [mcp]
        allow_origins = "*"
        allow_credentials = "yes"
        path = 5

        [llm.providers.openai]
        api_key = "{{ env.CORS_TEST_NEVER_SET }}"
        "#,
    )
    .unwrap();
    let bare = CorsPolicy::from_toml(
        "allow_origins = [\"https://app.example.com\"]\nallow_credentials = true\n",
    )
    .unwrap();
    assert_eq!(format!("{whole:?}"), format!("{bare:?}"));
}

#[test]
fn a_server_table_without_cors_is_an_error() {
    // Nexus would fall back to allowing every origin; the loader, as the macro, refuses.
    let error =
        CorsPolicy::from_toml("[server]\nlisten_address = \"127.0.0.1:8000\"\n").unwrap_err();
    assert_eq!(
        only(&error).message(),
        "this file has a `[server]` table but no `[server.cors]`: Nexus would silently allow \
         every origin, so the policy must be written out"
    );
    assert_eq!(places(&error), ["<toml>:1:2"]);
}

// ---------------------------------------------------------------------------------------
// Several mistakes at once, and where they are.
// ---------------------------------------------------------------------------------------

#[test]
fn every_mistake_is_reported_at_once_in_the_order_of_the_text() {
    let error = CorsPolicy::from_toml(concat!(
        "allow_origins = [\"https://app.example.com/\"]\n",
        "unknown_key = true\n",
        "allow_headers = [\"x-é\", \"cookie\"]\n",
        "max_age = -5\n",
        "allow_methods = [\"TRACE\"]\n",
    ))
    .unwrap_err();
    // Columns count characters: "cookie" is the 25th character of its line, 26th byte.
    assert_eq!(
        places(&error),
        [
            "<toml>:1:18",
            "<toml>:2:1",
            "<toml>:3:18",
            "<toml>:3:25",
            "<toml>:4:11",
            "<toml>:5:18",
        ]
    );
    let messages: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(Diagnostic::message)
        .collect();
    for (message, names) in messages.iter().zip([
        "`allow_origins` entry \"https://app.example.com/\"",
        "unknown key `unknown_key`",
        "`allow_headers` entry \"x-é\"",
        "`allow_headers` entry \"cookie\"",
        "`max_age`",
        "`allow_methods` entry \"TRACE\"",
    ]) {
        assert!(
            message.starts_with(names),
            "{message:?} is not about {names}"
        );
    }
    // `Display`: each as the macro renders it, a blank line between two.
    let each: Vec<String> = error
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(error.to_string(), each.join("\n\n"));
    for (diagnostic, place) in each.iter().zip(places(&error)) {
        assert!(!diagnostic.contains("\n\n"), "{diagnostic}");
        assert!(
            diagnostic.contains(&format!("\n --> {place}\n")),
            "{diagnostic}"
        );
    }
}

#[test]
fn from_file_names_the_path_as_given() {
    // A relative path, from the working directory, with `..` in it: shown as written.
    let given = "tests/../tests/fixtures/three-mistakes.toml";
    let error = CorsPolicy::from_file(given).unwrap_err();
    assert_eq!(
        places(&error),
        [
            format!("{given}:3:18"),
            format!("{given}:4:18"),
            format!("{given}:5:11"),
        ]
    );
    for diagnostic in error.diagnostics() {
        let location = diagnostic.location().unwrap();
        assert_eq!(location.source_name, given);
        assert!(diagnostic.to_string().contains(&format!(
            " --> {given}:{}:{}\n",
            location.line, location.column
        )));
    }

    // An absolute path with `.` in it.
    let directory = scratch("as-given");
    std::fs::write(
        directory.join("nexus.toml"),
        "[server.cors]\nallow_origins = [\"https://app.example.com/\"]\n",
    )
    .unwrap();
    let given = format!("{}/./nexus.toml", directory.display());
    let error = CorsPolicy::from_file(&given).unwrap_err();
    assert_eq!(places(&error), [format!("{given}:2:18")]);
    // The same text as `from_toml`, but for the source's name.
    let from_toml = CorsPolicy::from_toml(&std::fs::read_to_string(&given).unwrap()).unwrap_err();
    assert_eq!(
        error.to_string(),
        from_toml.to_string().replace("<toml>", &given)
    );
}

#[test]
fn a_diagnostic_gives_its_message_help_and_position() {
    let error =
        CorsPolicy::from_toml("# a comment\nallow_origins = [\"https://App.example.com\"]\n")
            .unwrap_err();
    let diagnostic = only(&error);
    let location = diagnostic.location().unwrap();
    assert_eq!(
        (
            location.source_name.as_str(),
            location.line,
            location.column
        ),
        ("<toml>", 2, 18)
    );
    assert_eq!(location.to_string(), "<toml>:2:18");
    let help = diagnostic.help().expect("a help");
    assert_eq!(help, "write \"https://app.example.com\"");
    assert_eq!(
        diagnostic.to_string(),
        format!(
            "{}\n --> <toml>:2:18\n  |\n2 | allow_origins = [\"https://App.example.com\"]\n  \
             |                  ^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: {help}",
            diagnostic.message()
        )
    );
    assert!(diagnostic
        .message()
        .starts_with("`allow_origins` entry \"https://App.example.com\" has upper-case letters"));
}

// ---------------------------------------------------------------------------------------
// The error type.
// ---------------------------------------------------------------------------------------

#[test]
fn a_policy_error_is_an_error_that_threads_can_share() {
    fn is_shared_error<E: Error + Send + Sync + 'static>(_: &E) {}
    let error = CorsPolicy::from_toml("allow_origins = \"null\"").unwrap_err();
    is_shared_error(&error);
    let shown = error.to_string();
    // As `?` hands it on: a boxed error, across a thread.
    let boxed: Box<dyn Error + Send + Sync + 'static> = error.into();
    let shown_elsewhere = std::thread::spawn(move || boxed.to_string())
        .join()
        .unwrap();
    assert_eq!(shown_elsewhere, shown);
    assert!(shown.starts_with("`allow_origins`"), "{shown}");
}
