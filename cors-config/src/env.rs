//! `{{ env.NAME }}` in a string value, as Nexus writes it (SPEC §1.4): replaced by the
//! build environment's value when the macro expands, before the value is checked.

/// A string value with its placeholders replaced.
#[derive(Debug, PartialEq, Eq)]
pub struct Substituted {
    pub value: String,
    /// The variables it read, in order.
    pub variables: Vec<String>,
    /// Whether the whole value was one placeholder: an array element that is may hold a
    /// comma-separated list.
    pub whole: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum EnvError {
    /// The variable is not set.
    Missing(String),
    /// The variable is set, but not to Unicode text.
    NotUnicode(String),
    /// A `{{` never closed by `}}`: what follows it.
    Unclosed(String),
    /// `{{ env.NAME }}` whose NAME is not a variable name: the placeholder and the name.
    NotAVariableName(String, String),
    /// `{{ … }}` that is not `{{ env.NAME }}`.
    NotEnv(String),
}

/// Replaces each `{{ env.NAME }}` (spaces inside the braces optional) by the variable's
/// value, read with `lookup`.
pub fn substitute(
    text: &str,
    lookup: impl Fn(&str) -> Result<String, std::env::VarError>,
) -> Result<Substituted, EnvError> {
    let mut value = String::with_capacity(text.len());
    let mut variables = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        value.push_str(&rest[..open]);
        let after_open = &rest[open + 2..];
        let Some(close) = after_open.find("}}") else {
            return Err(EnvError::Unclosed(rest[open..].to_owned()));
        };
        let placeholder = &rest[open..open + 2 + close + 2];
        let Some(name) = after_open[..close].trim().strip_prefix("env.") else {
            return Err(EnvError::NotEnv(placeholder.to_owned()));
        };
        if !is_variable_name(name) {
            return Err(EnvError::NotAVariableName(
                placeholder.to_owned(),
                name.to_owned(),
            ));
        }
        match lookup(name) {
            Ok(found) => value.push_str(&found),
            Err(std::env::VarError::NotPresent) => return Err(EnvError::Missing(name.to_owned())),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(EnvError::NotUnicode(name.to_owned()))
            }
        }
        variables.push(name.to_owned());
        rest = &after_open[close + 2..];
    }
    value.push_str(rest);
    let whole = variables.len() == 1 && {
        let trimmed = text.trim();
        trimmed.starts_with("{{") && trimmed.ends_with("}}") && trimmed[2..].find("{{").is_none()
    };
    Ok(Substituted {
        value,
        variables,
        whole,
    })
}

fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::{substitute, EnvError, Substituted};
    use std::env::VarError;

    fn lookup(name: &str) -> Result<String, VarError> {
        match name {
            "APP" => Ok("https://app.example.com".to_owned()),
            "HOST" => Ok("example.com".to_owned()),
            _ => Err(VarError::NotPresent),
        }
    }

    #[test]
    fn replaces_placeholders() {
        assert_eq!(
            substitute("{{ env.APP }}", lookup),
            Ok(Substituted {
                value: "https://app.example.com".to_owned(),
                variables: vec!["APP".to_owned()],
                whole: true,
            })
        );
        let inside = substitute("https://api.{{env.HOST}}:8443", lookup).unwrap();
        assert_eq!(inside.value, "https://api.example.com:8443");
        assert!(!inside.whole);
        let plain = substitute("https://a.example", lookup).unwrap();
        assert!(plain.variables.is_empty() && !plain.whole);
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(
            substitute("{{ env.NOPE }}", lookup),
            Err(EnvError::Missing("NOPE".to_owned()))
        );
        assert_eq!(
            substitute("{{ NOPE }}", lookup),
            Err(EnvError::NotEnv("{{ NOPE }}".to_owned()))
        );
        assert_eq!(
            substitute("{{ env.APP", lookup),
            Err(EnvError::Unclosed("{{ env.APP".to_owned()))
        );
        assert_eq!(
            substitute("{{ env.1X }}", lookup),
            Err(EnvError::NotAVariableName(
                "{{ env.1X }}".to_owned(),
                "1X".to_owned()
            ))
        );
    }
}
