//! The extractor on small pages written to show one template habit each.

use super::*;

fn kinds(d: &Draft) -> Vec<(BlockKind, &str)> {
    d.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
}

fn texts(d: &Draft) -> Vec<&str> {
    d.blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Caption)
        .map(|b| b.text.as_str())
        .collect()
}

const P1: &str = "Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa kunnen verlaten, meldt de BBC op basis van getuigen.";
const P2: &str = "Tientallen vrachtwagenchauffeurs ontvingen duizenden dollars zwijggeld, zo blijkt uit het onderzoek van de omroep.";
const P3: &str = "De coalitie tegen IS bevestigt dat er een akkoord was, maar zegt dat buitenlandse strijders niet mee mochten.";

#[test]
fn article_body_without_furniture() {
    let html = format!(
        r##"<!doctype html><html><head><title>Konvooi verliet Raqqa | HLN</title>
<meta property="og:title" content="Konvooi verliet Raqqa | HLN">
<meta property="og:site_name" content="HLN">
<meta property="article:published_time" content="2017-11-13T20:07:00+01:00">
<script type="application/ld+json">{{"@type":"NewsArticle","author":{{"name":"JC"}}}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">Nieuws</a> <a href="/sport">Sport</a></nav>
<div class="cookie-consent"><p>Wij gebruiken cookies om uw ervaring te verbeteren, gaat u akkoord met onze voorwaarden?</p></div>
<article><header><h1>Konvooi verliet Raqqa</h1><div class="byline">Door JC</div>
<time datetime="2017-11-13T20:07:00+01:00">13/11/17 - 20u07</time></header>
<div class="share-buttons"><a href="#">Deel op Facebook</a> <a href="#">Deel op Twitter</a></div>
<figure><img src="x.jpg"><figcaption>Een bewoonster loopt voorbij een verwoest gebouw. Foto: Photo News</figcaption></figure>
<div class="article-body"><p>{P1}</p>
<div class="ad-slot"><p>Advertentie</p></div>
<h2>Zwijggeld</h2>
<p>{P2}</p>
<div class="newsletter-signup"><p>Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het belangrijkste nieuws gratis.</p></div>
<p>{P3}</p>
<p><a href="/x">Lees ook: een ander verhaal over iets heel anders</a></p></div>
<section class="comments"><h3>Reacties</h3><p>Wat een schande is dit allemaal, dat had nooit mogen gebeuren in Syrië zeg ik u.</p></section>
</article>
<aside class="related"><h3>Meer nieuws</h3><ul><li><a href="/a">Een ander verhaal over iets anders</a></li><li><a href="/b">Nog een verhaal</a></li></ul></aside>
<footer><p>© 2017 De Persgroep Publishing, alle rechten voorbehouden in alle landen van de wereld.</p></footer>
</body></html>"##
    );
    let d = extract_html(&html);
    assert_eq!(d.title.as_deref(), Some("Konvooi verliet Raqqa"));
    assert_eq!(d.meta.publisher.as_deref(), Some("HLN"));
    assert_eq!(d.meta.byline.as_deref(), Some("JC"));
    assert_eq!(
        d.meta.published.as_deref(),
        Some("2017-11-13T20:07:00+01:00")
    );
    assert_eq!(
        kinds(&d),
        vec![
            // The lead image's caption sits outside the body, in the article.
            (
                BlockKind::Caption,
                "Een bewoonster loopt voorbij een verwoest gebouw. Foto: Photo News"
            ),
            (BlockKind::Paragraph, P1),
            (BlockKind::Heading, "Zwijggeld"),
            (BlockKind::Paragraph, P2),
            (BlockKind::Paragraph, P3),
        ]
    );
}

#[test]
fn captions_are_marked() {
    let html = format!(
        r#"<html><body><article><p>{P1}</p>
<figure><img src="a.jpg"><figcaption>Een bewoonster in Raqqa.</figcaption></figure>
<p>{P2}<span class="image-caption">De verwoeste stad na de gevechten.</span></p>
<p>{P3}</p><figure><blockquote><p>Wij waren daar niet bij, zei de woordvoerder.</p></blockquote></figure></article></body></html>"#
    );
    let d = extract_html(&html);
    assert!(kinds(&d).contains(&(
        BlockKind::Quote,
        "Wij waren daar niet bij, zei de woordvoerder."
    )));
    assert!(kinds(&d).contains(&(BlockKind::Caption, "Een bewoonster in Raqqa.")));
    assert!(kinds(&d).contains(&(BlockKind::Caption, "De verwoeste stad na de gevechten.")));
    assert_eq!(
        texts(&d),
        vec![P1, P2, P3, "Wij waren daar niet bij, zei de woordvoerder."]
    );
}

#[test]
fn paragraphs_in_divs_and_line_breaks() {
    // Templates without <p>: one div per paragraph, or text split by double line breaks.
    let html = format!(
        r#"<html><body><div class="menu"><a href="/">Home</a></div>
<div id="story"><div class="zn-body__paragraph">{P1}</div><div class="zn-body__paragraph">{P2}</div>
{P3}<br><br>Een vierde alinea volgt hier, met nog wat meer tekst erin om lang genoeg te zijn.</div>
</body></html>"#
    );
    let d = extract_html(&html);
    assert_eq!(
        texts(&d),
        vec![
            P1,
            P2,
            P3,
            "Een vierde alinea volgt hier, met nog wat meer tekst erin om lang genoeg te zijn."
        ]
    );
}

#[test]
fn a_body_split_around_ads_is_joined() {
    let html = format!(
        r#"<html><body><main><div class="grid"><div class="article-body"><p>{P1}</p></div>
<div class="ad"><p>Advertisement</p></div></div>
<div class="grid"><div class="article-body"><p>{P2}</p><p>{P3}</p></div></div></main>
<div class="sidebar"><p>Most popular stories today across the whole network of our sites.</p></div>
</body></html>"#
    );
    assert_eq!(texts(&extract_html(&html)), vec![P1, P2, P3]);
}

#[test]
fn embedded_posts_and_article_lists_stay_link_lists_go() {
    let html = format!(
        r#"<html><body><article><div class="entry-content"><p>{P1}</p>
<div class="social-embed"><blockquote class="twitter-tweet"><p>Dit is een schande voor de coalitie, zegt iedereen hier.</p>— Jan (@jan) <a href="https://t.co/x">13 november 2017</a></blockquote></div>
<p>De chauffeurs vervoerden onder meer:</p>
<ul><li>wapens en munitie</li><li>families van strijders</li></ul>
<p>{P2}</p>
<h3>Meer over dit onderwerp</h3>
<ul><li><a href="/1">Raqqa bevrijd na maanden strijd</a></li><li><a href="/2">Wat nu met de strijders?</a></li><li><a href="/3">Koerden trekken verder</a></li></ul>
</div></article></body></html>"#
    );
    let d = extract_html(&html);
    assert_eq!(
        kinds(&d),
        vec![
            (BlockKind::Paragraph, P1),
            (
                BlockKind::Quote,
                "Dit is een schande voor de coalitie, zegt iedereen hier."
            ),
            (BlockKind::Quote, "— Jan (@jan) 13 november 2017"),
            (BlockKind::Paragraph, "De chauffeurs vervoerden onder meer:"),
            (BlockKind::ListItem, "wapens en munitie"),
            (BlockKind::ListItem, "families van strijders"),
            (BlockKind::Paragraph, P2),
        ]
    );
}

#[test]
fn comment_sections_end_the_article_even_without_names() {
    let html = format!(
        r#"<html><body><article><h1>Konvooi</h1><p>{P1}</p><p>{P2}</p>
<h2>34 responses to “Konvooi”</h2><ol><li><p>Dit is toch schandalig, hoe kan de coalitie dit nu goedpraten tegenover de burgers?</p></li>
<li><p>Ik geloof er niets van, de BBC overdrijft zoals altijd in dit soort verhalen over het Midden-Oosten.</p></li></ol>
</article></body></html>"#
    );
    assert_eq!(texts(&extract_html(&html)), vec![P1, P2]);
    // A comment section of its own, with more text than the article.
    let comment = "Dit is toch schandalig, hoe kan de coalitie dit nu goedpraten tegenover de burgers die dit allemaal moeten betalen?";
    let html = format!(
        r#"<html><body><div><div><h1>Konvooi</h1><p>{P1}</p><p>{P2}</p></div>
<div><h3>Top Rated Comments</h3>{}</div></div></body></html>"#,
        format!("<div><p>{comment}</p><div>2 days ago</div></div>").repeat(4)
    );
    assert_eq!(texts(&extract_html(&html)), vec![P1, P2]);
}

#[test]
fn a_page_wrapped_in_a_form_still_has_a_body() {
    let html = format!(
        r#"<html><body><form id="aspnetForm" action="/page.aspx"><div class="header"><a href="/">Home</a></div>
<div class="content"><h1>Konvooi</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>
<input type="hidden" name="__VIEWSTATE" value="abc"></form></body></html>"#
    );
    assert_eq!(texts(&extract_html(&html)), vec![P1, P2, P3]);
}

#[test]
fn feed_item_fragments() {
    let html = format!("<p>{P1}</p><p>{P2} <a href=\"/x\">meer</a></p><img src=\"x.jpg\">");
    let d = extract_html(&html);
    assert_eq!(d.title, None);
    assert_eq!(texts(&d), vec![P1, format!("{P2} meer").as_str()]);
    // A bare text fragment is its own paragraph.
    assert_eq!(texts(&extract_html(P3)), vec![P3]);
}

#[test]
fn truncated_and_broken_markup() {
    let html = format!(
        "<html><head><title>Konvooi</title></head><body><article><p>{P1}</p><p>{P2}<p>{P3}</b></i><div><p>Half een zin die nooit eind"
    );
    let d = extract_html(&html);
    let t = texts(&d);
    assert_eq!(&t[..3], &[P1, P2, P3]);
    assert!(t[3].starts_with("Half een zin"));
    for cut in [10, 100, 333, 500, html.len() - 3] {
        let mut end = cut.min(html.len());
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        let _ = extract_html(&html[..end]);
    }
}

#[test]
fn script_rendered_pages_fall_back_to_json_ld() {
    let html = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Konvooi verliet Raqqa",
"articleBody":"Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa verlaten.\nTientallen chauffeurs ontvingen zwijggeld van de strijders, zo blijkt uit onderzoek van de BBC. De coalitie bevestigt dat er een akkoord was met de strijders, maar ontkent dat buitenlanders mee mochten.\nDe stad is nu in handen van de SDF."}
</script></head><body><div id="app"><noscript>Zet JavaScript aan om deze pagina te lezen.</noscript></div></body></html>"#;
    let d = extract_html(html);
    assert_eq!(d.title.as_deref(), Some("Konvooi verliet Raqqa"));
    assert_eq!(d.blocks.len(), 3);
    assert!(d.blocks[2].text.starts_with("De stad is nu"));
}

#[test]
fn data_tables_are_read_row_by_row() {
    let html = format!(
        r#"<html><body><div class="post-content"><p>{P1}</p>
<table><tr><th>Pos.</th><th>Piloot</th><th>Punten</th></tr>
<tr><td>1</td><td>Max Verstappen</td><td>575</td></tr><tr><td>2</td><td>Sergio Pérez</td><td>285</td></tr></table>
<p>{P2}</p></div></body></html>"#
    );
    assert_eq!(
        texts(&extract_html(&html)),
        vec![
            P1,
            "Pos. Piloot Punten",
            "1 Max Verstappen 575",
            "2 Sergio Pérez 285",
            P2
        ]
    );
}

#[test]
fn hidden_and_screen_reader_text_is_left_out() {
    let html = format!(
        r#"<html><body><article><p>{P1}</p><p style="display: none">Verborgen tekst die niemand ziet maar die wel lang genoeg is.</p>
<p>{P2}<span class="sr-only">Opent in een nieuw venster</span></p><div hidden><p>Nog meer verborgen tekst die lang genoeg is om mee te tellen.</p></div>
<p>{P3}</p></article></body></html>"#
    );
    assert_eq!(texts(&extract_html(&html)), vec![P1, P2, P3]);
}

#[test]
fn boilerplate_phrases_are_data() {
    let rules = html_rules().expect("data/html.toml");
    for line in [
        "Read more: Raqqa's dirty secret",
        "Lees ook: Zo verliep de deal",
        "Sign up for our daily newsletter and get the news in your inbox",
        "Advertisement",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "Deel dit artikel",
    ] {
        assert!(rules.phrases.is_match(line), "{line}");
    }
    for line in [
        P1,
        P2,
        "Read the full report on the BBC's website before it disappears.",
    ] {
        assert!(!rules.phrases.is_match(line), "{line}");
    }
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
    // Multi-byte characters at the cut points must not panic.
    let korean = format!("<html><body>{}", "권".repeat(3000));
    assert!(looks_truncated(&korean));
}

#[test]
fn windows_1252_pages_are_decoded() {
    let mut bytes = b"<html><head><meta charset=\"windows-1252\"><title>Co\xf6rdinatie</title></head><body><article><p>De co\xf6rdinatie van de re\xefntegratie in Belgi\xeb kost \x80 3,5 miljoen, zegt het ministerie van Werk vandaag.</p>".to_vec();
    bytes.extend_from_slice(b"<p>Dat is \x93veel\x94 geld voor een project dat nog niet eens van start is gegaan.</p></article></body></html>");
    let docs = crate::read_bytes(
        "page.html",
        Some("page.html"),
        &bytes,
        &crate::ReadOptions::default(),
    );
    let doc = docs.into_iter().next().unwrap().unwrap();
    assert_eq!(doc.encoding.as_deref(), Some("windows-1252"));
    let crate::Body::Html(h) = &doc.body else {
        panic!("not html");
    };
    let d = extract_html(h);
    assert_eq!(d.title.as_deref(), Some("Coördinatie"));
    assert!(d.blocks[0].text.contains("België kost € 3,5 miljoen"));
    assert!(d.blocks[1].text.contains("“veel”"));
}

#[test]
fn huge_pages_are_fine() {
    let para = format!("<p>{P1}</p>");
    let html = format!(
        "<html><body><article>{}</article>{}</body></html>",
        para.repeat(5000),
        "<div class=\"x\"><span>a</span></div>".repeat(20000)
    );
    let d = extract_html(&html);
    assert_eq!(d.blocks.len(), 5000);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn tag_soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<div class=\"article-body\">".to_string()),
            Just("<div class=\"share related\">".to_string()),
            Just("</div>".to_string()),
            Just("<br>".to_string()),
            Just("<a href=x>".to_string()),
            Just("</a>".to_string()),
            Just("<table><tr><td>".to_string()),
            Just("<script>".to_string()),
            Just("<ul><li>".to_string()),
            Just("<h2>".to_string()),
            Just("<!--".to_string()),
            Just("<script type=\"application/ld+json\">{\"@graph\":[".to_string()),
            "[^<>]{0,40}",
            "\\PC{0,20}",
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
            let d = extract_html(&s);
            prop_assert!(d.blocks.iter().all(|b| !b.text.trim().is_empty()));
        }

        #[test]
        fn never_panics_on_tag_soup(s in tag_soup()) {
            let d = extract_html(&s);
            prop_assert!(d.blocks.iter().all(|b| !b.text.trim().is_empty()));
            let _ = looks_truncated(&s);
            let _ = declared_charset(s.as_bytes());
        }
    }
}

/// HTML that arrives inside other formats goes through the same extractor and cleaner.
mod containers {
    use super::*;

    fn clean_all(name: &str, bytes: &[u8]) -> Vec<dossier_model::Article> {
        let rules = crate::clean_rules().expect("data/cleaner.toml");
        crate::read_bytes(name, Some(name), bytes, &crate::ReadOptions::default())
            .into_iter()
            .map(|d| crate::clean(&d.expect("readable"), &rules).expect("has text"))
            .collect()
    }

    fn page() -> String {
        format!(
            "<html><body><nav><a href=\"/\">Home</a></nav><article><h1>Konvooi</h1><p>{P1}</p><p>{P2}</p></article><footer>© 2017 HLN</footer></body></html>"
        )
    }

    #[test]
    fn jsonl_html_field() {
        let line = serde_json::json!({"title": "Konvooi", "html": page(), "source": "HLN"});
        let a = clean_all("a.jsonl", format!("{line}\n").as_bytes());
        assert_eq!(a[0].text, format!("Konvooi\n\n{P1}\n\n{P2}"));
        assert_eq!(a[0].meta.publisher.as_deref(), Some("HLN"));
    }

    #[test]
    fn rss_item_fragments() {
        let item = format!("<p>{P1}</p><p>{P2}</p><p><a href=\"https://x/1\">Lees meer</a></p>");
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>HLN</title><item><title>Konvooi</title><link>https://x/1</link><description><![CDATA[{item}]]></description></item></channel></rss>"
        );
        let a = clean_all("feed.rss", rss.as_bytes());
        assert_eq!(a[0].text, format!("Konvooi\n\n{P1}\n\n{P2}"));
    }

    #[test]
    fn warc_responses() {
        let payload = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{}",
            page()
        );
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x/1\r\nWARC-Date: 2017-11-13T20:07:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{payload}\r\n\r\n",
            payload.len()
        );
        let a = clean_all("crawl.warc", warc.as_bytes());
        assert_eq!(a[0].text, format!("Konvooi\n\n{P1}\n\n{P2}"));
    }
}

/// A Flemish news page laid out the way DPG and Mediahuis sites are, through extractor and
/// cleaner: the furniture ends up in `meta`, the text is title and paragraphs.
#[test]
fn flemish_news_page_end_to_end() {
    let html = format!(
        r##"<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Honderden IS-strijders kregen aftocht uit Raqqa dankzij geheime deal | Buitenland | HLN.be</title>
<meta property="og:site_name" content="HLN.be">
<link rel="canonical" href="https://www.hln.be/buitenland/raqqa~a1234/">
<script type="application/ld+json">{{"@context":"http://schema.org","@graph":[{{"@type":"NewsArticle","headline":"Honderden IS-strijders kregen aftocht uit Raqqa dankzij geheime deal","datePublished":"2017-11-13T20:07:00+01:00","author":[{{"@type":"Person","name":"JC"}}]}}]}}</script>
</head><body><div class="cookie-wall"><p>HLN.be gebruikt cookies om je surfervaring te verbeteren. Ga je akkoord?</p><button>Akkoord</button></div>
<header class="site-header"><nav><ul><li><a href="/">Nieuws</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="article"><header class="article__header"><h1 class="article__title">Honderden IS-strijders kregen aftocht uit Raqqa dankzij geheime deal</h1>
<p class="article__meta"><span class="article__author">JC</span> <time datetime="2017-11-13T20:07:00+01:00">13-11-17, 20:07</time> Bron: BBC</p></header>
<figure class="article__figure"><img src="raqqa.jpg"><figcaption>Een bewoonster loopt voorbij een verwoest gebouw in de verlaten stad Raqqa. <span class="article__credit">© Photo News</span></figcaption></figure>
<section class="article__body"><p class="article__intro">{P1}</p><p>{P2}</p>
<aside class="article__read-more"><h3>Lees ook</h3><a href="/x">Koerden heroveren Raqqa op IS</a></aside>
<h2>Zwijggeld</h2><p>{P3}</p>
<aside class="article__pullquote"><blockquote><p>'De Syriërs zijn degenen die vechten en sterven, zij mogen de beslissingen nemen'</p><cite>Ryan Dillon, woordvoerder coalitie tegen IS</cite></blockquote></aside>
<p>"We wilden niet dat er iemand vertrok", zegt kolonel Ryan Dillon. "Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen."</p>
<div class="article__share"><a href="#">Deel op Facebook</a><a href="#">Deel op Twitter</a></div></section>
<section class="article__reactions"><h3>Reacties (12)</h3><p>Een lezer vindt dat dit allemaal veel te lang verzwegen is door de coalitie.</p></section>
</article></main><footer><p>© 2017 DPG Media</p></footer></body></html>"##
    );
    let doc = crate::Document {
        uri: Some("hln.html".into()),
        format: dossier_model::Format::Html,
        encoding: Some("UTF-8".into()),
        body: crate::Body::Html(html),
        given: dossier_model::Meta::default(),
        warnings: vec![],
    };
    let a = crate::clean(&doc, &crate::clean_rules().unwrap()).unwrap();
    let m = &a.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Honderden IS-strijders kregen aftocht uit Raqqa dankzij geheime deal")
    );
    assert_eq!(m.byline.as_deref(), Some("JC"));
    assert_eq!(m.published_time.as_deref(), Some("20:07"));
    assert_eq!(m.publisher.as_deref(), Some("HLN.be"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://www.hln.be/buitenland/raqqa~a1234/")
    );
    assert_eq!(
        m.captions,
        vec!["Een bewoonster loopt voorbij een verwoest gebouw in de verlaten stad Raqqa."]
    );
    assert_eq!(m.photo_credits, vec!["Photo News"]);
    assert_eq!(m.subheadings, vec!["Zwijggeld"]);
    assert_eq!(
        m.pull_quotes,
        vec![dossier_model::PullQuote {
            text: "De Syriërs zijn degenen die vechten en sterven, zij mogen de beslissingen nemen"
                .into(),
            attribution: Some("Ryan Dillon, woordvoerder coalitie tegen IS".into()),
        }]
    );
    assert_eq!(
        a.text,
        format!(
            "Honderden IS-strijders kregen aftocht uit Raqqa dankzij geheime deal\n\n{P1}\n\n{P2}\n\nZwijggeld\n\n{P3}\n\n\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon. \"Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen.\""
        )
    );
}

/// Inputs the fuzzer (`fuzz/fuzz_targets/read_html.rs`) found panicking, kept as regressions.
#[test]
fn fuzz_findings_do_not_panic() {
    // Lower-casing changed byte lengths under a credit search in the cleaner.
    let found: &[&[u8]] = &[b"\x40\x23\x73\x26\x21\x26\x26\x44\x44\x44\x44\x44\x44\x44\x44\x44\x44\x44\x44\x44\x26\x26\x26\x21\xdd\xdd\xdd\xdd\xdd\xdd\x26\xdd\x26\x23\x22\xd9\xd5\x26\x26\xdd\xdd\xdd\x26\xdd\x26\xdd\xdd\xdd\x26\x26\xa6\x26\xf8\x98\x2e\xa9\x26\x2e\x31\x39\x2e\x84\x56\x24\x0d\x2e\x0d\x3c\x70\x3e\x61\x2e\x98\x0d\x2e\x23\x22\xd9\x0d\x3c\x70\x3e\x61\xd5\x26\x26\x26\x2e\x2e\x2e\x26\x26\x21\x56\x2f\x2f\x32\x21\x31"];
    let rules = crate::clean_rules().expect("data/cleaner.toml");
    for bytes in found {
        for doc in crate::read_bytes(
            "page.html",
            Some("page.html"),
            bytes,
            &crate::ReadOptions::default(),
        )
        .into_iter()
        .flatten()
        {
            let _ = crate::clean(&doc, &rules);
        }
    }
}
