//! `cors-check FILE...` checks CORS policy files; `cors-check FILE --origin ORIGIN …` says
//! what a browser does with a call to a server that answers with FILE's policy. The work
//! is in the library; this parses the arguments and prints.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
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
                .num_args(1..)
                // A file name need not be UTF-8.
                .value_parser(value_parser!(PathBuf)),
        )
        .arg(
            Arg::new("origin")
                .long("origin")
                .value_name("ORIGIN")
                // Read as bytes, so that one that is not UTF-8 gets a usage error naming
                // the flag (as -X and -H do).
                .value_parser(value_parser!(OsString))
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
                .value_parser(value_parser!(OsString))
                .help("The call's method, as written in fetch() [default: GET]")
                .requires("origin"),
        )
        .arg(
            Arg::new("header")
                .short('H')
                .long("header")
                .value_name("NAME: VALUE")
                .value_parser(value_parser!(OsString))
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
    // clap requires a FILE; without one, this is the usage error, not a panic.
    let Some(files) = matches.get_many::<PathBuf>("files") else {
        return usage(&UsageError(
            "give the policy FILE to check, as in cors-check nexus.toml".to_owned(),
        ));
    };
    let files: Vec<&Path> = files.map(PathBuf::as_path).collect();
    match matches.get_one::<OsString>("origin") {
        None => check_files(&files),
        Some(origin) => {
            let [file] = files[..] else {
                return usage(&UsageError(format!(
                    "--origin explains a call to one policy, and {} files were given",
                    files.len()
                )));
            };
            match cors_check::text_argument("--origin", origin) {
                Ok(origin) => explain_call(file, origin, &matches),
                Err(error) => usage(&error),
            }
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

fn check_files(files: &[&Path]) -> ExitCode {
    let mut stdout = anstream::stdout();
    let mut valid = true;
    for file in files {
        match cors_check::load(file) {
            Ok(_) => {
                let style = AnsiColor::Green.on_default();
                let _ = writeln!(
                    stdout,
                    "{}: {style}a valid CORS policy{style:#}",
                    file.display()
                );
            }
            Err(error) => {
                valid = false;
                print_diagnostics(&error);
                let count = error.diagnostics().len();
                if error.diagnostics().iter().any(|d| d.location().is_some()) {
                    let label = error_label();
                    let _ = writeln!(
                        anstream::stderr(),
                        "{label}error{label:#}: the CORS policy in {} has {count} mistake{}\n",
                        file.display(),
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

fn explain_call(file: &Path, origin: &str, matches: &ArgMatches) -> ExitCode {
    match call(origin, matches) {
        Ok(fetch) => explain_with(file, &fetch),
        Err(error) => usage(&error),
    }
}

/// The call the arguments describe: each usage error names its flag.
fn call(origin: &str, matches: &ArgMatches) -> Result<Fetch, UsageError> {
    let mut fetch = Fetch::new(origin);
    if let Some(method) = matches.get_one::<OsString>("method") {
        fetch = fetch.method(cors_check::text_argument("-X", method)?);
    }
    for header in matches.get_many::<OsString>("header").into_iter().flatten() {
        let (name, value) = cors_check::parse_header(cors_check::text_argument("-H", header)?)?;
        fetch = fetch.header(name, value);
    }
    fetch.credentials = matches.get_flag("credentials");
    fetch.private_network = matches.get_flag("private-network");
    // The call is checked before the file is read: a usage error is one whatever the file.
    cors_check::check_origin(origin)?;
    Ok(fetch)
}

fn explain_with(file: &Path, fetch: &Fetch) -> ExitCode {
    let policy = match cors_check::load(file) {
        Ok(policy) => policy,
        Err(error) => {
            print_diagnostics(&error);
            let label = error_label();
            let _ = writeln!(
                anstream::stderr(),
                "{label}error{label:#}: {} is not a policy cors-check can explain calls with",
                file.display()
            );
            return ExitCode::from(2);
        }
    };
    match explain(&policy, fetch) {
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_is_well_formed() {
        // clap checks every argument's definition here, rather than panicking at a user.
        super::command().debug_assert();
    }
}
