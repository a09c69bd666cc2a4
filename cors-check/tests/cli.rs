//! The `cors-check` binary, run as a user runs it: exit statuses, stdout and stderr.
//!
//! The policies are the files of `cors-check/examples/`; in `examples/nexus.toml`,
//! `allow_origins` is at 6:17, `allow_headers` at 10:17, `allow_credentials` at 11:21,
//! `max_age` at 12:11, `expose_headers` at 13:18 and `allow_methods` at 14:17.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use cors_runtime::CorsPolicy;
use http::{HeaderMap, HeaderValue, Method};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn first_line(&self) -> &str {
        self.stdout.lines().next().unwrap_or_default()
    }

    /// The line saying what to change (the first line of the last paragraph of an
    /// explanation).
    fn fix(&self) -> &str {
        self.fix_paragraph().lines().next().unwrap_or_default()
    }

    /// The last paragraph of an explanation: what to change, and for an origin a resolver
    /// could allow, a line saying so.
    fn fix_paragraph(&self) -> &str {
        let stdout = self.stdout.trim_end();
        stdout.rsplit("\n\n").next().unwrap_or(stdout)
    }
}

fn cors_check_with(args: &[&str], env: &[(&str, &str)], unset: &[&str]) -> Run {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    cors_check_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args, env, unset)
}

/// `cors-check ARGS...` in `directory`; the arguments need not be UTF-8.
fn cors_check_in(directory: &Path, args: &[&OsStr], env: &[(&str, &str)], unset: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cors-check"));
    command
        .args(args)
        .current_dir(directory)
        .env_remove("CLICOLOR_FORCE");
    for (name, value) in env {
        command.env(name, value);
    }
    for name in unset {
        command.env_remove(name);
    }
    let output = command.output().expect("cors-check runs");
    Run {
        code: output.status.code().expect("an exit status"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

fn cors_check(args: &[&str]) -> Run {
    cors_check_with(args, &[], &[])
}

/// `cors-check examples/nexus.toml --origin ORIGIN ARGS...`
fn nexus(origin: &str, args: &[&str]) -> Run {
    let mut all = vec!["examples/nexus.toml", "--origin", origin];
    all.extend_from_slice(args);
    cors_check(&all)
}

const APP: &str = "https://app.example.com";

#[track_caller]
fn assert_blocked(run: &Run, headline: &str, fix: &str) {
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.first_line(), headline, "{}", run.stdout);
    assert_eq!(run.fix(), fix, "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[track_caller]
fn assert_allowed(run: &Run) {
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.first_line(), "allowed", "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[track_caller]
fn assert_preflight_because(run: &Run, because: &str) {
    let preflight = run
        .stdout
        .split("\n\n")
        .find(|section| section.starts_with("Preflight"))
        .expect("a Preflight section");
    assert!(
        preflight.contains("The browser sends a preflight first, because"),
        "{preflight}"
    );
    assert!(
        preflight.contains(because),
        "expected {because:?} in:\n{preflight}"
    );
}

// ---------------------------------------------------------------------------------------
// Checking files.
// ---------------------------------------------------------------------------------------

#[test]
fn a_valid_file_gets_one_line_on_stdout() {
    let run = cors_check(&["examples/nexus.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "examples/nexus.toml: a valid CORS policy\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn an_invalid_file_gets_every_diagnostic_on_stderr() {
    let run = cors_check(&["examples/bad.toml"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "nothing on stdout for an invalid file");
    // The same words as from_file's, each diagnostic as it renders it.
    let error = CorsPolicy::from_file("examples/bad.toml").unwrap_err();
    for diagnostic in error.diagnostics() {
        assert!(
            run.stderr.contains(&format!("error: {diagnostic}\n")),
            "{diagnostic}\nnot in:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(" --> examples/bad.toml:2:18\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> examples/bad.toml:3:25\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> examples/bad.toml:4:21\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: the CORS policy in examples/bad.toml has 3 mistakes"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\x1b'),
        "no colour when stderr is not a terminal"
    );
}

#[test]
fn several_files_are_each_checked() {
    let run = cors_check(&[
        "examples/nexus.toml",
        "examples/bad.toml",
        "examples/public.toml",
    ]);
    assert_eq!(run.code, 1, "one invalid file fails the run");
    assert_eq!(
        run.stdout,
        "examples/nexus.toml: a valid CORS policy\nexamples/public.toml: a valid CORS policy\n"
    );
    assert!(
        run.stderr.contains("examples/bad.toml:2:18"),
        "{}",
        run.stderr
    );

    let run = cors_check(&[
        "examples/nexus.toml",
        "examples/public.toml",
        "examples/internal.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
}

#[test]
fn an_unreadable_file_is_named_with_the_reason() {
    let run = cors_check(&["examples/missing.toml", "examples/nexus.toml"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "examples/nexus.toml: a valid CORS policy\n");
    assert!(
        run.stderr
            .starts_with("error: cannot read the policy file examples/missing.toml: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= help: check the file name"),
        "{}",
        run.stderr
    );

    // A directory cannot be read as a file either.
    let run = cors_check(&["examples"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("examples"), "{}", run.stderr);
}

#[test]
fn a_variable_is_read_from_the_environment_of_cors_check() {
    let run = cors_check_with(
        &["examples/deployed.toml"],
        &[("APP_ORIGIN", "https://staging.example.com")],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "examples/deployed.toml: a valid CORS policy\n");

    // The value is checked like any other.
    let run = cors_check_with(
        &["examples/deployed.toml"],
        &[("APP_ORIGIN", "https://staging.example.com/")],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("trailing `/`"), "{}", run.stderr);

    // And it is the origin the explained call is compared with.
    let run = cors_check_with(
        &[
            "examples/deployed.toml",
            "--origin",
            "https://staging.example.com",
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
        ],
        &[("APP_ORIGIN", "https://staging.example.com")],
        &[],
    );
    assert_allowed(&run);
}

#[test]
fn a_variable_that_is_not_set_is_named() {
    let run = cors_check_with(&["examples/deployed.toml"], &[], &["APP_ORIGIN"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("APP_ORIGIN"), "{}", run.stderr);
    assert!(run.stderr.contains("allow_origins"), "{}", run.stderr);
    assert!(
        run.stderr.contains("examples/deployed.toml:3:18"),
        "{}",
        run.stderr
    );

    // Explaining a call with it is exit status 2, with the diagnostics.
    let run = cors_check_with(
        &["examples/deployed.toml", "--origin", APP],
        &[],
        &["APP_ORIGIN"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("APP_ORIGIN"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// Usage.
// ---------------------------------------------------------------------------------------

#[test]
fn help_and_version_go_to_stdout() {
    let run = cors_check(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Usage: cors-check"), "{}", run.stdout);
    assert!(run.stdout.contains("--origin <ORIGIN>"), "{}", run.stdout);
    assert!(run.stdout.contains("--private-network"), "{}", run.stdout);
    assert_eq!(run.stderr, "");

    let run = cors_check(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("cors-check {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_are_status_2() {
    for args in [
        &[][..],
        &["--origin", APP][..],
        &["examples/nexus.toml", "-X", "PUT"][..],
        &["examples/nexus.toml", "--credentials"][..],
        &["examples/nexus.toml", "--bogus"][..],
        &[
            "examples/nexus.toml",
            "examples/public.toml",
            "--origin",
            APP,
        ][..],
        &["examples/nexus.toml", "--origin", APP, "-H", "no colon"][..],
        &["examples/nexus.toml", "--origin", APP, "-X", "GE T"][..],
        &["examples/nexus.toml", "--origin", APP, "-H", "X Bad: 1"][..],
    ] {
        let run = cors_check(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn an_origin_no_browser_sends_is_a_usage_error_offering_what_it_would_send() {
    for (origin, offered) in [
        ("https://App.example.com", "\"https://app.example.com\""),
        ("https://app.example.com/", "\"https://app.example.com\""),
        (
            "https://app.example.com/path",
            "\"https://app.example.com\"",
        ),
        ("https://app.example.com:443", "\"https://app.example.com\""),
        ("app.example.com", "\"https://app.example.com\""),
        ("file:///home/me/page.html", "--origin null"),
        ("NULL", "\"null\""),
    ] {
        let run = nexus(origin, &[]);
        assert_eq!(run.code, 2, "{origin}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with(&format!(
                "error: --origin \"{origin}\" is not an origin a browser sends: "
            )),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(offered), "{origin}: {}", run.stderr);
    }
}

#[test]
fn an_invalid_policy_is_status_2_when_explaining() {
    let run = cors_check(&["examples/bad.toml", "--origin", APP]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("examples/bad.toml:2:18"),
        "{}",
        run.stderr
    );
    let run = cors_check(&["examples/missing.toml", "--origin", APP]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("examples/missing.toml"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Explained calls: every refusal, every preflight trigger.
// ---------------------------------------------------------------------------------------

#[test]
fn a_simple_get_from_a_listed_origin_is_allowed_without_a_preflight() {
    let run = nexus(APP, &[]);
    assert_allowed(&run);
    assert!(run.stdout.contains("Preflight\n  none:"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("access-control-allow-origin: https://app.example.com"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("x-request-id, x-trace-id (expose_headers, examples/nexus.toml:13:18)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_origin_not_listed() {
    let run = nexus("https://evil.example", &[]);
    assert_blocked(
        &run,
        r#"blocked: origin "https://evil.example" is not in allow_origins (examples/nexus.toml:6:17)"#,
        r#"To allow it: add "https://evil.example" to allow_origins (examples/nexus.toml:6:17)."#,
    );
    assert!(
        !run.stdout.contains("access-control-allow-origin"),
        "an origin not listed gets no CORS header: {}",
        run.stdout
    );
}

/// The line after the fix for an origin that a server's resolver would be asked about.
const RESOLVER_MAY_ALLOW: &str = "If the server decides other origins itself (CorsLayer::allow_origin_if or allow_origin_async, such as tenants' origins kept in a database), it may still allow this one: cors-check knows only the file.";

#[test]
fn an_origin_not_listed_may_still_be_allowed_by_the_servers_resolver() {
    // Unlisted and canonical: a server's resolver would be asked, so one more line, after
    // the fix, which is unchanged; with or without a preflight.
    for args in [&[][..], &["-X", "PUT"][..]] {
        let run = nexus("https://evil.example", args);
        assert_blocked(
            &run,
            r#"blocked: origin "https://evil.example" is not in allow_origins (examples/nexus.toml:6:17)"#,
            r#"To allow it: add "https://evil.example" to allow_origins (examples/nexus.toml:6:17)."#,
        );
        assert_eq!(
            run.fix_paragraph(),
            format!(
                "To allow it: add \"https://evil.example\" to allow_origins (examples/nexus.toml:6:17).\n{RESOLVER_MAY_ALLOW}"
            ),
            "{}",
            run.stdout
        );
        assert_eq!(run.stdout.matches(RESOLVER_MAY_ALLOW).count(), 1);
    }

    // `null` is never asked about: the fix is its own, alone.
    for args in [&[][..], &["-X", "PUT"][..]] {
        let run = nexus("null", args);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(
            run.fix_paragraph()
                .starts_with("No policy should allow it: `null` is the opaque origin"),
            "{}",
            run.stdout
        );
        assert_eq!(run.fix_paragraph().lines().count(), 1, "{}", run.stdout);
        assert!(
            !run.stdout.contains("decides other origins"),
            "{}",
            run.stdout
        );
    }

    // A listed origin: allowed, and blocked for its method, nothing about resolvers.
    let listed = nexus(APP, &[]);
    assert_allowed(&listed);
    assert!(
        !listed.stdout.contains("decides other origins"),
        "{}",
        listed.stdout
    );
    let method = nexus(APP, &["-X", "DELETE"]);
    assert_eq!(method.code, 1, "{}", method.stdout);
    assert!(
        !method.stdout.contains("decides other origins"),
        "{}",
        method.stdout
    );

    // A "*" policy refuses no origin: blocked for credentials, nothing about resolvers.
    let star = cors_check(&["examples/public.toml", "--origin", APP, "--credentials"]);
    assert_eq!(star.code, 1, "{}", star.stdout);
    assert!(
        !star.stdout.contains("decides other origins"),
        "{}",
        star.stdout
    );
}

#[test]
fn the_null_origin_is_one_no_policy_should_allow() {
    let run = nexus("null", &["-X", "PUT"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.first_line(),
        r#"blocked: origin "null" is not in allow_origins (examples/nexus.toml:6:17)"#
    );
    assert!(
        run.fix()
            .starts_with("No policy should allow it: `null` is the opaque origin"),
        "{}",
        run.fix()
    );
}

#[test]
fn a_method_not_listed_by_name() {
    let run = nexus(APP, &["-X", "DELETE"]);
    assert_blocked(
        &run,
        r#"blocked: method "DELETE" is not in allow_methods (examples/nexus.toml:14:17)"#,
        r#"To allow it: add "DELETE" to allow_methods (examples/nexus.toml:14:17)."#,
    );
    assert_preflight_because(&run, "the method DELETE is not CORS-safelisted");
    assert!(run.stdout.contains("403 Forbidden"), "{}", run.stdout);
}

#[test]
fn methods_are_normalized_as_fetch_does() {
    let run = nexus(APP, &["-X", "post"]);
    assert_allowed(&run);
    assert!(
        run.stdout
            .contains("fetch() sends the method \"post\" as \"POST\""),
        "{}",
        run.stdout
    );
    // `patch` is not upper-cased: it is another method than PATCH.
    let run = nexus(APP, &["-X", "patch"]);
    assert_blocked(
        &run,
        r#"blocked: method "patch" is not in allow_methods (examples/nexus.toml:14:17)"#,
        r#"To allow it: add "patch" to allow_methods (examples/nexus.toml:14:17)."#,
    );
}

#[test]
fn a_method_with_allow_methods_absent_names_the_table() {
    let run = cors_check(&["examples/public.toml", "--origin", APP, "-X", "PUT"]);
    // allow_methods is written in public.toml; internal.toml lacks allow_headers.
    assert_eq!(run.code, 1);
    let run = cors_check(&[
        "examples/internal.toml",
        "--origin",
        "https://console.example.com",
        "-X",
        "PUT",
        "-H",
        "X-Device: 7",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.first_line().starts_with(r#"blocked: request header "x-device" is not allowed: allow_headers is not set in [server.cors] (examples/internal.toml:2:"#),
        "{}",
        run.first_line()
    );
    assert!(
        run.fix().starts_with(r#"To allow it: add allow_headers = ["x-device"] to [server.cors] (examples/internal.toml:2:"#),
        "{}",
        run.fix()
    );
}

#[test]
fn a_forbidden_method_is_blocked_before_any_request() {
    for method in ["TRACE", "connect", "Track"] {
        let run = nexus(APP, &["-X", method]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(
            run.first_line().ends_with(
                "is a forbidden method, which fetch() refuses before sending any request"
            ),
            "{}",
            run.first_line()
        );
        assert!(
            run.fix().starts_with("No policy can allow it"),
            "{}",
            run.fix()
        );
        assert!(
            !run.stdout.contains("OPTIONS"),
            "no preflight: {}",
            run.stdout
        );
    }
}

#[test]
fn a_header_not_safelisted_by_name() {
    let run = nexus(APP, &["-H", "X-Api-Key: k"]);
    assert_blocked(
        &run,
        r#"blocked: request header "x-api-key" is not in allow_headers (examples/nexus.toml:10:17)"#,
        r#"To allow it: add "x-api-key" to allow_headers (examples/nexus.toml:10:17)."#,
    );
    assert_preflight_because(
        &run,
        "the header `x-api-key: k`: its name is not a CORS-safelisted request-header",
    );
    assert!(
        run.stdout
            .contains("access-control-request-headers: x-api-key"),
        "{}",
        run.stdout
    );
}

#[test]
fn content_type_json_is_preflighted_and_allowed_when_listed() {
    let run = nexus(
        APP,
        &[
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "--credentials",
        ],
    );
    assert_allowed(&run);
    assert_preflight_because(&run, "the header `content-type: application/json`: application/json is not a CORS-safelisted content type");
    assert!(run.stdout.contains("204 No Content"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("access-control-allow-credentials: true"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("It caches this answer for 3600 seconds (max_age, examples/nexus.toml:12:11); Chromium keeps it 3600 s, Firefox 3600 s, WebKit 600 s."),
        "{}",
        run.stdout
    );
}

#[test]
fn content_type_json_with_a_header_the_policy_lacks() {
    let run = cors_check(&[
        "examples/internal.toml",
        "--origin",
        "https://console.example.com",
        "-X",
        "PUT",
        "-H",
        "content-type: application/json",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.first_line().starts_with(
            r#"blocked: request header "content-type" is not allowed: allow_headers is not set"#
        ),
        "{}",
        run.first_line()
    );
}

#[test]
fn accept_with_a_forbidden_byte_is_preflighted() {
    let run = nexus(APP, &["-H", "Accept: text/html(1)"]);
    assert_blocked(
        &run,
        r#"blocked: request header "accept" is not in allow_headers (examples/nexus.toml:10:17)"#,
        r#"To allow it: add "accept" to allow_headers (examples/nexus.toml:10:17)."#,
    );
    assert_preflight_because(
        &run,
        "its value contains `(`, a CORS-unsafe request-header byte",
    );
    // Without the byte, Accept is safelisted.
    assert_allowed(&nexus(APP, &["-H", "Accept: application/json"]));
}

#[test]
fn accept_language_with_a_bad_character_is_preflighted() {
    let run = nexus(APP, &["-H", "Accept-Language: en_US"]);
    assert_blocked(
        &run,
        r#"blocked: request header "accept-language" is not in allow_headers (examples/nexus.toml:10:17)"#,
        r#"To allow it: add "accept-language" to allow_headers (examples/nexus.toml:10:17)."#,
    );
    assert_preflight_because(
        &run,
        "its value contains `_`; a CORS-safelisted language tag has only letters",
    );
    assert_allowed(&nexus(APP, &["-H", "Accept-Language: en-US,en;q=0.9"]));
}

#[test]
fn content_language_with_a_bad_character_is_preflighted() {
    let run = nexus(APP, &["-H", "Content-Language: de/DE"]);
    assert_blocked(
        &run,
        r#"blocked: request header "content-language" is not in allow_headers (examples/nexus.toml:10:17)"#,
        r#"To allow it: add "content-language" to allow_headers (examples/nexus.toml:10:17)."#,
    );
    assert_preflight_because(
        &run,
        "the header `content-language: de/DE`: its value contains `/`",
    );
}

#[test]
fn range_that_is_not_a_simple_range_is_preflighted() {
    for range in ["bytes=-500", "bytes=0-10,20-30", "bytes=10-5", "items=0-5"] {
        let run = nexus(APP, &["-H", &format!("Range: {range}")]);
        assert_blocked(
            &run,
            r#"blocked: request header "range" is not in allow_headers (examples/nexus.toml:10:17)"#,
            r#"To allow it: add "range" to allow_headers (examples/nexus.toml:10:17)."#,
        );
        assert_preflight_because(
            &run,
            "its value is not a single range `bytes=START-` or `bytes=START-END`",
        );
    }
    assert_allowed(&nexus(APP, &["-H", "Range: bytes=0-499"]));
    assert_allowed(&nexus(APP, &["-H", "Range: bytes=500-"]));
}

#[test]
fn safelisted_headers_over_1024_bytes_are_preflighted() {
    // Each value is safelisted (at most 128 bytes); together they exceed 1024.
    let language = format!("Accept-Language: {}", "a".repeat(120));
    let accept = format!("Accept: {}", "b".repeat(120));
    let mut args: Vec<String> = Vec::new();
    for _ in 0..5 {
        args.extend(["-H".into(), language.clone(), "-H".into(), accept.clone()]);
    }
    // Ten entries of 120 bytes (`headers.append` keeps each one): 1200 bytes.
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = nexus(APP, &args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_preflight_because(
        &run,
        "add up to 1200 bytes, over the 1024 the Fetch standard allows",
    );
    assert_eq!(
        run.first_line(),
        r#"blocked: request header "accept" is not in allow_headers (examples/nexus.toml:10:17)"#
    );
    // Eight of them, 960 bytes, are within the limit.
    let args: Vec<&str> = args[..16].to_vec();
    assert_allowed(&nexus(APP, &args));

    // Each value over 128 bytes is unsafe on its own.
    let long = format!("Accept: {}", "c".repeat(129));
    let run = nexus(APP, &["-H", &long]);
    assert_eq!(run.code, 1);
    assert_preflight_because(
        &run,
        "its value is 129 bytes long, and a CORS-safelisted value is at most 128",
    );
}

#[test]
fn authorization_is_a_header_that_needs_listing() {
    let run = nexus(
        APP,
        &[
            "-X",
            "POST",
            "-H",
            "Authorization: Bearer t",
            "-H",
            "Content-Type: application/json",
            "--credentials",
        ],
    );
    assert_allowed(&run);
    assert!(
        run.stdout
            .contains("access-control-request-headers: authorization,content-type"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_forbidden_request_header_is_dropped_silently() {
    let run = nexus(
        APP,
        &[
            "-H",
            "Cookie: session=1",
            "-H",
            "Sec-Fetch-Mode: cors",
            "-H",
            "Host: evil",
        ],
    );
    assert_allowed(&run);
    for name in ["Cookie", "Sec-Fetch-Mode", "Host"] {
        assert!(
            run.stdout.contains(&format!(
                "{name} is a forbidden request-header: the browser drops it silently"
            )),
            "{name}: {}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("Preflight\n  none:"),
        "dropped headers trigger nothing: {}",
        run.stdout
    );
    // The verdict is the one for the request without it.
    let run = nexus(APP, &["-X", "DELETE", "-H", "Cookie: a=1"]);
    assert_eq!(run.code, 1);
    assert!(
        run.first_line().contains(r#"method "DELETE""#),
        "{}",
        run.first_line()
    );
}

#[test]
fn private_network_is_always_preflighted() {
    let run = cors_check(&[
        "examples/internal.toml",
        "--origin",
        "https://console.example.com",
        "--private-network",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.first_line().starts_with("blocked: private network access is not allowed: allow_private_network is not set in [server.cors] (examples/internal.toml:2:"),
        "{}",
        run.first_line()
    );
    assert!(
        run.fix().starts_with("To allow it: add allow_private_network = true to [server.cors] (examples/internal.toml:2:"),
        "{}",
        run.fix()
    );
    assert_preflight_because(&run, "the request goes to a more private network");
    assert!(
        run.stdout
            .contains("access-control-request-private-network: true"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("access-control-request-method: GET"),
        "{}",
        run.stdout
    );

    // nexus.toml writes `allow_private_network`? No: it is absent there too; with a
    // `"*"` policy the origin must be listed as well.
    let run = cors_check(&["examples/public.toml", "--origin", APP, "--private-network"]);
    assert_eq!(run.code, 1);
    assert!(
        run.fix().starts_with(r#"To allow it: list "https://app.example.com" in allow_origins (examples/public.toml:2:17) instead of "*""#),
        "{}",
        run.fix()
    );
}

#[test]
fn credentials_with_a_star_policy() {
    let run = cors_check(&["examples/public.toml", "--origin", APP, "--credentials"]);
    assert_blocked(
        &run,
        r#"blocked: credentials are included and the answer is Access-Control-Allow-Origin: *, which a browser never accepts with them (allow_origins = "*", examples/public.toml:2:17)"#,
        r#"To allow it: list "https://app.example.com" in allow_origins (examples/public.toml:2:17) instead of "*", and add allow_credentials = true at the top of examples/public.toml (or call fetch without credentials: 'include' if the page needs no cookies)."#,
    );
    // Without credentials the same call is allowed, and a "*" policy needs no preflight.
    assert_allowed(&cors_check(&["examples/public.toml", "--origin", APP]));
}

#[test]
fn credentials_with_a_listed_origin_and_allow_credentials_unset() {
    let run = cors_check(&[
        "examples/internal.toml",
        "--origin",
        "https://console.example.com",
        "--credentials",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.first_line(),
        "blocked: credentials are included and the answer has no Access-Control-Allow-Credentials: true (allow_credentials is not set)"
    );
    assert!(
        run.fix().starts_with(
            "To allow it: add allow_credentials = true to [server.cors] (examples/internal.toml:2:"
        ),
        "{}",
        run.fix()
    );
}

#[test]
fn exposed_headers_are_reported() {
    let run = cors_check(&["examples/public.toml", "--origin", APP]);
    assert_allowed(&run);
    assert!(
        run.stdout.contains("Script may read only the CORS-safelisted response headers (cache-control, content-language, content-length, content-type, expires, last-modified, pragma); to let it read another, add expose_headers = [\"NAME\"] at the top of examples/public.toml."),
        "{}",
        run.stdout
    );
}

#[test]
fn max_age_unset_is_the_five_second_default() {
    let run = cors_check(&[
        "examples/internal.toml",
        "--origin",
        "https://console.example.com",
        "-X",
        "PUT",
    ]);
    assert_allowed(&run);
    assert!(
        run.stdout
            .contains("It caches this answer for 5 seconds (max_age is not set"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_reason_is_the_policys_own_words() {
    // SPEC §8: the first line is `blocked: ` and what `CorsPolicy::explain` says, the same
    // words as the 403 body and the tracing event.
    let policy =
        CorsPolicy::from_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nexus.toml"))
            .unwrap();
    let mut request = HeaderMap::new();
    request.insert("origin", HeaderValue::from_static(APP));
    request.insert(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    let refusal = policy.refusal(&Method::OPTIONS, &request).expect("refused");
    let words = policy.explain(refusal).to_string();
    let words = words.replace(
        &format!("{}/", Path::new(env!("CARGO_MANIFEST_DIR")).display()),
        "",
    );
    let run = nexus(APP, &["-X", "PUT"]);
    assert_eq!(run.first_line(), format!("blocked: {words}"));
}

#[test]
fn no_colour_unless_a_terminal_and_never_with_no_color() {
    let run = nexus("https://evil.example", &[]);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
    let forced = cors_check_with(
        &["examples/nexus.toml", "--origin", "https://evil.example"],
        &[("CLICOLOR_FORCE", "1")],
        &["NO_COLOR"],
    );
    assert!(
        forced.stdout.contains("\x1b["),
        "CLICOLOR_FORCE colours: {:?}",
        forced.stdout
    );
    let no_color = cors_check_with(
        &["examples/nexus.toml", "--origin", "https://evil.example"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[],
    );
    assert!(!no_color.stdout.contains('\x1b'), "{:?}", no_color.stdout);
    assert_eq!(no_color.stdout, run.stdout);
}

// ---------------------------------------------------------------------------------------
// Arguments no page could send, and ones only a careless tool would choke on: each bad
// one a usage error that names its argument, says what is wrong and how to write it;
// never a panic.
// ---------------------------------------------------------------------------------------

/// A usage error: status 2 (not a panic's 101), nothing on stdout, and `message` as the
/// one line on stderr.
#[track_caller]
fn assert_usage_error(run: &Run, message: &str) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("error: {message}\n"));
}

const TOKEN: &str = "(letters, digits and !#$%&'*+-.^_`|~)";

const X_A_NOT_LISTED: &str =
    r#"blocked: request header "x-a" is not in allow_headers (examples/nexus.toml:10:17)"#;

const ADD_X_A: &str = r#"To allow it: add "x-a" to allow_headers (examples/nexus.toml:10:17)."#;

#[test]
fn a_line_break_in_a_header_value_is_a_usage_error() {
    let why = "the header `x-a`'s value contains a line break (CR or LF), which no browser \
               sends (fetch() throws a TypeError); write the value on one line, or repeat -H \
               to send the header once per value";
    for (header, shown) in [
        ("X-A: a\rb", r"X-A: a\rb"),
        ("X-A: a\nb", r"X-A: a\nb"),
        ("X-A: a\r\nb", r"X-A: a\r\nb"),
        // A second header smuggled into the first one's value.
        (
            "X-A: 1\r\nCookie: session=1",
            r"X-A: 1\r\nCookie: session=1",
        ),
    ] {
        let run = nexus(APP, &["-H", "Accept: text/plain", "-H", header]);
        assert_usage_error(&run, &format!("-H \"{shown}\": {why}"));
    }
}

#[test]
fn line_breaks_around_a_header_value_are_trimmed_as_fetch_does() {
    // `headers.append` normalizes the value first: CR and LF at its ends are HTTP
    // whitespace, and go.
    let run = nexus(APP, &["-H", "X-A: a\r\n"]);
    assert_blocked(&run, X_A_NOT_LISTED, ADD_X_A);
    assert!(
        run.stdout.contains(r#"headers: { "X-A": "a" }"#),
        "{}",
        run.stdout
    );
}

#[test]
fn an_origin_with_a_line_break_or_a_control_byte_is_a_usage_error_shown_escaped() {
    let run = nexus("https://a.example\r\n", &[]);
    assert_usage_error(
        &run,
        r#"--origin "https://a.example\r\n" is not an origin a browser sends: it contains whitespace, which never appears in an `Origin` header; a browser would send "https://a.example""#,
    );
    // An escape sequence reaches the terminal as text, not as a colour.
    let run = nexus("https://a.example\x1b[31m", &[]);
    assert_usage_error(
        &run,
        r#"--origin "https://a.example\x1b[31m" is not an origin a browser sends: it has `\x1b` in its host, which cannot be in a host name; write the origin as the page's `location.origin` shows it: `scheme://host` with an optional `:port`, in lower case"#,
    );
}

#[test]
fn a_method_that_is_not_a_token_is_a_usage_error_saying_why() {
    for (method, shown, why) in [
        ("PU T", "PU T", "it contains a space"),
        ("", "", "it is empty"),
        ("P\rUT", r"P\rUT", "it contains a line break"),
        ("PUT\n", r"PUT\n", "it contains a line break"),
        ("GET(", "GET(", r#"it contains "(""#),
        ("PÜT", "PÜT", r#"it contains "Ü""#),
    ] {
        let run = nexus(APP, &["-X", method]);
        assert_usage_error(
            &run,
            &format!(
                "-X \"{shown}\" is not a method: {why}, and a method is a token {TOKEN}, as in \
                 -X PUT; fetch() would throw a TypeError"
            ),
        );
    }
}

#[test]
fn a_header_without_a_colon_or_a_name_is_a_usage_error() {
    let no_colon = "is not a header: write it as 'NAME: VALUE', as in \
                    -H 'Content-Type: application/json'";
    assert_usage_error(&nexus(APP, &["-H", ""]), &format!("-H \"\" {no_colon}"));
    assert_usage_error(
        &nexus(APP, &["-H", "Name"]),
        &format!("-H \"Name\" {no_colon}"),
    );
    let no_name = "the header has no name; write it as 'NAME: VALUE', as in -H 'X-Custom: 1'";
    assert_usage_error(&nexus(APP, &["-H", ":"]), &format!("-H \":\": {no_name}"));
    assert_usage_error(
        &nexus(APP, &["-H", " : v"]),
        &format!("-H \": v\": {no_name}"),
    );
    for (header, shown, name, why) in [
        ("X Bad: 1", "X Bad: 1", "X Bad", "it contains a space"),
        ("X\tA: 1", r"X\tA: 1", r"X\tA", "it contains a tab"),
        ("X-É: 1", "X-É: 1", "X-É", r#"it contains "É""#),
        ("X\rA: 1", r"X\rA: 1", r"X\rA", "it contains a line break"),
    ] {
        assert_usage_error(
            &nexus(APP, &["-H", header]),
            &format!(
                "-H \"{shown}\": \"{name}\" is not a header name: {why}, and a name is a token \
                 {TOKEN}, as in -H 'X-Custom: 1'; fetch() would throw a TypeError"
            ),
        );
    }
}

#[test]
fn a_very_long_argument_is_explained_or_cut_short_in_its_usage_error() {
    // A page may send a 100 000-byte value: the explanation quotes it whole.
    let value = "v".repeat(100_000);
    let run = nexus(APP, &["-H", &format!("X-A: {value}")]);
    assert_blocked(&run, X_A_NOT_LISTED, ADD_X_A);
    assert!(run.stdout.contains(&value));
    // And a 100 000-byte method, a token.
    let method = "M".repeat(100_000);
    let run = nexus(APP, &["-X", &method]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.first_line(),
        format!(
            r#"blocked: method "{method}" is not in allow_methods (examples/nexus.toml:14:17)"#
        )
    );
    // A usage error quotes the first 64 characters, and gives the length.
    let name = format!("X{} Y", "a".repeat(100_000));
    let run = nexus(APP, &["-H", &format!("{name}: 1")]);
    let shown = format!("X{}…", "a".repeat(63));
    assert_usage_error(
        &run,
        &format!(
            "-H \"{shown}\" ({} bytes): \"{shown}\" ({} bytes) is not a header name: it \
             contains a space, and a name is a token {TOKEN}, as in -H 'X-Custom: 1'; fetch() \
             would throw a TypeError",
            name.len() + 3,
            name.len()
        ),
    );
}

#[test]
fn non_ascii_in_a_header_value_is_sent_as_a_browser_sends_it() {
    // A byte from 0x80 on is not a CORS-unsafe request-header byte: `Accept: é` is still
    // safelisted, and needs no preflight.
    let run = nexus(APP, &["-H", "Accept: é"]);
    assert_allowed(&run);
    assert!(
        run.stdout.contains(r#"headers: { "Accept": "é" }"#),
        "{}",
        run.stdout
    );
    let run = nexus(APP, &["-H", "X-A: é"]);
    assert_blocked(&run, X_A_NOT_LISTED, ADD_X_A);
    assert!(
        run.stdout
            .contains("- the header `x-a: é`: its name is not a CORS-safelisted"),
        "{}",
        run.stdout
    );
}

#[test]
fn control_bytes_a_page_may_send_are_shown_escaped() {
    // A header value may hold any byte but NUL, CR and LF; what a terminal would act on
    // is printed as an escape.
    let run = nexus(APP, &["-H", "X-A: a\x01\x1b[31mb\x7f"]);
    assert_blocked(&run, X_A_NOT_LISTED, ADD_X_A);
    assert!(
        !run.stdout.contains(['\x01', '\x1b', '\x7f']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r#"headers: { "X-A": "a\x01\x1b[31mb\x7f" }"#),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r"- the header `x-a: a\x01\x1b[31mb\x7f`: its name"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_naming_its_flag() {
    use std::os::unix::ffi::OsStrExt as _;

    let nexus_with = |args: &[&[u8]]| {
        let mut all = vec![OsStr::new("examples/nexus.toml")];
        all.extend(args.iter().map(|arg| OsStr::from_bytes(arg)));
        cors_check_in(Path::new(env!("CARGO_MANIFEST_DIR")), &all, &[], &[])
    };
    assert_usage_error(
        &nexus_with(&[b"--origin", b"https://\xe9.example"]),
        r#"--origin "https://\xe9.example" is not UTF-8 text: an origin is ASCII, as the page's location.origin shows it (an internationalized host in its xn-- form), as in --origin https://app.example.com"#,
    );
    assert_usage_error(
        &nexus_with(&[b"--origin", APP.as_bytes(), b"-X", b"P\xe9T"]),
        r#"-X "P\xe9T" is not UTF-8 text: a method is a token, as in -X PUT"#,
    );
    assert_usage_error(
        &nexus_with(&[b"--origin", APP.as_bytes(), b"-H", b"X-A: caf\xe9"]),
        r#"-H "X-A: caf\xe9" is not UTF-8 text: cors-check reads a header as UTF-8 text, as the page's script writes it; write it in UTF-8, as in -H 'X-Name: é'"#,
    );
}

/// A directory of its own under the system's temporary one, removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("cors-check-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_read_and_shown() {
    use std::os::unix::ffi::OsStrExt as _;

    let directory = TempDir::new("file-names");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let valid = OsStr::from_bytes(b"caf\xe9.toml");
    let invalid = OsStr::from_bytes(b"b\xe9d.toml");
    std::fs::copy(examples.join("nexus.toml"), directory.0.join(valid)).expect("a copy");
    std::fs::copy(examples.join("bad.toml"), directory.0.join(invalid)).expect("a copy");

    // Shown as `Path::display` shows it: the byte that is not UTF-8 as U+FFFD.
    let run = cors_check_in(&directory.0, &[valid], &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "caf\u{fffd}.toml: a valid CORS policy\n");
    assert_eq!(run.stderr, "");

    let run = cors_check_in(&directory.0, &[valid, invalid], &[], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "caf\u{fffd}.toml: a valid CORS policy\n");
    assert!(
        run.stderr.contains(" --> b\u{fffd}d.toml:2:18\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: the CORS policy in b\u{fffd}d.toml has 3 mistakes\n\n"),
        "{}",
        run.stderr
    );

    // Explaining a call with it names its places the same way.
    let args = [valid, OsStr::new("--origin"), OsStr::new(APP)];
    let mut put = args.to_vec();
    put.extend([OsStr::new("-X"), OsStr::new("PUT")]);
    let run = cors_check_in(&directory.0, &put, &[], &[]);
    assert_blocked(
        &run,
        "blocked: method \"PUT\" is not in allow_methods (caf\u{fffd}.toml:14:17)",
        "To allow it: add \"PUT\" to allow_methods (caf\u{fffd}.toml:14:17).",
    );
    let run = cors_check_in(&directory.0, &args, &[], &[]);
    assert_allowed(&run);
}
