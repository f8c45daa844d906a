//! The cleaner on the Raqqa article (`data/demo/hln_nl_raqqa_convoy.txt`, a copy of the HLN
//! page as copied from the site, furniture included).

use std::path::Path;

use dossier_ingest::{ReadOptions, clean, clean_rules, read_file};

fn raqqa() -> dossier_model::Article {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/hln_nl_raqqa_convoy.txt");
    let docs = read_file(&path, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let doc = docs.into_iter().next().unwrap().unwrap();
    clean(&doc, &clean_rules().unwrap()).unwrap()
}

#[test]
fn furniture_goes_to_meta() {
    let a = raqqa();
    let m = &a.meta;
    assert_eq!(
        m.title.as_deref(),
        Some(
            "Honderden IS-strijders en hun families kregen gewapende aftocht uit Raqqa dankzij geheime deal"
        )
    );
    assert_eq!(m.byline.as_deref(), Some("JC"));
    assert_eq!(m.published_time.as_deref(), Some("20:07"));
    assert_eq!(m.attributed_to, vec!["BBC"]);
    assert_eq!(m.photo_credits, vec!["Photo News"]);
    assert_eq!(
        m.captions,
        vec!["Een bewoonster loopt voorbij een verwoest gebouw in de verlaten stad Raqqa."]
    );
    assert_eq!(m.subheadings, vec!["Zwijggeld"]);
    assert_eq!(m.pull_quotes.len(), 1);
    assert_eq!(
        m.pull_quotes[0].attribution.as_deref(),
        Some("Ryan Dillon, woordvoerder coalitie tegen IS")
    );
}

#[test]
fn text_is_title_and_body_only() {
    let a = raqqa();
    let t = &a.text;
    assert!(t.starts_with("Honderden IS-strijders en hun families kregen gewapende aftocht uit Raqqa dankzij geheime deal\n\nZo'n 250 IS-strijders en 3.500 familieleden"), "{t}");
    for furniture in [
        "Bron:",
        "Photo News",
        "20u07",
        "Een bewoonster loopt",
        "beslissingen nemen' Ryan Dillon",
        " JC\n",
    ] {
        assert!(!t.contains(furniture), "{furniture:?} left in text");
    }
    assert!(t.ends_with("met betrekking tot de operaties.\""));
    assert!(t.contains("\n\nZwijggeld\n\nHet was de bedoeling"));
    assert!(!t.contains("\n\n\n"));
}
