use dossier_model::{Format, Meta};

use crate::{Body, Document, ReadError, ReadProblem};

/// RSS and Atom feeds: one document per item, its HTML content (or summary) as the body.
pub(crate) fn read_feed(name: &str, bytes: &[u8]) -> Vec<Result<Document, ReadError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(ReadError::new(
                name,
                ReadProblem::Format {
                    format: "feed",
                    message: e.to_string(),
                },
            ))];
        }
    };
    let publisher = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let input = format!("{name}#{}", i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .filter(|b| !b.trim().is_empty());
        let Some(body) = body else {
            out.push(Err(ReadError::new(
                input,
                ReadProblem::NoText("the item has no content or summary".into()),
            )));
            continue;
        };
        let given = Meta {
            title: entry.title.map(|t| t.content.trim().to_string()),
            url: entry.links.first().map(|l| l.href.clone()),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            byline: (!entry.authors.is_empty()).then(|| {
                entry
                    .authors
                    .iter()
                    .filter_map(|a| a.name.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            publisher: publisher.clone(),
            ..Meta::default()
        };
        out.push(Ok(Document {
            uri: Some(input),
            format: Format::Rss,
            encoding: Some("UTF-8".into()),
            body: Body::Html(body),
            given,
            warnings: Vec::new(),
        }));
    }
    if out.is_empty() {
        out.push(Err(ReadError::new(
            name,
            ReadProblem::NoText("the feed has no items".into()),
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_document_per_item() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>HLN</title>
<item><title>Konvooi verliet Raqqa</title><link>https://hln.be/a</link><pubDate>Mon, 13 Nov 2017 20:07:00 +0100</pubDate>
<description>&lt;p&gt;Zo'n 250 IS-strijders verlieten de stad.&lt;/p&gt;</description></item>
<item><title>Leeg</title></item></channel></rss>"#;
        let docs = read_feed("f.rss", rss);
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.given.title.as_deref(), Some("Konvooi verliet Raqqa"));
        assert_eq!(d.given.publisher.as_deref(), Some("HLN"));
        assert!(
            d.given
                .published
                .as_deref()
                .unwrap()
                .starts_with("2017-11-13")
        );
        assert_eq!(docs[1].as_ref().unwrap_err().input, "f.rss#2");
    }
}
