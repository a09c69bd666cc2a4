//! `cors-check FILE...` checks CORS policy files; `cors-check FILE --origin ORIGIN …` says
//! what a browser does with a call to a server that answers with FILE's policy. The work
//! is in the library; this parses the arguments and prints.

use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::{Arg, ArgAction, ArgMatches, Command};
use cors_check::{explain, Fetch, UsageError};
use cors_runtime::PolicyError;

const ABOUT: &str = "Checks CORS policy files (the [server.cors] TOML of a Nexus configuration), \
                     and says what a browser does when a page calls a server that answers \
                     with one.";

const AFTER_HELP: &str = "\
Examples:
  cors-check nexus.toml staging.toml
  cors-check nexus.toml --origin https://app.example.com -X PUT -H 'Content-Type: application/json' --credentials

Exit status: checking files, 0 when every file is valid, 1 when any is not; explaining a \
call, 0 when the browser allows it, 1 when it blocks it; 2 for a usage error or, when \
explaining, a policy file that is invalid or unreadable.";

fn command() -> Command {
    Command::new("cors-check")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .after_help(AFTER_HELP)
        .arg(
            Arg::new("files")
                .value_name("FILE")
                .help("Policy files, checked as CorsPolicy::from_file checks them")
                .required(true)
                .num_args(1..),
        )
        .arg(
            Arg::new("origin")
                .long("origin")
                .value_name("ORIGIN")
                .help(
                    "Explain a call from a page of this origin (`null`, or scheme://host[:port] \
                     as location.origin shows it) to a server with FILE's policy",
                ),
        )
        .arg(
            Arg::new("method")
                .short('X')
                .long("request")
                .value_name("METHOD")
                .help("The call's method, as written in fetch() [default: GET]")
                .requires("origin"),
        )
        .arg(
            Arg::new("header")
                .short('H')
                .long("header")
                .value_name("NAME: VALUE")
                .help("A header the page sets; repeat for several")
                .action(ArgAction::Append)
                .requires("origin"),
        )
        .arg(
            Arg::new("credentials")
                .long("credentials")
                .help("The page calls fetch with credentials: 'include' (cookies, HTTP authentication)")
                .action(ArgAction::SetTrue)
                .requires("origin"),
        )
        .arg(
            Arg::new("private-network")
                .long("private-network")
                .help(
                    "The server is in a more private network than the page (Private Network \
                     Access: every call is preflighted)",
                )
                .action(ArgAction::SetTrue)
                .requires("origin"),
        )
}

fn main() -> ExitCode {
    let matches = command().get_matches();
    let files: Vec<&String> = matches.get_many("files").expect("required").collect();
    match matches.get_one::<String>("origin") {
        None => check_files(&files),
        Some(origin) => {
            let [file] = files[..] else {
                return usage(&UsageError(format!(
                    "--origin explains a call to one policy, and {} files were given",
                    files.len()
                )));
            };
            explain_call(file, origin, &matches)
        }
    }
}

fn error_label() -> Style {
    AnsiColor::Red.on_default().bold()
}

fn print_diagnostics(error: &PolicyError) {
    let mut stderr = anstream::stderr();
    let label = error_label();
    for diagnostic in error.diagnostics() {
        let _ = writeln!(stderr, "{label}error{label:#}: {diagnostic}\n");
    }
}

fn check_files(files: &[&String]) -> ExitCode {
    let mut stdout = anstream::stdout();
    let mut valid = true;
    for file in files {
        match cors_check::load(file) {
            Ok(_) => {
                let style = AnsiColor::Green.on_default();
                let _ = writeln!(stdout, "{file}: {style}a valid CORS policy{style:#}");
            }
            Err(error) => {
                valid = false;
                print_diagnostics(&error);
                let count = error.diagnostics().len();
                if error.diagnostics().iter().any(|d| d.location().is_some()) {
                    let label = error_label();
                    let _ = writeln!(
                        anstream::stderr(),
                        "{label}error{label:#}: the CORS policy in {file} has {count} mistake{}\n",
                        if count == 1 { "" } else { "s" }
                    );
                }
            }
        }
    }
    let _ = stdout.flush();
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn usage(error: &UsageError) -> ExitCode {
    let label = error_label();
    let _ = writeln!(anstream::stderr(), "{label}error{label:#}: {error}");
    ExitCode::from(2)
}

fn explain_call(file: &str, origin: &str, matches: &ArgMatches) -> ExitCode {
    let mut fetch = Fetch::new(origin);
    if let Some(method) = matches.get_one::<String>("method") {
        fetch = fetch.method(method);
    }
    for header in matches.get_many::<String>("header").into_iter().flatten() {
        match cors_check::parse_header(header) {
            Ok((name, value)) => fetch = fetch.header(name, value),
            Err(error) => return usage(&error),
        }
    }
    fetch.credentials = matches.get_flag("credentials");
    fetch.private_network = matches.get_flag("private-network");
    // The call is checked before the file is read: a usage error is one whatever the file.
    if let Err(error) = cors_check::check_origin(origin) {
        return usage(&error);
    }
    let policy = match cors_check::load(file) {
        Ok(policy) => policy,
        Err(error) => {
            print_diagnostics(&error);
            let label = error_label();
            let _ = writeln!(
                anstream::stderr(),
                "{label}error{label:#}: {file} is not a policy cors-check can explain calls with"
            );
            return ExitCode::from(2);
        }
    };
    match explain(&policy, &fetch) {
        Ok(explanation) => {
            let mut stdout = anstream::stdout();
            let _ = stdout.write_all(explanation.render(true).as_bytes());
            let _ = stdout.flush();
            if explanation.allowed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => usage(&error),
    }
}
