//! Stage 1 for a file: its text, or why it cannot be had, in the words both front-ends
//! use (`cors_policy!(include …)` and `CorsPolicy::from_file`).

use std::fmt;
use std::path::Path;

/// Why a policy file gave no text. Each holds the first line of the report, naming the
/// path as the caller shows it and the reason; what to do about it depends on how the
/// caller found the path, so the help is the caller's. Its `Display` is that line.
#[derive(Debug)]
pub enum FileError {
    /// The file does not exist or cannot be read; the error that said so is the
    /// [`source`](std::error::Error::source).
    Unreadable(String, std::io::Error),
    /// The file is not UTF-8.
    NotUtf8(String),
}

impl FileError {
    /// The first line of the report.
    pub fn message(&self) -> &str {
        match self {
            FileError::Unreadable(message, _) | FileError::NotUtf8(message) => message,
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.message())
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FileError::Unreadable(_, error) => Some(error),
            FileError::NotUtf8(_) => None,
        }
    }
}

/// How to fix a file that is not UTF-8, whoever read it.
pub const NOT_UTF8_HELP: &str = "TOML files must be UTF-8; save it with that encoding";

/// Reads the policy file at `path`; messages name it as `shown_as`.
pub fn read_policy_file(path: &Path, shown_as: &str) -> Result<String, FileError> {
    let bytes = std::fs::read(path).map_err(|error| {
        let why = match error.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
            _ => error.to_string(),
        };
        FileError::Unreadable(
            format!("cannot read the policy file {shown_as}: {why}"),
            error,
        )
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let column = valid
            .iter()
            .rev()
            .take_while(|&&byte| byte != b'\n')
            .count()
            + 1;
        FileError::NotUtf8(format!(
            "the policy file {shown_as} is not UTF-8: the bytes at line {line}, byte {column} \
             of that line are not valid UTF-8"
        ))
    })
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::{read_policy_file, FileError};

    #[test]
    fn says_which_file_and_why() {
        let directory =
            std::env::temp_dir().join(format!("cors-config-file-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let missing = directory.join("missing.toml");
        let error = read_policy_file(&missing, "missing.toml").unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot read the policy file missing.toml: it does not exist"
        );
        let io = error
            .source()
            .and_then(|source| source.downcast_ref::<std::io::Error>());
        assert_eq!(
            io.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
        let latin_1 = directory.join("latin-1.toml");
        std::fs::write(
            &latin_1,
            b"# policy\nallow_origins = \"https://caf\xe9.example\"\n",
        )
        .unwrap();
        let error = read_policy_file(&latin_1, "latin-1.toml").unwrap_err();
        assert!(matches!(error, FileError::NotUtf8(_)), "{error:?}");
        assert_eq!(
            error.to_string(),
            "the policy file latin-1.toml is not UTF-8: the bytes at line 2, byte 29 of that \
             line are not valid UTF-8"
        );
        assert!(error.source().is_none());
        let fine = directory.join("fine.toml");
        std::fs::write(&fine, "allow_origins = \"*\"\n").unwrap();
        assert_eq!(
            read_policy_file(&fine, "fine.toml").ok().as_deref(),
            Some("allow_origins = \"*\"\n")
        );
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
