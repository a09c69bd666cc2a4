//! Stage 1: the macro's input, and the TOML text it names (SPEC §1.1).

use std::path::{Path, PathBuf};

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr};

/// `cors_policy!(include "PATH")` or `cors_policy!("TOML")`.
pub enum Input {
    Inline(LitStr),
    Include(LitStr),
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Input> {
        let expected = "expected the policy as a TOML string literal, \
                        `cors_policy!(r#\"allow_origins = [...]\"#)`, \
                        or a file, `cors_policy!(include \"nexus.toml\")`";
        let parsed = if input.peek(LitStr) {
            Input::Inline(input.parse()?)
        } else if input.peek(Ident) && input.fork().parse::<Ident>()? == "include" {
            input.parse::<Ident>()?;
            if !input.peek(LitStr) {
                return Err(input.error(
                    "expected the path of a TOML file as a string literal after `include`, \
                     e.g. `include \"nexus.toml\"`",
                ));
            }
            Input::Include(input.parse()?)
        } else {
            return Err(input.error(expected));
        };
        if !input.is_empty() {
            return Err(input.error(format!("unexpected tokens after the policy; {expected}")));
        }
        Ok(parsed)
    }
}

/// The TOML text of a policy and where it came from.
pub struct Source {
    pub text: String,
    /// `<inline>`, or the included file's path, as diagnostics show it.
    pub name: String,
    /// The literal that errors point at in the Rust code.
    pub span: Span,
    /// The included file, absolute, so that editing it rebuilds the crate.
    pub file: Option<PathBuf>,
}

pub fn load(input: Input) -> syn::Result<Source> {
    match input {
        Input::Inline(literal) => Ok(Source {
            text: literal.value(),
            name: "<inline>".to_owned(),
            span: literal.span(),
            file: None,
        }),
        Input::Include(literal) => {
            let (path, base) = resolve(&literal);
            let text = cors_config::read_policy_file(&path, &path.display().to_string()).map_err(
                |error| {
                    let advice = match &error {
                        cors_config::FileError::Unreadable(..) => format!(
                            "= note: a relative path is resolved like `include_str!`, against \
                             {base}\n  \
                             = help: check the file name, or give its path relative to that \
                             directory"
                        ),
                        cors_config::FileError::NotUtf8(_) => {
                            format!("= help: {}", cors_config::NOT_UTF8_HELP)
                        }
                    };
                    syn::Error::new(literal.span(), format!("{}\n  {advice}", error.message()))
                },
            )?;
            Ok(Source {
                text,
                name: display_path(&path),
                span: literal.span(),
                file: Some(path),
            })
        }
    }
}

/// Resolves a path like `include_str!`: against the directory of the invoking source
/// file, or, when the span has no file, against `CARGO_MANIFEST_DIR`. Also says, for
/// error messages, which directory that was.
fn resolve(literal: &LitStr) -> (PathBuf, String) {
    let written = PathBuf::from(literal.value());
    let current_dir = std::env::current_dir().unwrap_or_default();
    let invoking_file = literal
        .span()
        .unwrap()
        .local_file()
        .map(|file| current_dir.join(file));
    let (base, described) = match invoking_file.as_deref().and_then(Path::parent) {
        Some(dir) => (
            dir.to_path_buf(),
            format!(
                "{}, the directory of {}",
                dir.display(),
                invoking_file
                    .as_deref()
                    .map(display_path)
                    .unwrap_or_default()
            ),
        ),
        None => {
            let manifest_dir =
                PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
            let described = format!("{} (CARGO_MANIFEST_DIR)", manifest_dir.display());
            (manifest_dir, described)
        }
    };
    (normalize(&base.join(written)), described)
}

/// Removes `.` and `..` components without touching the file system, so that a missing
/// file's path still reads cleanly.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path relative to the current directory (the workspace root under cargo) when it is
/// inside it, as rustc shows source paths; absolute otherwise.
fn display_path(path: &Path) -> String {
    let current_dir = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&current_dir)
        .unwrap_or(path)
        .display()
        .to_string()
}
