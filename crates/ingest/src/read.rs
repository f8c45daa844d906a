use std::io::Read;
use std::path::{Path, PathBuf};

use dossier_model::{Format, Meta};

use crate::{Body, Document, ReadError, ReadProblem, decode};

/// Limits that protect a run from hostile or mistaken input.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest input file (and largest decompressed `.gz`) accepted, in bytes.
    pub max_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_size: 20 * 1024 * 1024,
        }
    }
}

/// Expands paths into the files to read: files as given, directories recursively (sorted,
/// hidden entries and the folder's own documentation — `README`, `LICENSE`, `COPYING`,
/// `CHANGELOG` files — skipped). A path that does not exist or cannot be listed is an error
/// entry.
pub fn read_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf, ReadError>> {
    let mut out = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => out.push(Err(ReadError::new(name, ReadProblem::Io(io_reason(&e))))),
            Ok(m) if m.is_dir() => {
                let walker = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && !is_folder_doc(e.file_name()) => {
                            out.push(Ok(e.into_path()))
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let p = e
                                .path()
                                .map(|p| p.display().to_string())
                                .unwrap_or(name.clone());
                            let reason =
                                e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
                            out.push(Err(ReadError::new(p, ReadProblem::Io(reason))));
                        }
                    }
                }
            }
            Ok(_) => out.push(Ok(path.clone())),
        }
    }
    out
}

/// A folder's documentation (`README.md`, `LICENSE`, `COPYING.txt`, `CHANGELOG.md`), not an
/// article.
fn is_folder_doc(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_uppercase();
    let stem = name.split('.').next().unwrap_or("");
    matches!(
        stem,
        "README" | "LICENSE" | "LICENCE" | "COPYING" | "CHANGELOG"
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads one file into documents (a JSONL file, feed or WARC archive gives several). Problems
/// with the whole file give one error; problems with one line or record give an error for it
/// while the rest is still read.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    let name = path.display().to_string();
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return vec![Err(ReadError::new(name, ReadProblem::Io(io_reason(&e))))],
    };
    if size > opts.max_size {
        return vec![Err(ReadError::new(
            name,
            ReadProblem::TooLarge {
                size,
                limit: opts.max_size,
            },
        ))];
    }
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&name, Some(&name), &bytes, opts),
        Err(e) => vec![Err(ReadError::new(name, ReadProblem::Io(io_reason(&e))))],
    }
}

/// Reads standard input (the `-` argument) into documents.
pub fn read_stdin(opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    let mut bytes = Vec::new();
    let limit = opts.max_size + 1;
    if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut bytes) {
        return vec![Err(ReadError::new("-", ReadProblem::Io(e.to_string())))];
    }
    if bytes.len() as u64 > opts.max_size {
        return vec![Err(ReadError::new(
            "-",
            ReadProblem::TooLarge {
                size: bytes.len() as u64,
                limit: opts.max_size,
            },
        ))];
    }
    read_bytes("-", None, &bytes, opts)
}

/// Reads the bytes of one input named `name` (`uri` is recorded in the documents' source).
pub fn read_bytes(
    name: &str,
    uri: Option<&str>,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let err = |p| vec![Err(ReadError::new(name, p))];
    let mut stem = name.to_ascii_lowercase();
    let gunzipped;
    let mut bytes = bytes;
    if stem.ends_with(".gz") || bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(opts.max_size + 1);
        if let Err(e) = dec.read_to_end(&mut out) {
            return err(ReadProblem::Format {
                format: "gzip",
                message: e.to_string(),
            });
        }
        if out.len() as u64 > opts.max_size {
            return err(ReadProblem::TooLarge {
                size: out.len() as u64,
                limit: opts.max_size,
            });
        }
        gunzipped = out;
        bytes = &gunzipped;
        if let Some(s) = stem.strip_suffix(".gz") {
            stem = s.to_string();
        }
    }
    let format = sniff(&stem, bytes);
    match format {
        Sniffed::Warc => crate::warc_reader::read_warc(name, bytes),
        Sniffed::Jsonl => crate::jsonl::read_jsonl(name, bytes),
        Sniffed::Feed => crate::feed::read_feed(name, bytes),
        Sniffed::Html => {
            let declared = crate::html::declared_charset(bytes);
            match decode(bytes, declared.as_deref()) {
                Ok(d) => {
                    let mut warnings = Vec::new();
                    if crate::html::looks_truncated(&d.text) {
                        warnings.push("truncated HTML (no closing </body> or </html>); extracted what is there".into());
                    }
                    vec![Ok(Document {
                        uri: uri.map(str::to_string),
                        format: Format::Html,
                        encoding: Some(d.encoding.to_string()),
                        body: Body::Html(d.text),
                        given: Meta::default(),
                        warnings,
                    })]
                }
                Err(p) => err(p),
            }
        }
        Sniffed::Text => match decode(bytes, None) {
            Ok(d) => vec![Ok(Document {
                uri: uri.map(str::to_string),
                format: Format::Text,
                encoding: Some(d.encoding.to_string()),
                body: Body::Text(d.text),
                given: Meta::default(),
                warnings: Vec::new(),
            })],
            Err(p) => err(p),
        },
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// Chooses a reader by extension, then by the first bytes.
fn sniff(name: &str, bytes: &[u8]) -> Sniffed {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return Sniffed::Html,
        "jsonl" | "ndjson" | "json" => return Sniffed::Jsonl,
        "warc" => return Sniffed::Warc,
        "rss" | "atom" => return Sniffed::Feed,
        "txt" | "text" | "md" => return Sniffed::Text,
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("warc/") {
        Sniffed::Warc
    } else if start.starts_with('{') {
        Sniffed::Jsonl
    } else if (start.starts_with("<?xml")
        || start.starts_with("<rss")
        || start.starts_with("<feed"))
        && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"))
    {
        Sniffed::Feed
    } else if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<?xml") && head.contains("<html")
        || (start.starts_with('<')
            && (head.contains("<body") || head.contains("<p>") || head.contains("<div")))
    {
        Sniffed::Html
    } else {
        Sniffed::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_extension_then_content() {
        assert_eq!(sniff("a.html", b"hello"), Sniffed::Html);
        assert_eq!(sniff("a", b"<!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff("a", b"  {\"title\": 1}\n"), Sniffed::Jsonl);
        assert_eq!(sniff("a", b"WARC/1.0\r\n"), Sniffed::Warc);
        assert_eq!(
            sniff("a.xml", b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Sniffed::Feed
        );
        assert_eq!(sniff("a", b"Honderden IS-strijders <b>"), Sniffed::Text);
    }

    #[test]
    fn gzip_is_transparent() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<html><body><p>Hallo wereld, dit is een artikel.</p></body></html>")
            .unwrap();
        let gz = enc.finish().unwrap();
        let docs = read_bytes(
            "page.html.gz",
            Some("page.html.gz"),
            &gz,
            &ReadOptions::default(),
        );
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.format, Format::Html);
    }

    #[test]
    fn gzip_bombs_hit_the_size_limit() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b'a'; 1_000_000]).unwrap();
        let gz = enc.finish().unwrap();
        let docs = read_bytes("x.txt.gz", None, &gz, &ReadOptions { max_size: 1000 });
        assert!(matches!(
            docs[0],
            Err(ReadError {
                problem: ReadProblem::TooLarge { .. },
                ..
            })
        ));
    }

    #[test]
    fn a_folders_documentation_is_not_read_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["README.md", "LICENSE", "a.txt", "readme.txt", "report.txt"] {
            std::fs::write(dir.path().join(name), "Een tekst.").unwrap();
        }
        let found: Vec<String> = read_inputs(&[dir.path().to_path_buf()])
            .into_iter()
            .map(|r| {
                r.unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(found, ["a.txt", "report.txt"]);
        // Named on the command line, it is read like any file.
        let readme = dir.path().join("README.md");
        assert_eq!(read_inputs(std::slice::from_ref(&readme)).len(), 1);
    }
}
