//! SPEC §6: "each diagnostic's message and help are word for word the macro's for the
//! same TOML; only the source's name differs". For every compile-fail case of tests/ui,
//! each `cors_policy!` TOML literal is loaded with `CorsPolicy::from_toml` (an
//! `include "FILE"`, with `CorsPolicy::from_file` of the file beside the case), and what the
//! loader reports must be what the case's `.stderr` shows `cors_policy!` reporting for it:
//! the same diagnostics, in the same order, each rendered the same, line for line.
//!
//! From the `.stderr`: each `error: …` block is one `compile_error!`; the Rust span that
//! follows the message (` --> tests/ui/CASE.rs:LINE:COLUMN` and after) says which
//! invocation it belongs to, and is dropped; rustc's 7-space indent of the message's
//! continuation lines is undone; `<inline>` is the macro's name for a literal, where the
//! loader says `<toml>`. trybuild blanks the line numbers of files other than the case's
//! own, so a diagnostic in an included file is compared with its line numbers blanked the
//! same way. An invocation with no error in the `.stderr` must load.
//!
//! The cases are read from the directory: a new case is compared without being listed
//! here. The few that are not about TOML the loader can read are [`EXCEPTIONS`], each
//! with why and with what is compared instead. The other way round, every policy of
//! tests/pass, which the macro compiles, loads. The environment of the `{{ env.NAME }}`
//! cases is the one tests/compile.rs builds them in (`common::environment`).

mod common;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use cors_runtime::{CorsPolicy, PolicyError};

const UI: &str = "tests/ui";
const PASS: &str = "tests/pass";

// ---------------------------------------------------------------------------------------
// The cases the loader cannot be compared on, and why.
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exception {
    /// The errors are about the macro's own input (no literal, not a string, tokens after
    /// it): there is no TOML to load. Checked: no invocation of the case is one the
    /// loader could be given, and every error of the `.stderr` is on one of them.
    MacroInput,
    /// `include` of a file that cannot be read. The macro resolves the path against the
    /// invoking source file (like `include_str!`) and shows the resolved path, with a note
    /// and help about that resolution that are its own; `from_file` reads the path from
    /// the working directory and names it as given. Compared: the first line, the reason,
    /// word for word once each one's path is taken out, and the path the macro shows is
    /// the one it resolved.
    FileResolution,
}

const EXCEPTIONS: [(&str, Exception); 3] = [
    ("macro-input-not-a-policy", Exception::MacroInput),
    ("include-missing-file", Exception::FileResolution),
    ("include-not-utf8", Exception::FileResolution),
];

// ---------------------------------------------------------------------------------------
// The invocations of a case: a small Rust lexer, enough for the cases' source.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// A string literal (normal or raw), unescaped; byte strings are `Other`.
    Str(String),
    Punct(char),
    Other,
}

/// A token and where it starts: line and column from 1, columns in characters, as rustc
/// reports spans.
#[derive(Debug, Clone)]
struct Located {
    token: Token,
    line: usize,
    column: usize,
}

/// Where the lexer is in the source.
struct Cursor {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn rest(&self) -> &[char] {
        &self.chars[self.at..]
    }

    /// Advances over `n` characters, counting lines and columns.
    fn bump(&mut self, n: usize) {
        for _ in 0..n {
            if self.chars[self.at] == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.at += 1;
        }
    }

    /// The length of what the cursor is at up to the first `c` from `from` on, `c`
    /// included.
    fn through(&self, from: usize, c: char) -> Option<usize> {
        self.rest()[from..]
            .iter()
            .position(|&next| next == c)
            .map(|n| from + n + 1)
    }
}

fn lex(source: &str) -> Vec<Located> {
    let mut cursor = Cursor {
        chars: source.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
    };
    let mut tokens = Vec::new();
    while let Some(c) = cursor.peek(0) {
        let (line, column) = (cursor.line, cursor.column);
        let after_word = cursor.at > 0 && {
            let previous = cursor.chars[cursor.at - 1];
            previous.is_alphanumeric() || previous == '_'
        };
        let (len, token) = if c.is_whitespace() {
            (1, None)
        } else if c == '/' && cursor.peek(1) == Some('/') {
            let len = cursor.through(0, '\n').unwrap_or(cursor.rest().len());
            (len, None)
        } else if c == '/' && cursor.peek(1) == Some('*') {
            let (mut depth, mut len) = (0, 0);
            loop {
                match (cursor.peek(len), cursor.peek(len + 1)) {
                    (Some('/'), Some('*')) => (depth, len) = (depth + 1, len + 2),
                    (Some('*'), Some('/')) => (depth, len) = (depth - 1, len + 2),
                    (Some(_), _) => len += 1,
                    (None, _) => panic!("an unclosed block comment"),
                }
                if depth == 0 {
                    break;
                }
            }
            (len, None)
        } else if let Some((opening, hashes)) =
            raw_string_start(cursor.rest()).filter(|_| !after_word)
        {
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body_len = cursor.rest()[opening..]
                .windows(closing.len())
                .position(|window| window == closing.as_slice())
                .expect("a closed raw string");
            let body: String = cursor.rest()[opening..opening + body_len].iter().collect();
            let token = if c == 'r' {
                Token::Str(body)
            } else {
                Token::Other
            };
            (opening + body_len + closing.len(), Some(token))
        } else if c == '"' || (c == 'b' && cursor.peek(1) == Some('"') && !after_word) {
            let opening = if c == 'b' { 2 } else { 1 };
            let mut len = opening;
            while cursor.peek(len) != Some('"') {
                len += if cursor.peek(len) == Some('\\') { 2 } else { 1 };
            }
            let body: String = cursor.rest()[opening..len].iter().collect();
            let token = if c == 'b' {
                Token::Other
            } else {
                Token::Str(unescape(&body))
            };
            (len + 1, Some(token))
        } else if c == '\'' {
            // A character literal (`'x'`, `'\n'`, `'\''`, `'\u{e9}'`), or a lifetime.
            let len = if cursor.peek(1) == Some('\\') {
                cursor.through(3, '\'').expect("a closed character literal")
            } else if cursor.peek(2) == Some('\'') {
                3
            } else {
                1
            };
            (len, Some(Token::Other))
        } else if c.is_alphanumeric() || c == '_' {
            let len = cursor
                .rest()
                .iter()
                .position(|&c| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(cursor.rest().len());
            let word: String = cursor.rest()[..len].iter().collect();
            (len, Some(Token::Ident(word)))
        } else {
            (1, Some(Token::Punct(c)))
        };
        cursor.bump(len);
        if let Some(token) = token {
            tokens.push(Located {
                token,
                line,
                column,
            });
        }
    }
    tokens
}

/// `r"`, `r#"`, `br##"`…: the length of the opening and the number of `#`.
fn raw_string_start(chars: &[char]) -> Option<(usize, usize)> {
    let after_b = usize::from(chars.first() == Some(&'b'));
    if chars.get(after_b) != Some(&'r') {
        return None;
    }
    let hashes = chars[after_b + 1..]
        .iter()
        .take_while(|&&c| c == '#')
        .count();
    (chars.get(after_b + 1 + hashes) == Some(&'"')).then_some((after_b + 2 + hashes, hashes))
}

/// The value of a normal string literal's body.
fn unescape(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().expect("an escape") {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).expect("\\xNN") as char);
            }
            'u' => {
                let braced: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(braced.trim_start_matches('{'), 16);
                out.push(char::from_u32(code.expect("\\u{…}")).expect("a char"));
            }
            '\n' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            other => panic!("unknown escape \\{other}"),
        }
    }
    out
}

/// What one `cors_policy!(…)` was given.
#[derive(Debug)]
enum Input {
    Toml(String),
    Include(String),
    /// Anything else: not something the loader can be given.
    NotToml,
}

/// One invocation, located at its literal (where the macro's errors point), or at its
/// first token.
#[derive(Debug)]
struct Invocation {
    input: Input,
    line: usize,
    column: usize,
}

fn invocations(source: &str) -> Vec<Invocation> {
    let tokens = lex(source);
    let mut found = Vec::new();
    for (index, window) in tokens.windows(3).enumerate() {
        let [name, bang, open] = window else {
            unreachable!()
        };
        if name.token != Token::Ident("cors_policy".into())
            || bang.token != Token::Punct('!')
            || open.token != Token::Punct('(')
        {
            continue;
        }
        let mut depth = 1;
        let arguments: Vec<&Located> = tokens[index + 3..]
            .iter()
            .take_while(|located| {
                match located.token {
                    Token::Punct('(' | '[' | '{') => depth += 1,
                    Token::Punct(')' | ']' | '}') => depth -= 1,
                    _ => {}
                }
                depth > 0
            })
            .collect();
        let tokens_of: Vec<&Token> = arguments.iter().map(|located| &located.token).collect();
        let (input, at) = match tokens_of[..] {
            [Token::Str(toml)] => (Input::Toml(toml.clone()), arguments[0]),
            [Token::Ident(include), Token::Str(file)] if include == "include" => {
                (Input::Include(file.clone()), arguments[1])
            }
            _ => (Input::NotToml, arguments.first().copied().unwrap_or(open)),
        };
        found.push(Invocation {
            input,
            line: at.line,
            column: at.column,
        });
    }
    found
}

// ---------------------------------------------------------------------------------------
// The `.stderr`: each error, as the macro's message, and the place it points at.
// ---------------------------------------------------------------------------------------

/// One `error: …` block of a `.stderr`.
#[derive(Debug)]
struct Reported {
    /// The message, as the loader renders it: unindented, `<inline>` as `<toml>`.
    message: String,
    /// The Rust span: line and column in the case's `.rs`.
    line: usize,
    column: usize,
}

/// rustc indents the continuation lines of a multi-line message by this much.
const CONTINUATION_INDENT: &str = "       ";

fn reported(case: &str, stderr: &str) -> Vec<Reported> {
    let span_prefix = format!("--> {UI}/{case}.rs:");
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error") || line.starts_with("warning") {
            blocks.push(vec![line]);
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        } else {
            assert!(
                line.trim().is_empty(),
                "{case}.stderr: {line:?} before any error"
            );
        }
    }
    blocks
        .into_iter()
        .map(|block| {
            let first = block[0]
                .strip_prefix("error: ")
                .unwrap_or_else(|| panic!("{case}.stderr: not a `compile_error!`: {}", block[0]));
            let span_at = block
                .iter()
                .position(|line| line.trim_start().starts_with(&span_prefix))
                .unwrap_or_else(|| panic!("{case}.stderr: no span in {:?}", block[0]));
            let (line, column) = block[span_at]
                .trim_start()
                .strip_prefix(&span_prefix)
                .and_then(|place| place.split_once(':'))
                .map(|(line, column)| (line.parse().unwrap(), column.parse().unwrap()))
                .unwrap_or_else(|| panic!("{case}.stderr: {:?}", block[span_at]));
            let mut message = vec![first.to_owned()];
            for continuation in &block[1..span_at] {
                let unindented = continuation
                    .strip_prefix(CONTINUATION_INDENT)
                    .unwrap_or_else(|| {
                        panic!("{case}.stderr: a message line not indented: {continuation:?}")
                    });
                message.push(inline_as_toml(unindented));
            }
            Reported {
                message: message.join("\n"),
                line,
                column,
            }
        })
        .collect()
}

/// A location line ` --> <inline>:L:C` (or `:::`) as the loader writes it, `<toml>`.
fn inline_as_toml(line: &str) -> String {
    let body = line.trim_start();
    for arrow in ["--> ", "::: "] {
        if let Some(place) = body.strip_prefix(arrow) {
            if let Some(rest) = place.strip_prefix("<inline>:") {
                let indent = &line[..line.len() - body.len()];
                return format!("{indent}{arrow}<toml>:{rest}");
            }
        }
    }
    line.to_owned()
}

// ---------------------------------------------------------------------------------------
// The loader's side.
// ---------------------------------------------------------------------------------------

/// Each diagnostic as `Display` renders it, trailing spaces trimmed from each line as
/// trybuild trims them.
fn rendered(error: &PolicyError) -> Vec<String> {
    error
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            diagnostic
                .to_string()
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// A diagnostic in an included file as the `.stderr` holds it: trybuild keeps line numbers
/// only in the case's own `.rs`, so it drops `:LINE:COLUMN` from a location line that
/// names another file and blanks the line numbers of the snippet after it.
fn line_numbers_blanked(rendered: &str) -> String {
    let mut out = Vec::new();
    let mut in_snippet = false;
    for line in rendered.lines() {
        let body = line.trim_start();
        if body.starts_with("--> ") || body.starts_with("::: ") {
            let mut shortened = line;
            for _ in 0..2 {
                let digits = shortened
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_digit)
                    .count();
                match shortened[..shortened.len() - digits].strip_suffix(':') {
                    Some(rest) if digits > 0 => shortened = rest,
                    _ => break,
                }
            }
            out.push(shortened.to_owned());
            in_snippet = true;
        } else if in_snippet && body.starts_with(|c: char| c.is_ascii_digit() || "|.".contains(c)) {
            let numbers = line
                .bytes()
                .take_while(|&b| b == b' ' || b.is_ascii_digit())
                .count();
            out.push(format!("{}{}", " ".repeat(numbers), &line[numbers..]));
        } else {
            in_snippet = false;
            out.push(line.to_owned());
        }
    }
    out.join("\n")
}

/// `path` without `.` and with `..` taken back, as the macro shows a resolved path.
fn lexically_normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The comparison.
// ---------------------------------------------------------------------------------------

/// The `.rs` files of a directory, without extension, sorted.
fn cases_in(directory: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(directory)
        .expect("a directory of cases")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    cases.sort();
    cases
}

/// What one case's comparison covered.
#[derive(Default)]
struct Compared {
    diagnostics: usize,
    accepted: usize,
}

/// Compares the loader with the `.stderr` of `case`; `Err` says where they differ.
fn compare(case: &str, exception: Option<Exception>) -> Result<Compared, String> {
    let source = std::fs::read_to_string(format!("{UI}/{case}.rs")).unwrap();
    let stderr = std::fs::read_to_string(format!("{UI}/{case}.stderr"))
        .map_err(|error| format!("{case}.stderr: {error}"))?;
    let invocations = invocations(&source);
    if invocations.is_empty() {
        return Err(format!("{case}.rs: no `cors_policy!` invocation found"));
    }
    if exception == Some(Exception::MacroInput) {
        return macro_input_only(case, &invocations, &reported(case, &stderr));
    }
    let mut expected: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for error in reported(case, &stderr) {
        if !invocations
            .iter()
            .any(|invocation| (invocation.line, invocation.column) == (error.line, error.column))
        {
            return Err(format!(
                "{case}.stderr: an error at {}:{}, where no invocation's literal is: {}",
                error.line, error.column, error.message
            ));
        }
        expected
            .entry((error.line, error.column))
            .or_default()
            .push(error.message);
    }

    let mut compared = Compared::default();
    for invocation in &invocations {
        let at = format!("{case}.rs:{}:{}", invocation.line, invocation.column);
        let expected = expected
            .remove(&(invocation.line, invocation.column))
            .unwrap_or_default();
        let (loaded, included) = match (&invocation.input, exception) {
            (Input::NotToml, _) => {
                return Err(format!(
                    "{at}: not a TOML literal nor `include \"FILE\"`: list the case as an \
                     exception, saying why"
                ))
            }
            (Input::Include(file), Some(Exception::FileResolution)) => {
                compare_unreadable(&at, file, &expected)?;
                compared.diagnostics += expected.len();
                continue;
            }
            (Input::Toml(toml), _) => (CorsPolicy::from_toml(toml), false),
            (Input::Include(file), _) => (CorsPolicy::from_file(Path::new(UI).join(file)), true),
        };
        match loaded {
            Ok(_) if expected.is_empty() => compared.accepted += 1,
            Ok(_) => {
                return Err(format!(
                    "{at}: the loader accepts what the macro refuses with:\n{}",
                    expected.join("\n\n")
                ))
            }
            Err(error) => {
                let mut actual = rendered(&error);
                if included {
                    if let Some(diagnostic) =
                        error.diagnostics().iter().find(|d| d.location().is_none())
                    {
                        return Err(format!(
                            "{at}: the loader cannot read the file: {}",
                            diagnostic.message()
                        ));
                    }
                    actual = actual.iter().map(|d| line_numbers_blanked(d)).collect();
                }
                if actual != expected {
                    return Err(format!(
                        "{at}: the loader reports\n\n{}\n\nwhere the macro reports\n\n{}",
                        actual.join("\n\n"),
                        expected.join("\n\n")
                    ));
                }
                compared.diagnostics += actual.len();
            }
        }
    }
    Ok(compared)
}

/// [`Exception::MacroInput`]: no invocation gives the macro TOML, and each error is on
/// the line of one of them (the macro's input errors point at the invocation, or at the
/// token it did not expect, not at a literal).
fn macro_input_only(
    case: &str,
    invocations: &[Invocation],
    errors: &[Reported],
) -> Result<Compared, String> {
    if let Some(toml) = invocations
        .iter()
        .find(|invocation| !matches!(invocation.input, Input::NotToml))
    {
        return Err(format!(
            "{case}.rs:{}: listed as about the macro's input, but it gives the macro TOML",
            toml.line
        ));
    }
    if let Some(error) = errors.iter().find(|error| {
        !invocations
            .iter()
            .any(|invocation| invocation.line == error.line)
    }) {
        return Err(format!(
            "{case}.stderr: an error on line {}, where no invocation is: {}",
            error.line, error.message
        ));
    }
    if errors.len() < invocations.len() {
        return Err(format!(
            "{case}.stderr: {} errors for {} invocations",
            errors.len(),
            invocations.len()
        ));
    }
    Ok(Compared::default())
}

/// [`Exception::FileResolution`]: `from_file` of the path the case names, relative to its
/// directory, fails with one diagnostic whose message is the macro's first line, but for
/// the path each shows (the macro's being the one it resolved, under `$DIR`, trybuild's
/// name for the package's root).
fn compare_unreadable(at: &str, file: &str, expected: &[String]) -> Result<(), String> {
    let given = Path::new(UI).join(file);
    let error = match CorsPolicy::from_file(&given) {
        Ok(_) => return Err(format!("{at}: the loader reads {}", given.display())),
        Err(error) => error,
    };
    let [diagnostic] = error.diagnostics() else {
        return Err(format!(
            "{at}: {} diagnostics:\n{error}",
            error.diagnostics().len()
        ));
    };
    let [macro_message] = expected else {
        return Err(format!("{at}: {} errors in the .stderr", expected.len()));
    };
    let macro_first_line = macro_message.lines().next().unwrap();
    let resolved = format!("$DIR/{}", lexically_normalized(&given).display());
    if !macro_first_line.contains(&resolved) {
        return Err(format!(
            "{at}: the macro does not show the resolved path {resolved}: {macro_first_line}"
        ));
    }
    let loaded = diagnostic
        .message()
        .replacen(&given.display().to_string(), "PATH", 1);
    let built = macro_first_line.replacen(&resolved, "PATH", 1);
    if loaded != built {
        return Err(format!(
            "{at}: the loader says\n    {loaded}\nwhere the macro says\n    {built}"
        ));
    }
    Ok(())
}

#[test]
fn every_compile_fail_case_is_reported_alike_by_the_loader() {
    common::environment::set();
    let cases = cases_in(UI);
    assert!(cases.len() >= 50, "only {} cases in {UI}", cases.len());
    let mut failures = Vec::new();
    let (mut diagnostics, mut accepted) = (0, 0);
    for case in &cases {
        let exception = EXCEPTIONS
            .iter()
            .find(|(name, _)| name == case)
            .map(|&(_, exception)| exception);
        match compare(case, exception) {
            Ok(compared) => {
                diagnostics += compared.diagnostics;
                accepted += compared.accepted;
            }
            Err(failure) => failures.push(failure),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n----\n\n")
    );
    eprintln!(
        "{} cases: {diagnostics} diagnostics alike, {accepted} policies accepted by both",
        cases.len()
    );
    assert!(diagnostics > 100, "only {diagnostics} diagnostics compared");
}

/// The other side: what `cors_policy!` compiles (tests/pass, with the same environment),
/// the loader loads.
#[test]
fn every_policy_that_compiles_is_loaded() {
    common::environment::set();
    let mut loaded = 0;
    for case in cases_in(PASS) {
        let source = std::fs::read_to_string(format!("{PASS}/{case}.rs")).unwrap();
        for invocation in invocations(&source) {
            let at = format!("{PASS}/{case}.rs:{}:{}", invocation.line, invocation.column);
            let result = match &invocation.input {
                Input::Toml(toml) => CorsPolicy::from_toml(toml),
                Input::Include(file) => CorsPolicy::from_file(Path::new(PASS).join(file)),
                Input::NotToml => panic!("{at}: not a policy the loader can be given"),
            };
            if let Err(error) = result {
                panic!("{at}: the macro compiles the policy, the loader refuses it:\n{error}");
            }
            loaded += 1;
        }
    }
    assert!(loaded >= 20, "only {loaded} policies loaded");
}

#[test]
fn every_exception_is_a_case() {
    let cases = cases_in(UI);
    for (name, exception) in EXCEPTIONS {
        assert!(
            cases.iter().any(|case| case == name),
            "{name} ({exception:?}) is no case of {UI}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The reading of the cases, checked on what they are made of.
// ---------------------------------------------------------------------------------------

#[test]
fn invocations_are_found_with_their_literal_and_its_place() {
    let source = concat!(
        "// cors_policy!(\"in a comment\")\n",
        "/* cors_policy!(\"in a /* nested */ block\") */\n",
        "static A: CorsPolicy = cors_policy!(r#\"allow_origins = \"*\"\"#);\n",
        "static B: CorsPolicy = cors_policy!(\"a = \\\"b\\\"\\n\\\n    c = 'd'\");\n",
        "static C: CorsPolicy = cors_policy!(include \"nexus.toml\");\n",
        "const S: &str = \"cors_policy!(\\\"in a string\\\")\";\n",
        "static D: CorsPolicy = cors_policy!(include);\n",
        "static E: CorsPolicy = cors_policy!(\"a\", \"b\");\n",
        "fn f<'a>(c: char) -> bool { c == 'x' || c == '\\'' }\n",
        "static é: CorsPolicy = cors_policy!(r\"x\");\n",
    );
    let found: Vec<(String, usize, usize)> = invocations(source)
        .into_iter()
        .map(|invocation| {
            let input = match invocation.input {
                Input::Toml(toml) => format!("toml {toml}"),
                Input::Include(file) => format!("include {file}"),
                Input::NotToml => "not toml".to_owned(),
            };
            (input, invocation.line, invocation.column)
        })
        .collect();
    let expected = [
        ("toml allow_origins = \"*\"", 3, 37),
        ("toml a = \"b\"\nc = 'd'", 4, 37),
        ("include nexus.toml", 6, 45),
        ("not toml", 8, 37),
        ("not toml", 9, 37),
        ("toml x", 11, 37),
    ];
    let expected: Vec<(String, usize, usize)> = expected
        .iter()
        .map(|&(input, line, column)| (input.to_owned(), line, column))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_stderr_block_is_its_message_unindented_and_its_rust_span() {
    let stderr = "\
error: `max_age` is -5
        --> <inline>:3:11
         |
       3 | max_age = -5
         |           ^^
        ::: <inline>:2:1
         |
       2 | [server.cors]
         | ^
         = help: write whole seconds
 --> tests/ui/x.rs:6:50
  |
6 |   static A: CorsPolicy = cors_policy!(r#\"
  |  __________________________________________________^
7 | | \"#);
  | |__^

error: the policy is not valid TOML
  --> tests/ui/x.rs:12:9
   |
12 | static B: CorsPolicy = cors_policy!(\"\");
   |                                     ^^
";
    let blocks = reported("x", stderr);
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        blocks[0].message,
        "`max_age` is -5\n --> <toml>:3:11\n  |\n3 | max_age = -5\n  |           ^^\n \
         ::: <toml>:2:1\n  |\n2 | [server.cors]\n  | ^\n  = help: write whole seconds"
    );
    assert_eq!((blocks[0].line, blocks[0].column), (6, 50));
    assert_eq!(blocks[1].message, "the policy is not valid TOML");
    assert_eq!((blocks[1].line, blocks[1].column), (12, 9));
}

#[test]
fn line_numbers_are_blanked_as_trybuild_blanks_them() {
    let rendered = "\
`allow_methods` entry \"TRACE\" is a forbidden method
  --> tests/ui/x.toml:12:33
   |
12 | allow_methods = [\"GET\", \"TRACE\"]
   |                         ^^^^^^^
  = help: remove it";
    assert_eq!(
        line_numbers_blanked(rendered),
        "\
`allow_methods` entry \"TRACE\" is a forbidden method
  --> tests/ui/x.toml
   |
   | allow_methods = [\"GET\", \"TRACE\"]
   |                         ^^^^^^^
  = help: remove it"
    );
}
