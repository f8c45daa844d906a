//! Article extraction from HTML pages: metadata from `<meta>`, OpenGraph and JSON-LD, and the
//! body as blocks, chosen by scoring containers on their paragraph text and link density.

use std::collections::HashMap;

use dossier_model::Meta;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::{Block, BlockKind, Draft};

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
    let tail = &html[html.len().saturating_sub(512)..].to_ascii_lowercase();
    let head = &html[..html.len().min(4096)].to_ascii_lowercase();
    (head.contains("<html") || head.contains("<body"))
        && !tail.contains("</html>")
        && !tail.contains("</body>")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

const NEGATIVE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "comment",
    "share",
    "social",
    "related",
    "recommend",
    "promo",
    "advert",
    "ad-",
    "-ad",
    "ads",
    "banner",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "signup",
    "popup",
    "modal",
    "breadcrumb",
    "tags",
    "toolbar",
    "widget",
    "outbrain",
    "taboola",
    "most-read",
    "mostread",
    "trending",
    "pagination",
    "author-bio",
    "skip",
    "hidden",
    "print",
];
const POSITIVE: &[&str] = &[
    "article", "story", "content", "body", "post", "entry", "text", "main", "lead",
];
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "footer", "form", "button", "svg", "iframe", "select",
    "template", "input", "textarea", "dialog",
];

fn class_id(el: &ElementRef) -> String {
    let v = el.value();
    format!(
        "{} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase()
}

fn is_negative(el: &ElementRef) -> bool {
    let v = el.value();
    if DROP_TAGS.contains(&v.name()) || v.name() == "aside" {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        v.attr("role"),
        Some("navigation" | "complementary" | "banner" | "contentinfo")
    ) {
        return true;
    }
    let ci = class_id(el);
    if ci.trim().is_empty() {
        return false;
    }
    let pos = POSITIVE.iter().any(|p| ci.contains(p));
    let neg = ci.split(|c: char| c.is_whitespace() || c == '_').any(|w| {
        NEGATIVE
            .iter()
            .any(|n| w == *n || (n.len() > 3 && w.contains(n)))
    });
    neg && !(pos && ci.contains("article"))
}

/// The text of an element with whitespace collapsed, skipping dropped tags.
fn text_of(el: ElementRef) -> String {
    let mut out = String::new();
    collect_text(el, &mut out);
    collapse(&out)
}

fn collect_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                if DROP_TAGS.contains(&e.name()) {
                    continue;
                }
                if e.name() == "br" {
                    out.push(' ');
                    continue;
                }
                if let Some(c) = ElementRef::wrap(child) {
                    collect_text(c, out);
                }
                if matches!(e.name(), "p" | "div" | "li" | "td" | "h1" | "h2" | "h3") {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn link_text_len(el: ElementRef) -> usize {
    let a = sel("a");
    el.select(&a).map(|a| text_of(a).chars().count()).sum()
}

/// Extracts title, metadata and body blocks from an HTML page.
pub fn extract_html(html: &str) -> Draft {
    let doc = Html::parse_document(html);
    let mut meta = Meta::default();
    let metas = meta_tags(&doc);
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let ld = json_ld(&doc);
    let h1 = doc.select(&sel("h1")).map(text_of).find(|t| !t.is_empty());
    let title = get(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or(h1.clone())
        .or_else(|| {
            doc.select(&sel("title"))
                .map(text_of)
                .find(|t| !t.is_empty())
        });
    // Prefer the on-page headline when OpenGraph appends the site name to it.
    let title = match (title, &h1) {
        (Some(t), Some(h)) if t.starts_with(h.as_str()) && t.len() > h.len() => Some(h.clone()),
        (t, _) => t,
    };
    meta.byline = get(&[
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "sailthru.author",
    ])
    .filter(|a| !a.starts_with("http"))
    .or(ld.author.clone());
    meta.published = get(&[
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "dc.date",
        "dc.date.issued",
        "pubdate",
        "publishdate",
        "sailthru.date",
    ])
    .or(ld.published.clone())
    .or_else(|| {
        doc.select(&sel("time[datetime]"))
            .filter_map(|t| t.value().attr("datetime").map(str::to_string))
            .next()
    });
    meta.publisher = get(&["og:site_name", "application-name"]).or(ld.publisher.clone());
    meta.url = doc
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href").map(str::to_string))
        .next()
        .or_else(|| get(&["og:url"]));

    let body = best_container(&doc);
    let mut blocks = Vec::new();
    if let Some(root) = body {
        blocks_of(root, &mut blocks);
    }
    // Drop the headline when the body repeats it.
    if let (Some(t), Some(first)) = (&title, blocks.first())
        && collapse(&first.text) == collapse(t)
    {
        blocks.remove(0);
    }
    Draft {
        title,
        blocks,
        meta,
    }
}

fn meta_tags(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for m in doc.select(&sel("meta")) {
        let v = m.value();
        let key = v
            .attr("property")
            .or_else(|| v.attr("name"))
            .or_else(|| v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            out.entry(k.to_ascii_lowercase())
                .or_insert_with(|| collapse(c));
        }
    }
    out
}

#[derive(Default)]
struct LdArticle {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
}

/// The first JSON-LD object typed as a news or blog article.
fn json_ld(doc: &Html) -> LdArticle {
    let mut out = LdArticle::default();
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let raw: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a),
                Value::Object(o) => {
                    let ty = match o.get("@type") {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Array(a)) => a
                            .iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        _ => String::new(),
                    };
                    if ty.contains("Article") || ty.contains("Posting") {
                        let name = |v: &Value| -> Option<String> {
                            match v {
                                Value::String(s) => Some(s.clone()),
                                Value::Object(o) => {
                                    o.get("name").and_then(|n| n.as_str()).map(str::to_string)
                                }
                                Value::Array(a) => {
                                    let names: Vec<String> = a
                                        .iter()
                                        .filter_map(|x| match x {
                                            Value::String(s) => Some(s.clone()),
                                            Value::Object(o) => o
                                                .get("name")
                                                .and_then(|n| n.as_str())
                                                .map(str::to_string),
                                            _ => None,
                                        })
                                        .collect();
                                    (!names.is_empty()).then(|| names.join(", "))
                                }
                                _ => None,
                            }
                        };
                        out.headline = out
                            .headline
                            .or_else(|| o.get("headline").and_then(|h| h.as_str()).map(collapse));
                        out.author = out.author.or_else(|| o.get("author").and_then(name));
                        out.published = out.published.or_else(|| {
                            o.get("datePublished")
                                .and_then(|h| h.as_str())
                                .map(str::to_string)
                        });
                        out.publisher = out.publisher.or_else(|| o.get("publisher").and_then(name));
                        return out;
                    }
                    if let Some(g) = o.get("@graph") {
                        stack.push(g.clone());
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The element that holds the article: scored by the paragraph text of its children and
/// grandchildren, penalised for links, boosted by `<article>` and content-like classes.
fn best_container(doc: &Html) -> Option<ElementRef<'_>> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for p in doc.select(&sel("p, pre, td, div > br")) {
        if p.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| is_negative(&a))
        {
            continue;
        }
        let text = text_of(p);
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let links = link_text_len(p) as f64 / len.max(1) as f64;
        let score = (1.0 + text.matches([',', '.']).count() as f64 + (len as f64 / 100.0).min(3.0))
            * (1.0 - links);
        let mut weight = 1.0;
        for anc in p.ancestors().filter_map(ElementRef::wrap).take(3) {
            *scores.entry(anc.id()).or_default() += score * weight;
            weight /= 2.0;
        }
    }
    let mut best: Option<(ElementRef, f64)> = None;
    for (id, s) in scores {
        let Some(el) = doc.tree.get(id).and_then(ElementRef::wrap) else {
            continue;
        };
        let ci = class_id(&el);
        let mut s = s;
        if el.value().name() == "article" || el.value().attr("itemprop") == Some("articleBody") {
            s *= 1.5;
        }
        if POSITIVE.iter().any(|p| ci.contains(p)) {
            s *= 1.2;
        }
        if best.as_ref().is_none_or(|(_, b)| s > *b) {
            best = Some((el, s));
        }
    }
    best.map(|(el, _)| el)
        .or_else(|| doc.select(&sel("body")).next())
}

fn blocks_of(root: ElementRef, out: &mut Vec<Block>) {
    for child in root.children() {
        let Some(el) = ElementRef::wrap(child) else {
            if let Node::Text(t) = child.value() {
                let t = collapse(t);
                if t.chars().count() > 40 {
                    out.push(Block::para(t));
                }
            }
            continue;
        };
        if is_negative(&el) {
            continue;
        }
        let name = el.value().name();
        let kind = match name {
            "p" => Some(BlockKind::Paragraph),
            "h2" | "h3" | "h4" | "h5" => Some(BlockKind::Heading),
            "figcaption" => Some(BlockKind::Caption),
            "blockquote" => Some(BlockKind::Quote),
            "li" => Some(BlockKind::ListItem),
            "pre" => Some(BlockKind::Paragraph),
            _ => None,
        };
        match kind {
            Some(kind) => {
                let text = text_of(el);
                let len = text.chars().count();
                if len == 0 {
                    continue;
                }
                let links = link_text_len(el) as f64 / len as f64;
                if links > 0.6 && kind != BlockKind::Heading {
                    continue;
                }
                if kind == BlockKind::ListItem && len < 30 {
                    continue;
                }
                out.push(Block { kind, text });
            }
            None => blocks_of(el, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_body_without_furniture() {
        let html = r#"<!doctype html><html><head><title>Konvooi | HLN</title>
<meta property="og:title" content="Konvooi verliet Raqqa">
<meta property="og:site_name" content="HLN">
<meta property="article:published_time" content="2017-11-13T20:07:00+01:00">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"JC"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">Nieuws</a></nav>
<div class="cookie-consent"><p>Wij gebruiken cookies om uw ervaring te verbeteren, akkoord?</p></div>
<article><h1>Konvooi verliet Raqqa</h1>
<figure><img src="x.jpg"><figcaption>Een bewoonster loopt voorbij een verwoest gebouw.</figcaption></figure>
<p>Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa kunnen verlaten, meldt de BBC.</p>
<h2>Zwijggeld</h2>
<p>Tientallen vrachtwagenchauffeurs ontvingen duizenden dollars zwijggeld, zo blijkt.</p>
<div class="share-buttons"><p>Deel dit artikel op Facebook, Twitter of via e-mail met vrienden</p></div>
</article>
<aside class="related"><p>Lees ook: een ander verhaal over iets heel anders dat niemand wil lezen.</p></aside>
<footer><p>© 2017 De Persgroep Publishing, alle rechten voorbehouden in alle landen.</p></footer>
</body></html>"#;
        let d = extract_html(html);
        assert_eq!(d.title.as_deref(), Some("Konvooi verliet Raqqa"));
        assert_eq!(d.meta.publisher.as_deref(), Some("HLN"));
        assert_eq!(d.meta.byline.as_deref(), Some("JC"));
        assert_eq!(
            d.meta.published.as_deref(),
            Some("2017-11-13T20:07:00+01:00")
        );
        let texts: Vec<(BlockKind, &str)> =
            d.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (
                    BlockKind::Caption,
                    "Een bewoonster loopt voorbij een verwoest gebouw."
                ),
                (
                    BlockKind::Paragraph,
                    "Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa kunnen verlaten, meldt de BBC."
                ),
                (BlockKind::Heading, "Zwijggeld"),
                (
                    BlockKind::Paragraph,
                    "Tientallen vrachtwagenchauffeurs ontvingen duizenden dollars zwijggeld, zo blijkt."
                ),
            ]
        );
    }

    #[test]
    fn charset_and_truncation() {
        assert_eq!(
            declared_charset(b"<meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
        assert!(looks_truncated("<html><body><p>Half a sent"));
        assert!(!looks_truncated("<html><body><p>Whole.</p></body></html>"));
    }
}
