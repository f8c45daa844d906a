use dossier_model::{Format, Meta};
use serde_json::{Map, Value};

use crate::{Body, Document, ReadError, ReadProblem};

/// Keys of a JSONL article that map onto the record; every other key goes to `meta.extra`.
const KNOWN: &[&str] = &[
    "title",
    "text",
    "html",
    "url",
    "published",
    "source",
    "byline",
    "author",
];

/// One article per line: `title`, `text` or `html`, `url`, `published`, `source`, other keys
/// kept in `meta.extra`. Blank lines are skipped; a malformed line is an error for that line
/// (`file:LINE`) and the other lines are still read.
pub(crate) fn read_jsonl(name: &str, bytes: &[u8]) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let lineno = i + 1;
        let input = format!("{name}:{lineno}");
        let line = match std::str::from_utf8(line) {
            Ok(l) => l.trim(),
            Err(e) => {
                out.push(Err(ReadError::new(
                    input,
                    ReadProblem::InvalidUtf8 {
                        offset: e.valid_up_to(),
                    },
                )));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let obj: Map<String, Value> = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(other) => {
                out.push(Err(ReadError::new(
                    input,
                    ReadProblem::Json(format!("expected an object, found {}", kind(&other))),
                )));
                continue;
            }
            Err(e) => {
                out.push(Err(ReadError::new(input, ReadProblem::Json(e.to_string()))));
                continue;
            }
        };
        out.push(document(name, lineno, obj).map_err(|p| ReadError::new(input, p)));
    }
    if out.is_empty() {
        out.push(Err(ReadError::new(name, ReadProblem::Empty)));
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn document(name: &str, lineno: usize, obj: Map<String, Value>) -> Result<Document, ReadProblem> {
    let body = match (string(&obj, "text"), string(&obj, "html")) {
        (Some(t), _) => Body::Text(t),
        (None, Some(h)) => Body::Html(h),
        (None, None) => {
            return Err(ReadProblem::NoText(
                "the object has neither a \"text\" nor an \"html\" string".into(),
            ));
        }
    };
    let given = Meta {
        title: string(&obj, "title"),
        url: string(&obj, "url"),
        published: string(&obj, "published"),
        publisher: string(&obj, "source"),
        byline: string(&obj, "byline").or_else(|| string(&obj, "author")),
        extra: obj
            .into_iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .collect(),
        ..Meta::default()
    };
    Ok(Document {
        uri: Some(format!("{name}#L{lineno}")),
        format: Format::Jsonl,
        encoding: Some("UTF-8".into()),
        body,
        given,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_survive_bad_ones() {
        let input = b"{\"title\": \"A\", \"text\": \"Body one.\", \"url\": \"https://x/a\", \"section\": \"world\"}\n\
{not json}\n\
\n\
[1, 2]\n\
{\"title\": \"no body\"}\n\
{\"html\": \"<p>Body two.</p>\", \"source\": \"BBC\"}\n";
        let docs = read_jsonl("feed.jsonl", input);
        assert_eq!(docs.len(), 5);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.uri.as_deref(), Some("feed.jsonl#L1"));
        assert_eq!(first.given.url.as_deref(), Some("https://x/a"));
        assert_eq!(first.given.extra["section"], "world");
        let e = docs[1].as_ref().unwrap_err();
        assert!(
            e.to_string().starts_with("feed.jsonl:2: malformed JSON"),
            "{e}"
        );
        assert_eq!(docs[2].as_ref().unwrap_err().input, "feed.jsonl:4");
        assert_eq!(docs[3].as_ref().unwrap_err().input, "feed.jsonl:5");
        let last = docs[4].as_ref().unwrap();
        assert!(matches!(last.body, Body::Html(_)));
        assert_eq!(last.given.publisher.as_deref(), Some("BBC"));
    }
}
