use std::io::Read;

use dossier_model::{Format, Meta};
use warc::{RecordType, WarcHeader, WarcReader};

use crate::{Body, Document, ReadError, ReadProblem, decode};

/// WARC archives: one document per HTTP `response` record whose content type is HTML.
/// Other records (requests, metadata, images) are skipped; a broken record is an error for it
/// (`file#N`) and the rest of the archive is still read.
pub(crate) fn read_warc(name: &str, bytes: &[u8]) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    let reader = WarcReader::new(std::io::BufReader::new(bytes));
    for (i, rec) in reader.iter_records().enumerate() {
        let input = format!("{name}#{}", i + 1);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(ReadError::new(
                    input,
                    ReadProblem::Format {
                        format: "WARC",
                        message: e.to_string(),
                    },
                )));
                // The reader cannot resynchronise after a broken header.
                break;
            }
        };
        if *rec.warc_type() != RecordType::Response {
            continue;
        }
        let target = rec.header(WarcHeader::TargetURI).map(|u| u.into_owned());
        let Some((content_type, body)) = http_body(rec.body()) else {
            out.push(Err(ReadError::new(
                input,
                ReadProblem::Format {
                    format: "WARC",
                    message: "response record without a valid HTTP response".into(),
                },
            )));
            continue;
        };
        if !content_type.contains("html") {
            continue;
        }
        let declared = charset_of(&content_type).or_else(|| crate::html::declared_charset(&body));
        match decode(&body, declared.as_deref()) {
            Ok(d) => out.push(Ok(Document {
                uri: Some(target.clone().unwrap_or(input)),
                format: Format::Warc,
                encoding: Some(d.encoding.to_string()),
                body: Body::Html(d.text),
                given: Meta {
                    url: target,
                    ..Meta::default()
                },
                warnings: Vec::new(),
            })),
            Err(p) => out.push(Err(ReadError::new(input, p))),
        }
    }
    if out.is_empty() {
        out.push(Err(ReadError::new(
            name,
            ReadProblem::NoText("no HTML response records in the archive".into()),
        )));
    }
    out
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_string())
        .next()
}

/// The content type and the decoded body of a raw HTTP response.
fn http_body(raw: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut headers = [httparse::EMPTY_HEADER; 96];
    let mut resp = httparse::Response::new(&mut headers);
    let offset = match resp.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        _ => return None,
    };
    let header = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_else(|| "text/html".into());
    let mut body = raw[offset..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    if header("content-encoding").is_some_and(|t| t.contains("gzip")) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(64 << 20)
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some((content_type, body))
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, payload: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2017-11-13T20:07:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{payload}\r\n\r\n",
            uri.len(),
            payload.len()
        )
    }

    #[test]
    fn html_responses_become_documents() {
        let html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Raqqa convoy.</p></body></html>";
        let chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\na\r\n there</p>\r\n0\r\n\r\n";
        let img = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        let warc = [
            record("request", "https://a/1", "GET / HTTP/1.1\r\n\r\n"),
            record("response", "https://a/1", html),
            record("response", "https://a/2", img),
            record("response", "https://a/3", chunked),
        ]
        .concat();
        let docs = read_warc("crawl.warc", warc.as_bytes());
        assert_eq!(docs.len(), 2, "{docs:?}");
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.uri.as_deref(), Some("https://a/1"));
        match &docs[1].as_ref().unwrap().body {
            Body::Html(h) => assert_eq!(h, "<p>Hi there</p>"),
            _ => panic!(),
        }
    }
}
