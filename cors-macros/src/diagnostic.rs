//! Every mistake in a policy is collected here, then reported all at once, each located
//! in the TOML with a snippet, so that one build shows the user everything to fix.

use std::fmt::Write;
use std::ops::Range;

/// One mistake, located by byte range in the TOML text.
pub struct Diagnostic {
    span: Range<usize>,
    message: String,
    /// Another place the message refers to (the first of two duplicates, the key that
    /// conflicts), with what to say about it.
    related: Option<(Range<usize>, String)>,
    help: Option<String>,
}

impl Diagnostic {
    /// `message` says what is wrong and why, in one sentence.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            related: None,
            help: None,
        }
    }

    /// How to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, span: Range<usize>, note: impl Into<String>) -> Diagnostic {
        self.related = Some((span, note.into()));
        self
    }
}

/// The diagnostics of one policy, and the text they point into.
pub struct Diagnostics<'a> {
    /// `<inline>` or the path of the included file, as shown to the user.
    source_name: &'a str,
    text: &'a str,
    found: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    pub fn new(source_name: &'a str, text: &'a str) -> Diagnostics<'a> {
        Diagnostics {
            source_name,
            text,
            found: Vec::new(),
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// `FILE:LINE:COLUMN` of a byte offset, both counted from 1, columns in characters.
    pub fn location(&self, offset: usize) -> String {
        let (line, column) = self.line_column(offset);
        format!("{}:{line}:{column}", self.source_name)
    }

    fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..floor_char_boundary(self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// Every diagnostic rendered as a message, in the order they appear in the text.
    pub fn render(mut self) -> Vec<String> {
        self.found.sort_by_key(|diagnostic| diagnostic.span.start);
        self.found
            .iter()
            .map(|diagnostic| self.render_one(diagnostic))
            .collect()
    }

    fn render_one(&self, diagnostic: &Diagnostic) -> String {
        let mut out = diagnostic.message.clone();
        self.snippet(&mut out, &diagnostic.span, None);
        if let Some((span, note)) = &diagnostic.related {
            self.snippet(&mut out, span, Some(note));
        }
        if let Some(help) = &diagnostic.help {
            write!(out, "\n  = help: {help}").unwrap();
        }
        out
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
