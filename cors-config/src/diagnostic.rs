//! Every mistake in a policy is collected here, then reported all at once, each located
//! in the TOML with a snippet, so that one build (or one start) shows the user everything
//! to fix.

use std::fmt::{self, Write};
use std::ops::Range;

/// One mistake in a policy, as it is reported: what is wrong and why, where, and how to
/// fix it.
///
/// Its [`Display`](fmt::Display) is the whole report, as `cors_policy!` prints it: the
/// message, `--> SOURCE:LINE:COLUMN`, the TOML line with carets under the value and, when
/// there is one, `= help: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    message: String,
    help: Option<String>,
    location: Option<Location>,
    rendered: String,
}

/// Where a diagnostic points: the source's name (`<inline>`, `<toml>` or a path), and the
/// line and column of the value, both counted from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `<inline>`, `<toml>` or the file's path, as the user gave it.
    pub source_name: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl Diagnostic {
    /// A diagnostic about a source as a whole, such as a file that cannot be read: its
    /// report is the message, then the help.
    pub fn unlocated(message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        let (message, help) = (message.into(), help.into());
        Diagnostic {
            rendered: format!("{message}\n  = help: {help}"),
            message,
            help: Some(help),
            location: None,
        }
    }

    /// What is wrong, and why, in one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Where it is in the TOML; `None` for a diagnostic about the source as a whole.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.rendered)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}:{}:{}",
            self.source_name, self.line, self.column
        )
    }
}

/// One mistake as the stages find it, located by byte range in the TOML text.
pub struct Problem {
    span: Range<usize>,
    message: String,
    /// Another place the message refers to (the first of two duplicates, the key that
    /// conflicts), with what to say about it.
    related: Option<(Range<usize>, String)>,
    help: Option<String>,
}

impl Problem {
    /// `message` says what is wrong and why, in one sentence.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
            related: None,
            help: None,
        }
    }

    /// How to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, span: Range<usize>, note: impl Into<String>) -> Problem {
        self.related = Some((span, note.into()));
        self
    }
}

/// The diagnostics of one policy, and the text they point into.
pub struct Diagnostics<'a> {
    /// `<inline>` or the path of the included file, as shown to the user.
    source_name: &'a str,
    text: &'a str,
    found: Vec<Problem>,
}

impl<'a> Diagnostics<'a> {
    pub fn new(source_name: &'a str, text: &'a str) -> Diagnostics<'a> {
        Diagnostics {
            source_name,
            text,
            found: Vec::new(),
        }
    }

    pub fn push(&mut self, problem: Problem) {
        self.found.push(problem);
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// `FILE:LINE:COLUMN` of a byte offset, both counted from 1, columns in characters.
    pub fn location(&self, offset: usize) -> String {
        self.locate(offset).to_string()
    }

    /// The name of the text the diagnostics point into.
    pub fn source_name(&self) -> &str {
        self.source_name
    }

    /// The place of a byte offset.
    pub fn locate(&self, offset: usize) -> Location {
        let (line, column) = self.line_column(offset);
        Location {
            source_name: self.source_name.to_owned(),
            line,
            column,
        }
    }

    fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..floor_char_boundary(self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// Every problem as a diagnostic, in the order they appear in the text.
    pub fn render(mut self) -> Vec<Diagnostic> {
        self.found.sort_by_key(|problem| problem.span.start);
        self.found
            .iter()
            .map(|problem| self.render_one(problem))
            .collect()
    }

    fn render_one(&self, problem: &Problem) -> Diagnostic {
        let mut out = problem.message.clone();
        self.snippet(&mut out, &problem.span, None);
        if let Some((span, note)) = &problem.related {
            self.snippet(&mut out, span, Some(note));
        }
        if let Some(help) = &problem.help {
            write!(out, "\n  = help: {help}").unwrap();
        }
        let (line, column) = self.line_column(problem.span.start);
        Diagnostic {
            message: problem.message.clone(),
            help: problem.help.clone(),
            location: Some(Location {
                source_name: self.source_name.to_owned(),
                line,
                column,
            }),
            rendered: out,
        }
    }

    /// ` --> FILE:LINE:COL`, the line, and carets under the span (up to the end of its
    /// first line); with a note, the carets are followed by it.
    fn snippet(&self, out: &mut String, span: &Range<usize>, note: Option<&str>) {
        let (line, column) = self.line_column(span.start);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("");
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end.max(span.start));
        let spanned_on_line = self.text[start..end].lines().next().unwrap_or("");
        let carets = "^".repeat(display_width(spanned_on_line).max(1));
        let gutter = " ".repeat(line.to_string().len());
        let before_span: String = line_text.chars().take(column - 1).collect();
        let indent = " ".repeat(display_width(&before_span));
        let line_text = line_text.replace('\t', TAB);
        let arrow = if note.is_some() { ":::" } else { "-->" };
        write!(
            out,
            "\n{gutter}{arrow} {}\n{gutter} |\n{line} | {line_text}\n{gutter} | {indent}{carets}",
            self.location(span.start)
        )
        .unwrap();
        if let Some(note) = note {
            write!(out, " {note}").unwrap();
        }
    }
}

/// Tabs are shown as this, so that carets line up under them.
const TAB: &str = "    ";

fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c == '\t' { TAB.len() } else { 1 })
        .sum()
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
