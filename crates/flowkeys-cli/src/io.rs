//! Reading INPUT (text, `@FILE` or standard input) and writing results.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use flowkeys_esdk::Zeroizing;

use crate::failure::{CliResult, Failure};
use crate::terminal::safe;

/// Key files and inputs larger than this are refused before reading: no key, certificate or
/// Connect message comes near it, and a bound keeps a mistaken path (a disk image) harmless.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a whole file into a wiped buffer, refusing files over [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> CliResult<Zeroizing<Vec<u8>>> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Failure::io(format!("Cannot read {}: {e}.", safe(&shown))))?;
    let mut buf = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::io(format!("Cannot read {}: {e}.", safe(&shown))))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(Failure::io(format!(
            "{} is larger than {} MiB; no key file or message is that large. Check the path.",
            safe(&shown),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(buf)
}

/// Resolves INPUT: literal text, `@FILE`, or standard input for `-` or nothing.
pub fn read_input(input: Option<&str>, what: &str) -> CliResult<Zeroizing<Vec<u8>>> {
    match input {
        Some(path) if path.starts_with('@') => read_file(Path::new(path.trim_start_matches('@'))),
        Some(text) if text != "-" => Ok(Zeroizing::new(text.as_bytes().to_vec())),
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!("flowkeys: reading the {what} from standard input; paste it, then press Ctrl-D.");
            }
            let mut buf = Zeroizing::new(Vec::new());
            stdin
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Failure::io(format!("Cannot read standard input: {e}.")))?;
            if buf.len() as u64 > MAX_FILE_BYTES {
                return Err(Failure::io("Standard input is larger than 16 MiB; no message is that large."));
            }
            Ok(buf)
        }
    }
}

/// Writes to standard output and flushes.
pub fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Failure::io(format!("Cannot write the output: {e}.")))
}

/// True when standard output is a terminal (then raw plaintext is escaped before printing).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}
