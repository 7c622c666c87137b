//! Reading tokens (argument or standard input) and files, with size caps.

use std::io::{IsTerminal, Read};
use std::path::Path;

use crate::error::{CliError, file_name};

/// The most bytes read from a file or from standard input: far above any key, JWK Set or
/// token this tool accepts, low enough that `/dev/zero` cannot exhaust memory.
pub const MAX_INPUT_LEN: u64 = 1024 * 1024;

/// The token from `arg`, or from standard input when `arg` is absent or `-`; surrounding
/// whitespace (a trailing newline from `echo` or a file) is removed.
///
/// # Errors
///
/// A usage error when no token is given and standard input is a terminal, or when the input
/// is too large; an I/O error when standard input cannot be read; an invalid-token error when
/// it is not UTF-8.
pub fn read_token(arg: Option<&str>) -> Result<String, CliError> {
    if let Some(token) = arg.filter(|token| *token != "-") {
        return Ok(token.trim().to_owned());
    }
    let stdin = std::io::stdin();
    if arg.is_none() && stdin.is_terminal() {
        return Err(CliError::usage(
            "no token given: pass it as an argument, or `-` and pipe it to standard input",
        ));
    }
    let bytes = read_capped(stdin.lock(), "standard input")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::invalid("malformed token: token is not UTF-8"))?;
    Ok(text.trim().to_owned())
}

/// The bytes of the file at `path`, described in messages as `kind`.
///
/// # Errors
///
/// An I/O error naming the file, or a usage error when it is larger than [`MAX_INPUT_LEN`].
pub fn read_file(kind: &str, path: &Path) -> Result<Vec<u8>, CliError> {
    let what = file_name(kind, path);
    let file = std::fs::File::open(path).map_err(|error| CliError::read(what.clone(), error))?;
    read_capped(file, &what)
}

/// The text of the file at `path`.
///
/// # Errors
///
/// As for [`read_file`], and a usage error when the file is not UTF-8.
pub fn read_text_file(kind: &str, path: &Path) -> Result<String, CliError> {
    let bytes = read_file(kind, path)?;
    String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("{} is not UTF-8 text", file_name(kind, path))))
}

/// At most [`MAX_INPUT_LEN`] bytes from `reader`, described in messages as `what`.
///
/// # Errors
///
/// An I/O error, or a usage error when there are more.
pub fn read_capped(reader: impl Read, what: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| CliError::read(what.to_owned(), error))?;
    if bytes.len() as u64 > MAX_INPUT_LEN {
        return Err(CliError::usage(format!(
            "{what} is larger than {MAX_INPUT_LEN} bytes"
        )));
    }
    Ok(bytes)
}
