//! Stage 2: the TOML text parsed into the cors table's keys, typed, each value keeping
//! its place in the text (SPEC §1.1, §1.2, and §2 rules 13 and 14).

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostics, Problem};
use crate::env::{self, EnvError, Substituted};

/// The keys of the cors table, in the order the documentation lists them.
pub const KEYS: [&str; 7] = [
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "expose_headers",
    "allow_credentials",
    "max_age",
    "allow_private_network",
];

/// The cors table, each key typed but not yet checked for meaning.
#[derive(Default)]
pub struct Config {
    /// Where a missing key is reported: the `[server.cors]` header, or the document.
    pub table: Range<usize>,
    /// Whether the keys are the document's own, rather than `[server.cors]`'s.
    pub top_level: bool,
    pub allow_origins: Option<Spanned<List>>,
    pub allow_methods: Option<Spanned<List>>,
    pub allow_headers: Option<Spanned<List>>,
    pub expose_headers: Option<Spanned<List>>,
    pub allow_credentials: Option<Spanned<bool>>,
    pub max_age: Option<Spanned<MaxAge>>,
    pub allow_private_network: Option<Spanned<bool>>,
    /// Keys that were written but whose value, or one of its entries, had the wrong type
    /// (or, for a misspelt key, the key it was probably meant as). Checks of a key's
    /// presence or emptiness skip them: the user already has an error there.
    pub rejected: Vec<&'static str>,
    /// The build environment's variables the values read, so that changing one rebuilds.
    pub variables: Vec<String>,
}

/// A list key: an array of strings, or one string standing for an array of one.
pub type List = Vec<Text>;

/// A string value, its `{{ env.NAME }}` placeholders replaced.
pub struct Text {
    pub value: String,
    pub span: Range<usize>,
    /// The variable it came from, to name in messages.
    pub variable: Option<String>,
}

impl Text {
    /// The value as messages quote it: `"https://a.com/" (from {{ env.APP_ORIGIN }})`.
    pub fn quoted(&self) -> String {
        match &self.variable {
            Some(variable) => format!("{:?} (from `{{{{ env.{variable} }}}}`)", self.value),
            None => format!("{:?}", self.value),
        }
    }
}

pub enum MaxAge {
    Seconds(i64),
    /// An integer beyond 64 bits, as written.
    Huge(String),
    /// A string, as Nexus writes it: whole seconds (`"3600"`) or a duration (`"1h 30m"`);
    /// read by the next stage.
    Duration(Text),
}

/// Parses the document and finds its cors table: `server.cors` when the document has a
/// `server` table, the whole document otherwise. `None` when nothing can be checked.
pub fn parse(text: &str, diagnostics: &mut Diagnostics) -> Option<Config> {
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim_end().replace('\n', "; ");
            diagnostics.push(
                Problem::new(span, format!("the policy is not valid TOML: {message}"))
                    .help("fix the TOML syntax at this place"),
            );
            return None;
        }
    };
    let found = find_cors_table(&document, diagnostics)?;
    let mut config = Config {
        table: found.span,
        top_level: found.top_level,
        ..Config::default()
    };
    for (key, value) in found.table.iter() {
        let name: &str = key.get_ref();
        if found.top_level && is_nexus_section(name, value) {
            continue;
        }
        let Some(known) = KEYS.iter().copied().find(|known| *known == name) else {
            let suggestion = did_you_mean(name);
            config.rejected.extend(suggestion);
            diagnostics.push(unknown_key(name, suggestion, key.span()));
            continue;
        };
        let variables = &mut config.variables;
        let accepted = match known {
            "allow_credentials" => set(
                &mut config.allow_credentials,
                boolean(known, value, diagnostics),
            ),
            "allow_private_network" => set(
                &mut config.allow_private_network,
                boolean(known, value, diagnostics),
            ),
            "max_age" => set(&mut config.max_age, max_age(value, variables, diagnostics)),
            _ => {
                let field = match known {
                    "allow_origins" => &mut config.allow_origins,
                    "allow_methods" => &mut config.allow_methods,
                    "allow_headers" => &mut config.allow_headers,
                    _ => &mut config.expose_headers,
                };
                set(field, list(known, value, variables, diagnostics))
            }
        };
        if !accepted {
            config.rejected.push(known);
        }
    }
    Some(config)
}

/// Stores a parsed value; `false` when the value, or part of it, was rejected.
fn set<T>(field: &mut Option<Spanned<T>>, parsed: Parsed<T>) -> bool {
    let accepted = parsed.accepted;
    *field = parsed.value;
    accepted
}

/// What a key's parser made of its value: what it could keep, and whether all of it was.
struct Parsed<T> {
    value: Option<Spanned<T>>,
    accepted: bool,
}

impl<T> Parsed<T> {
    fn all(value: Spanned<T>) -> Parsed<T> {
        Parsed {
            value: Some(value),
            accepted: true,
        }
    }

    fn none() -> Parsed<T> {
        Parsed {
            value: None,
            accepted: false,
        }
    }
}

/// The top-level sections of a Nexus configuration besides `server` (the fields of its
/// `Config`, which refuses any other): a document with one of them as a table is a Nexus
/// file.
const NEXUS_SECTIONS: [&str; 3] = ["mcp", "llm", "telemetry"];

fn is_nexus_section(name: &str, value: &Spanned<DeValue<'_>>) -> bool {
    NEXUS_SECTIONS.contains(&name) && matches!(value.get_ref(), DeValue::Table(_))
}

const ADD_SERVER_CORS: &str = "add a `[server.cors]` table with at least `allow_origins`, \
                               e.g. allow_origins = [\"https://app.example.com\"]";

/// Where the cors table is.
struct CorsTable<'d, 'i> {
    table: &'d DeTable<'i>,
    /// Where a missing key is reported: the `[server.cors]` header, or the document's start.
    span: Range<usize>,
    /// Whether it is the document itself, whose Nexus sections are then not cors keys.
    top_level: bool,
}

fn find_cors_table<'d, 'i>(
    document: &'d Spanned<DeTable<'i>>,
    diagnostics: &mut Diagnostics,
) -> Option<CorsTable<'d, 'i>> {
    let top_level = || CorsTable {
        table: document.get_ref(),
        span: document.span().start..document.span().start,
        top_level: true,
    };
    let Some((server_key, server)) = document.get_ref().get_key_value("server") else {
        return top_level_cors_table(document, diagnostics).then(top_level);
    };
    let DeValue::Table(server_table) = server.get_ref() else {
        // Not a `[server]` table: the document is the cors table, and `server` an
        // unknown key in it.
        return top_level_cors_table(document, diagnostics).then(top_level);
    };
    let Some((cors_key, cors)) = server_table.get_key_value("cors") else {
        diagnostics.push(
            Problem::new(
                server_key.span(),
                "this file has a `[server]` table but no `[server.cors]`: \
                 Nexus would silently allow every origin, so the policy must be written out",
            )
            .help(ADD_SERVER_CORS),
        );
        return None;
    };
    match cors.get_ref() {
        DeValue::Table(table) => Some(CorsTable {
            table,
            span: cors_key.span(),
            top_level: false,
        }),
        other => {
            diagnostics.push(
                Problem::new(
                    cors.span(),
                    format!(
                        "`server.cors` must be a table of CORS settings, found {}",
                        describe(other)
                    ),
                )
                .help(
                    "write it as a `[server.cors]` table with `allow_origins` and the other keys",
                ),
            );
            None
        }
    }
}

/// Whether the top level of a document without a `[server]` table is to be read as the
/// cors table. It is, unless the document has Nexus's own sections (`[mcp]`, `[llm]`,
/// `[telemetry]`): then it is a Nexus file without `[server.cors]`, an error; or, when it
/// also has cors keys at the top level, a Nexus file with those keys out of place, an
/// error too (Nexus refuses them there), after which they are still checked.
fn top_level_cors_table(document: &Spanned<DeTable<'_>>, diagnostics: &mut Diagnostics) -> bool {
    let mut sections: Vec<_> = document
        .get_ref()
        .iter()
        .filter(|(key, value)| is_nexus_section(key.get_ref(), value))
        .map(|(key, _)| key)
        .collect();
    sections.sort_by_key(|key| key.span().start);
    let Some(first_section) = sections.first() else {
        return true;
    };
    let names: Vec<String> = sections
        .iter()
        .map(|key| format!("`[{}]`", key.get_ref()))
        .collect();
    let tables = match names.as_slice() {
        [one] => format!("{one} table"),
        [init @ .., last] => format!("{} and {last} tables", init.join(", ")),
        [] => unreachable!("there is a first section"),
    };
    let first_cors_key = document
        .get_ref()
        .keys()
        .filter(|key| KEYS.contains(&key.get_ref().as_ref()))
        .min_by_key(|key| key.span().start);
    let Some(first_cors_key) = first_cors_key else {
        diagnostics.push(
            Problem::new(
                first_section.span(),
                format!(
                    "this file has Nexus's {tables} but no `[server.cors]`: Nexus would \
                     silently allow every origin, so the policy must be written out"
                ),
            )
            .help(ADD_SERVER_CORS),
        );
        return false;
    };
    let name = first_cors_key.get_ref();
    diagnostics.push(
        Problem::new(
            first_cors_key.span(),
            format!(
                "`{name}` is at the top level of a file with Nexus's {tables}: Nexus reads \
                 the cors keys only in `[server.cors]`, and refuses to start with them here"
            ),
        )
        .related(first_section.span(), "a section of Nexus's configuration")
        .help(format!(
            "write `[server.cors]` on the line above `{name}`, so that the cors keys are in it"
        )),
    );
    true
}

fn list(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    variables: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Parsed<List> {
    match value.get_ref() {
        DeValue::String(string) => match texts(key, string, value.span(), variables, diagnostics) {
            Some(items) => Parsed::all(Spanned::new(value.span(), items)),
            None => Parsed::none(),
        },
        DeValue::Array(array) => {
            let mut items = Vec::with_capacity(array.len());
            let mut accepted = true;
            for item in array.iter() {
                match item.get_ref() {
                    DeValue::String(string) => {
                        match texts(key, string, item.span(), variables, diagnostics) {
                            Some(texts) => items.extend(texts),
                            None => accepted = false,
                        }
                    }
                    other => {
                        accepted = false;
                        diagnostics.push(
                            Problem::new(
                                item.span(),
                                format!(
                                    "`{key}` entries must be strings, found {}",
                                    describe(other)
                                ),
                            )
                            .help("put the entry in double quotes"),
                        )
                    }
                }
            }
            Parsed {
                accepted,
                value: Some(Spanned::new(value.span(), items)),
            }
        }
        other => {
            diagnostics.push(
                Problem::new(
                    value.span(),
                    format!(
                        "`{key}` must be a string or an array of strings, found {}",
                        describe(other)
                    ),
                )
                .help(format!(
                    "write `{key} = [\"...\", \"...\"]`, or `{key} = \"*\"` for any"
                )),
            );
            Parsed::none()
        }
    }
}

/// A list's string, its placeholders replaced; one that is exactly one `{{ env.NAME }}`
/// may stand for several entries, separated by commas. `None` after a diagnostic.
fn texts(
    key: &str,
    string: &str,
    span: Range<usize>,
    variables: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Text>> {
    let substituted = substitute(key, string, span.clone(), variables, diagnostics)?;
    let variable = substituted.variables.into_iter().next();
    if !substituted.whole {
        return Some(vec![Text {
            value: substituted.value,
            span,
            variable,
        }]);
    }
    let entries: Vec<Text> = substituted
        .value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| Text {
            value: entry.to_owned(),
            span: span.clone(),
            variable: variable.clone(),
        })
        .collect();
    if entries.is_empty() {
        let name = variable.unwrap_or_default();
        diagnostics.push(
            Problem::new(
                span,
                format!(
                    "`{key}` uses `{{{{ env.{name} }}}}`, whose value {:?} names no entry",
                    substituted.value
                ),
            )
            .help(format!(
                "set {name} to one entry, or several separated by commas, e.g. `{name}={}`",
                example_value(key)
            )),
        );
        return None;
    }
    Some(entries)
}

/// A value that suits `key`, for examples in messages.
fn example_value(key: &str) -> &'static str {
    match key {
        "allow_methods" => "PUT",
        "allow_headers" | "expose_headers" => "x-request-id",
        "max_age" => "3600",
        _ => "https://app.example.com",
    }
}

/// Replaces the `{{ env.NAME }}` placeholders of a string value from the build
/// environment, recording the variables read. `None` after a diagnostic.
fn substitute(
    key: &str,
    string: &str,
    span: Range<usize>,
    variables: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Option<Substituted> {
    let diagnostic = match env::substitute(string, |name| std::env::var(name)) {
        Ok(substituted) => {
            for variable in &substituted.variables {
                if !variables.contains(variable) {
                    variables.push(variable.clone());
                }
            }
            return Some(substituted);
        }
        Err(EnvError::Missing(name)) => Problem::new(
            span,
            format!(
                "`{key}` uses `{{{{ env.{name} }}}}`, but the environment variable {name} is not \
                 set"
            ),
        )
        .help(format!(
            "set it where the policy is read, e.g. `{name}={}` (for `cors_policy!`, when the \
             crate is built; for a loaded policy, when the server starts), or write the value \
             itself",
            example_value(key)
        )),
        Err(EnvError::NotUnicode(name)) => Problem::new(
            span,
            format!("`{key}` uses `{{{{ env.{name} }}}}`, but {name} is not valid Unicode"),
        )
        .help(format!("set {name} to text")),
        Err(EnvError::Unclosed(placeholder)) => Problem::new(
            span,
            format!("`{key}` has `{placeholder}`, which is never closed by `}}}}`"),
        )
        .help("write the placeholder whole, as `{{ env.NAME }}`"),
        Err(EnvError::NotAVariableName(placeholder, name)) => Problem::new(
            span,
            format!(
                "`{key}` has `{placeholder}`, but `{name}` is not a variable name: names are \
                 letters, digits and `_`, and do not start with a digit"
            ),
        )
        .help("write the name of the environment variable, as in `{{ env.APP_ORIGIN }}`"),
        Err(EnvError::NotEnv(placeholder)) => Problem::new(
            span,
            format!(
                "`{key}` has `{placeholder}`, which is not a placeholder: the only one is \
                 `{{{{ env.NAME }}}}`"
            ),
        )
        .help("write `{{ env.NAME }}` with the name of an environment variable"),
    };
    diagnostics.push(diagnostic);
    None
}

fn boolean(key: &str, value: &Spanned<DeValue<'_>>, diagnostics: &mut Diagnostics) -> Parsed<bool> {
    match value.get_ref() {
        DeValue::Boolean(boolean) => Parsed::all(Spanned::new(value.span(), *boolean)),
        other => {
            let hint = match other {
                DeValue::String(string) => match string.trim().to_ascii_lowercase().as_str() {
                    "true" | "yes" | "on" | "1" => format!("write `{key} = true`, without quotes"),
                    "false" | "no" | "off" | "0" => {
                        format!("write `{key} = false`, without quotes")
                    }
                    _ => format!("write `{key} = true` or `{key} = false`"),
                },
                _ => format!("write `{key} = true` or `{key} = false`"),
            };
            diagnostics.push(
                Problem::new(
                    value.span(),
                    format!("`{key}` must be a boolean, found {}", describe(other)),
                )
                .help(hint),
            );
            Parsed::none()
        }
    }
}

fn max_age(
    value: &Spanned<DeValue<'_>>,
    variables: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Parsed<MaxAge> {
    let parsed = match value.get_ref() {
        DeValue::Integer(integer) => match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(seconds) => MaxAge::Seconds(seconds),
            Err(_) => MaxAge::Huge(integer.to_string()),
        },
        DeValue::String(string) => {
            let Some(substituted) =
                substitute("max_age", string, value.span(), variables, diagnostics)
            else {
                return Parsed::none();
            };
            let text = Text {
                variable: substituted.variables.into_iter().next(),
                value: substituted.value,
                span: value.span(),
            };
            MaxAge::Duration(text)
        }
        DeValue::Float(float) => {
            let written = float.as_str();
            let whole = written.strip_suffix(".0").filter(|whole| {
                !whole.is_empty()
                    && whole
                        .trim_start_matches(['-', '+'])
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            });
            let diagnostic = match whole {
                Some(whole) => Problem::new(
                    value.span(),
                    format!("`max_age` must be an integer number of seconds, found the float {written}"),
                )
                .help(format!("write it without the decimal point: `max_age = {whole}`")),
                None => Problem::new(
                    value.span(),
                    format!(
                        "`max_age` must be a whole number of seconds, found the fraction {written}: \
                         browsers only read whole seconds"
                    ),
                )
                .help("write a whole number of seconds, such as `max_age = 3600`"),
            };
            diagnostics.push(diagnostic);
            return Parsed::none();
        }
        other => {
            diagnostics.push(
                Problem::new(
                    value.span(),
                    format!(
                        "`max_age` must be a number of seconds or a duration string, found {}",
                        describe(other)
                    ),
                )
                .help("write `max_age = 3600` or `max_age = \"1h\"`"),
            );
            return Parsed::none();
        }
    };
    Parsed::all(Spanned::new(value.span(), parsed))
}

fn unknown_key(name: &str, suggestion: Option<&str>, span: Range<usize>) -> Problem {
    let valid = KEYS.join(", ");
    let message = match suggestion {
        Some(key) => format!("unknown key `{name}` in the cors table; did you mean `{key}`?"),
        None => format!("unknown key `{name}` in the cors table"),
    };
    Problem::new(span, message).help(format!("the valid keys are {valid}"))
}

/// The valid key closest to a misspelt one, if any is close enough to be meant.
fn did_you_mean(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase().replace('-', "_");
    let (distance, closest) = KEYS
        .iter()
        .map(|key| (edit_distance(&name, key), *key))
        .min()?;
    if distance <= (closest.len() / 4).max(2) {
        return Some(closest);
    }
    // `origins`, `credentials`, `max_age_seconds`: a key written without or with more words.
    let stem = |key: &'static str| {
        key.trim_start_matches("allow_")
            .trim_start_matches("expose_")
    };
    KEYS.into_iter()
        .find(|key| name.contains(stem(key)) || (name.len() >= 4 && key.contains(name.as_str())))
}

/// Levenshtein distance, with a transposition counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// A value as an error message names it: its type and, when short, itself.
pub fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(string) => format!("the string {string:?}"),
        DeValue::Integer(integer) => format!("the integer {integer}"),
        DeValue::Float(float) => format!("the float {float}"),
        DeValue::Boolean(boolean) => format!("the boolean {boolean}"),
        DeValue::Datetime(datetime) => format!("the date-time {datetime}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}
