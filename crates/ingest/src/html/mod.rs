//! Article extraction from HTML pages and fragments (feed items, JSONL `html` fields, WARC
//! responses): the headline and metadata the page declares, and the body as blocks
//! (paragraphs, subheadings, list items, block quotes, captions) without navigation, ads,
//! share buttons, related links, cookie and newsletter notices or comments.
//!
//! The page is parsed by html5ever (via `scraper`, which repairs broken and truncated markup
//! the way browsers do), copied into a flat [`dom::Dom`], broken into text blocks, and the body
//! container chosen by template names and text density (see [`body`]). What counts as
//! furniture is data: `data/html.toml`.

mod blocks;
mod body;
mod dom;
mod meta;
mod rules;

use scraper::Html;

use crate::{Block, BlockKind, Draft};
use blocks::Kind;
pub(crate) use dom::collapse;
pub use rules::{HtmlRules, html_rules};

/// Fewer characters of body text than this and the extractor tries its fallbacks.
const MIN_BODY_CHARS: usize = 250;

/// Extracts title, metadata and body blocks from an HTML page or fragment, with the rules in
/// `data/html.toml` (or, when that file cannot be read, rules that only skip non-text).
pub fn extract_html(html: &str) -> Draft {
    match html_rules() {
        Ok(rules) => extract_html_with(html, &rules),
        Err(_) => extract_html_with(html, &HtmlRules::minimal()),
    }
}

/// [`extract_html`] with the rules given.
pub fn extract_html_with(html: &str, rules: &HtmlRules) -> Draft {
    let parsed = Html::parse_document(html);
    let dom = dom::Dom::from_html(&parsed);
    drop(parsed);
    let page_meta = meta::page_meta(&dom);
    let page = body::Page::new(&dom, rules);
    let roots = page.containers();
    let (mut found, pull_quotes) = page.extract(&roots, &page_meta.title_variants);
    let len = |bs: &[body::BodyBlock]| -> usize {
        bs.iter()
            .filter(|b| b.kind != Kind::Caption)
            .map(|b| b.text.chars().count())
            .sum()
    };
    let mut got = len(&found);
    if got < MIN_BODY_CHARS {
        // The markup hides the text (scripts render it) but JSON-LD carries it.
        if let Some(ld) = &page_meta.ld_body
            && ld.chars().count() > got
        {
            found = ld_paragraphs(ld);
            got = len(&found);
        }
        let all = page.all_good();
        if len(&all) > got.max(MIN_BODY_CHARS / 2) * 2 {
            found = all;
        }
    }
    let blocks = found
        .into_iter()
        .map(|b| Block {
            kind: match b.kind {
                Kind::Para | Kind::Pre | Kind::Cell => BlockKind::Paragraph,
                Kind::Heading(_) => BlockKind::Heading,
                Kind::Item => BlockKind::ListItem,
                Kind::Quote => BlockKind::Quote,
                Kind::Caption => BlockKind::Caption,
            },
            text: b.text,
        })
        .collect();
    let meta = dossier_model::Meta {
        byline: page_meta.byline,
        published: page_meta.published,
        publisher: page_meta.publisher,
        url: page_meta.url,
        pull_quotes,
        ..Default::default()
    };
    Draft {
        title: page_meta.title,
        blocks,
        meta,
    }
}

/// A diagnostic listing of how a page was read: the body containers chosen and every text
/// block with the reason it was left out (or `KEPT`). For `dossier eval html --explain`.
pub fn explain_html(html: &str) -> String {
    let rules = html_rules().unwrap_or_else(|_| std::sync::Arc::new(HtmlRules::minimal()));
    let parsed = Html::parse_document(html);
    let dom = dom::Dom::from_html(&parsed);
    let page_meta = meta::page_meta(&dom);
    let page = body::Page::new(&dom, &rules);
    format!(
        "title {:?}\n{}",
        page_meta.title,
        page.explain(&page_meta.title_variants)
    )
}

/// JSON-LD `articleBody` split into paragraphs at line breaks.
fn ld_paragraphs(text: &str) -> Vec<body::BodyBlock> {
    text.split('\n')
        .map(collapse)
        .filter(|p| !p.is_empty())
        .map(|text| body::BodyBlock {
            kind: Kind::Para,
            text,
        })
        .collect()
}

/// The charset an HTML page declares in its first bytes (`<meta charset>` or `http-equiv`).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let rest = head[at + 8..].trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// A page that opens `<html>`/`<body>` but never closes them was cut off in transfer.
pub(crate) fn looks_truncated(html: &str) -> bool {
    let head = prefix(html, 4096).to_ascii_lowercase();
    let tail = suffix(html, 512).to_ascii_lowercase();
    (head.contains("<html") || head.contains("<body"))
        && !tail.contains("</html>")
        && !tail.contains("</body>")
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most the last `n` bytes of `s`, cut at a character boundary.
fn suffix(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests;
