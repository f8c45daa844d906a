//! Page metadata: headline, byline, publication date, publisher and canonical URL, from
//! `<meta>` (plain, OpenGraph, Dublin Core, Parse.ly and Sailthru names), JSON-LD (`@graph`s,
//! arrays, any `*Article`/`*Posting` type), microdata (`itemprop`), `<time>` and the page's
//! own `<h1>`.

use std::collections::HashMap;

use serde_json::Value;

use super::dom::{Dom, collapse};

/// What the page says about itself.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    /// Every form of the headline seen (OpenGraph, JSON-LD, `<title>`, `<h1>`), to recognise
    /// it when the body repeats it.
    pub title_variants: Vec<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// JSON-LD `articleBody`, a fallback when the markup hides the text.
    pub ld_body: Option<String>,
}

pub(crate) fn page_meta(dom: &Dom) -> PageMeta {
    let metas = meta_tags(dom);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let ld = json_ld(dom);
    let micro = microdata(dom);

    let h1s: Vec<String> = dom
        .by_tag("h1")
        .map(|i| dom.text(i))
        .filter(|t| !t.is_empty() && t.chars().count() <= 400)
        .take(5)
        .collect();
    let doc_title = dom
        .by_tag("title")
        .map(|i| dom.text(i))
        .find(|t| !t.is_empty());
    let og = get(&[
        "og:title",
        "twitter:title",
        "dc.title",
        "sailthru.title",
        "parsely-title",
    ]);
    let url = dom
        .by_tag("link")
        .filter_map(|i| dom.element(i))
        .find(|e| {
            e.attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .and_then(|e| e.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"))
        .or_else(|| get(&["og:url", "twitter:url"]))
        .or(ld.url.clone());

    let publisher = get(&[
        "og:site_name",
        "application-name",
        "publisher",
        "dc.publisher",
    ])
    .or_else(|| ld.publisher.clone())
    .filter(|p| !p.starts_with("http") && !p.starts_with('@'));
    // Names the site goes by, to cut from the end of titles: its publisher name and the main
    // label of its host name (`www.vortexcannon.org` → `vortexcannon`).
    let mut site_names: Vec<String> = publisher.iter().cloned().collect();
    if let Some(host) = url.as_deref().and_then(host_label) {
        site_names.push(host);
    }

    let mut variants: Vec<String> = Vec::new();
    for t in [&og, &ld.headline, &micro.headline, &doc_title]
        .into_iter()
        .flatten()
        .chain(h1s.first())
    {
        if !variants.contains(t) {
            variants.push(t.clone());
        }
    }
    let title = choose_title(
        &h1s,
        [&ld.headline, &micro.headline, &og, &doc_title],
        &site_names,
    );
    if let Some(t) = &title
        && !variants.contains(t)
    {
        variants.push(t.clone());
    }

    let byline = get(&[
        "author",
        "article:author",
        "dc.creator",
        "dc.creator.name",
        "byl",
        "sailthru.author",
        "parsely-author",
        "twitter:creator",
    ])
    .filter(|a| !a.starts_with("http") && !a.starts_with('@'))
    .or(ld.author.clone())
    .or(micro.author.clone())
    .or_else(|| rel_author(dom))
    .map(|a| strip_by(&a))
    .filter(|a| !a.is_empty());

    let published = [
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "datepublished",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "dc.date.issued",
        "dc.date",
        "dcterms.date",
        "date",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "og:updated_time",
    ]
    .iter()
    .filter_map(|k| metas.get(*k).cloned())
    .chain(ld.published.clone())
    .chain(micro.published.clone())
    .chain(dom.by_tag("time").filter_map(|i| {
        dom.element(i)?
            .attr("datetime")
            .map(|d| d.trim().to_string())
    }))
    .find(|d| plausible_date(d));

    PageMeta {
        title,
        title_variants: variants,
        byline,
        published,
        publisher,
        url,
        ld_body: ld.body,
    }
}

/// A date string that is not empty or a placeholder (`0001-01-01`): one that starts with a
/// year starts with a year between 1900 and 2100.
fn plausible_date(d: &str) -> bool {
    let d = d.trim();
    if d.len() < 8 {
        return false;
    }
    match d.get(..4).map(|y| y.parse::<u32>()) {
        Some(Ok(y)) => (1900..=2100).contains(&y),
        _ => true,
    }
}

/// The main label of a URL's host: `https://www.vortexcannon.org/x` → `vortexcannon`.
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    // The label before the public suffix: skip a final two-letter country code after a
    // short second-level label (`co.uk`, `com.br`).
    let mut i = labels.len().checked_sub(2)?;
    if i > 0 && labels[labels.len() - 1].len() == 2 && labels[i].len() <= 3 {
        i -= 1;
    }
    let label = labels[i];
    (label.len() >= 3 && label != "www").then(|| label.to_string())
}

/// `<meta>` values by lower-case `property`, `name`, `itemprop` or `http-equiv`; the first
/// one wins.
fn meta_tags(dom: &Dom) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for i in dom.by_tag("meta") {
        let Some(e) = dom.element(i) else { continue };
        let Some(content) = e.attr("content") else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = e.attr(key) {
                out.entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| collapse(content));
            }
        }
    }
    out
}

/// The headline: an `<h1>` that agrees with what the page's metadata calls its title (so
/// neither a site logo in `<h1>` nor a `| Site` suffix wins), else the metadata's title with
/// the site name cut off.
fn choose_title(
    h1s: &[String],
    named: [&Option<String>; 4],
    site_names: &[String],
) -> Option<String> {
    let named: Vec<&String> = named.into_iter().flatten().collect();
    let stripped: Vec<String> = named
        .iter()
        .map(|t| norm(&strip_site(t, site_names)))
        .collect();
    for h in h1s {
        let hn = norm(h);
        let hl = hn.chars().count();
        if hl < 8 {
            continue;
        }
        // The headline as metadata gives it, or most of it (a shortened or extended form);
        // not a logo that names the site.
        if stripped.iter().any(|tn| {
            let tl = tn.chars().count();
            (tn.contains(&hn) && hl * 5 >= tl * 3) || (hn.contains(tn.as_str()) && tl * 2 > hl)
        }) {
            return Some(h.clone());
        }
    }
    named
        .first()
        .map(|t| strip_site(t, site_names))
        .or_else(|| h1s.first().cloned())
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Headline | Site` → `Headline`: cuts a leading or trailing segment that names the site
/// (its publisher name or host label), or a short trailing one after a separator that is not
/// a hyphen.
pub(crate) fn strip_site(title: &str, site_names: &[String]) -> String {
    const SEPS: &[&str] = &[
        " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " // ", " : ",
    ];
    let sites: Vec<String> = site_names
        .iter()
        .map(|s| norm(s).replace(' ', ""))
        .filter(|s| s.len() >= 3)
        .collect();
    let is_site = |seg: &str| {
        let n = norm(seg).replace(' ', "");
        n.len() >= 2
            && sites.iter().any(|site| {
                n == *site
                    || (n.contains(site.as_str()) && n.len() < site.len() + 16)
                    || (site.contains(n.as_str()) && n.len() * 2 > site.len())
            })
    };
    let words = |s: &str| s.split_whitespace().count();
    for sep in SEPS {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let first = parts[0].trim();
        let last = parts[parts.len() - 1].trim();
        if is_site(last) {
            return parts[..parts.len() - 1].join(sep).trim().to_string();
        }
        if is_site(first) {
            return parts[1..].join(sep).trim().to_string();
        }
        let rest = parts[..parts.len() - 1].join(sep);
        if words(last) <= 3 && words(&rest) >= 4 && *sep != " : " && *sep != " - " {
            return rest.trim().to_string();
        }
    }
    title.trim().to_string()
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    for p in ["By ", "by ", "BY ", "Door ", "door ", "Von ", "Par "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

fn rel_author(dom: &Dom) -> Option<String> {
    dom.by_tag("a")
        .find(|&i| {
            dom.element(i)
                .and_then(|e| e.attr("rel"))
                .is_some_and(|r| r.split_whitespace().any(|w| w == "author"))
        })
        .map(|i| dom.text(i))
        .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 6)
}

#[derive(Default, Debug)]
struct Facts {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

/// The first JSON-LD object typed as an article (any `*Article`, `*Posting`, `Report`), found
/// in top-level objects, arrays and `@graph`s; its publisher may be a reference into the graph.
fn json_ld(dom: &Dom) -> Facts {
    let mut out = Facts::default();
    let mut orgs: HashMap<String, String> = HashMap::new();
    let mut articles: Vec<serde_json::Map<String, Value>> = Vec::new();
    for i in dom.by_tag("script") {
        let Some(e) = dom.element(i) else { continue };
        if !e
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let raw: String = (i + 1..dom.nodes[i].end)
            .filter_map(|j| match &dom.nodes[j].data {
                super::dom::Data::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let raw = raw.trim().trim_end_matches(';');
        let Ok(v) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a.into_iter().rev()),
                Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    let ty = types(&o);
                    if let (Some(id), Some(name)) = (
                        o.get("@id").and_then(Value::as_str),
                        o.get("name").and_then(Value::as_str),
                    ) {
                        orgs.insert(id.to_string(), collapse(name));
                    }
                    if ty.iter().any(|t| {
                        t.ends_with("Article")
                            || t.ends_with("Posting")
                            || t == "Report"
                            || t == "LiveBlogPosting"
                    }) {
                        articles.push(o);
                    }
                }
                _ => {}
            }
        }
    }
    // Prefer the article that carries a body or a headline.
    articles.sort_by_key(|o| (o.get("articleBody").is_none(), o.get("headline").is_none()));
    for o in &articles {
        let s = |k: &str| {
            o.get(k)
                .and_then(Value::as_str)
                .map(collapse)
                .filter(|s| !s.is_empty())
        };
        out.headline = out
            .headline
            .take()
            .or_else(|| s("headline"))
            .or_else(|| s("name"));
        out.author = out
            .author
            .take()
            .or_else(|| o.get("author").and_then(|a| names(a, &orgs)))
            .or_else(|| o.get("creator").and_then(|a| names(a, &orgs)));
        out.published = out
            .published
            .take()
            .or_else(|| s("datePublished"))
            .or_else(|| s("dateCreated"));
        out.publisher = out
            .publisher
            .take()
            .or_else(|| o.get("publisher").and_then(|a| names(a, &orgs)));
        out.url = out
            .url
            .take()
            .or_else(|| s("url"))
            .or_else(|| match o.get("mainEntityOfPage") {
                Some(Value::String(u)) => Some(u.clone()),
                Some(Value::Object(m)) => m.get("@id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            });
        out.body = out.body.take().or_else(|| {
            o.get("articleBody")
                .and_then(Value::as_str)
                .map(str::to_string)
                .filter(|b| !b.trim().is_empty())
        });
    }
    out.url = out.url.filter(|u| u.starts_with("http"));
    out
}

fn types(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Names from a JSON-LD person/organisation value: a string, an object with `name` (or an
/// `@id` defined elsewhere in the graph), or an array of those.
fn names(v: &Value, refs: &HashMap<String, String>) -> Option<String> {
    let one = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.starts_with("http") => Some(collapse(s)),
            Value::Object(o) => o
                .get("name")
                .and_then(Value::as_str)
                .map(collapse)
                .or_else(|| {
                    o.get("@id")
                        .and_then(Value::as_str)
                        .and_then(|id| refs.get(id).cloned())
                }),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    };
    match v {
        Value::Array(a) => {
            let mut all: Vec<String> = Vec::new();
            for n in a.iter().filter_map(one) {
                if !all.contains(&n) {
                    all.push(n);
                }
            }
            (!all.is_empty()).then(|| all.join(", "))
        }
        other => one(other),
    }
}

/// `itemprop` values inside an `Article`-typed `itemscope` (or anywhere when none is typed).
fn microdata(dom: &Dom) -> Facts {
    let mut out = Facts::default();
    let scope = (0..dom.nodes.len())
        .find(|&i| {
            dom.element(i)
                .and_then(|e| e.attr("itemtype"))
                .is_some_and(|t| t.contains("Article") || t.contains("BlogPosting"))
        })
        .unwrap_or(0);
    for i in scope..dom.nodes[scope].end {
        let Some(e) = dom.element(i) else { continue };
        let Some(prop) = e.attr("itemprop") else {
            continue;
        };
        let value = || -> Option<String> {
            e.attr("content")
                .or_else(|| e.attr("datetime"))
                .map(collapse)
                .or_else(|| Some(dom.text(i)))
                .filter(|s| !s.is_empty())
        };
        match prop.trim() {
            "headline" => out.headline = out.headline.take().or_else(value),
            "datePublished" => out.published = out.published.take().or_else(value),
            "author" | "creator" => {
                out.author = out.author.take().or_else(|| {
                    // `<span itemprop=author itemscope><span itemprop=name>…`
                    (i + 1..dom.nodes[i].end)
                        .find(|&j| {
                            dom.element(j)
                                .and_then(|e| e.attr("itemprop"))
                                .is_some_and(|p| p == "name")
                        })
                        .map(|j| {
                            dom.element(j)
                                .and_then(|e| e.attr("content"))
                                .map(collapse)
                                .unwrap_or_else(|| dom.text(j))
                        })
                        .or_else(value)
                        .map(|a| strip_by(&a))
                        .filter(|a| a.split_whitespace().count() <= 8)
                })
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn meta_of(html: &str) -> PageMeta {
        page_meta(&Dom::from_html(&Html::parse_document(html)))
    }

    #[test]
    fn site_suffixes_are_cut() {
        assert_eq!(
            strip_site(
                "Storm hits coast | The Daily Planet",
                &["The Daily Planet".into()]
            ),
            "Storm hits coast"
        );
        assert_eq!(
            strip_site("NOS — Kabinet valt over stikstof", &["NOS".into()]),
            "Kabinet valt over stikstof"
        );
        assert_eq!(
            strip_site("Man bites dog in city centre | News", &[]),
            "Man bites dog in city centre"
        );
        assert_eq!(
            strip_site("Spider-Man - the review", &[]),
            "Spider-Man - the review"
        );
        assert_eq!(
            strip_site(
                "About bugs – Vortex Cannon Entertainment",
                &["vortexcannon".into()]
            ),
            "About bugs"
        );
        assert_eq!(
            strip_site("Het kabinet valt - Entermedia", &["entermedia".into()]),
            "Het kabinet valt"
        );
        assert_eq!(
            host_label("https://www.vortexcannon.org/x").as_deref(),
            Some("vortexcannon")
        );
        assert_eq!(
            host_label("https://www.express.co.uk/news").as_deref(),
            Some("express")
        );
        assert_eq!(
            host_label("https://nos.nl/artikel/1").as_deref(),
            Some("nos")
        );
        assert!(plausible_date("2019-11-18T10:00:00Z"));
        assert!(plausible_date("Mon, 13 Nov 2017 20:07:00 +0100"));
        assert!(!plausible_date("0001-01-01T00:00:00+00:00"));
    }

    #[test]
    fn json_ld_graph_with_references() {
        let m = meta_of(
            r##"<html lang="en"><head><title>Storm | Planet</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","@id":"#org","name":"Daily Planet"},
 {"@type":["NewsArticle"],"headline":"Storm hits the coast","datePublished":"2019-11-18T10:00:00Z",
  "author":[{"@type":"Person","name":"Lois Lane"},{"@type":"Person","name":"Clark Kent"}],
  "publisher":{"@id":"#org"},"articleBody":"The storm came at night."}]}</script>
</head><body><h1>Storm hits the coast</h1></body></html>"##,
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(m.byline.as_deref(), Some("Lois Lane, Clark Kent"));
        assert_eq!(m.published.as_deref(), Some("2019-11-18T10:00:00Z"));
        assert_eq!(m.publisher.as_deref(), Some("Daily Planet"));
        assert_eq!(m.ld_body.as_deref(), Some("The storm came at night."));
    }

    #[test]
    fn microdata_and_time() {
        let m = meta_of(
            r#"<html><head><title>Het nieuws - De Krant</title></head><body>
<div class="logo"><h1>De Krant</h1></div>
<article itemscope itemtype="https://schema.org/NewsArticle">
<h2 itemprop="headline">Kabinet valt over stikstof</h2>
<span itemprop="author" itemscope><span itemprop="name">Jan Peeters</span></span>
<time datetime="2019-11-18T09:30:00+01:00">maandag</time></article></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Kabinet valt over stikstof"));
        assert_eq!(m.byline.as_deref(), Some("Jan Peeters"));
        assert_eq!(m.published.as_deref(), Some("2019-11-18T09:30:00+01:00"));
    }

    #[test]
    fn h1_wins_over_og_title_with_suffix() {
        let m = meta_of(
            r#"<html><head><meta property="og:title" content="Storm hits coast - Planet News">
<meta property="og:site_name" content="Planet News"><meta name="author" content="By Lois Lane">
<link rel="canonical" href="https://planet.example/storm"></head>
<body><h1>Storm hits coast</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.byline.as_deref(), Some("Lois Lane"));
        assert_eq!(m.url.as_deref(), Some("https://planet.example/storm"));
        assert_eq!(m.publisher.as_deref(), Some("Planet News"));
    }
}
