//! A floor on the hand-annotated Dutch quotes of `tests/fixtures/quotes-nl/` (the figures are
//! printed by `dossier eval quotes tests/fixtures/quotes-nl`): most gold quotes are found,
//! with the right speaker, and every gold span slices to its text.

use std::path::Path;

use dossier_extract::quotes;
use dossier_model::{Entity, Meta, Quote};
use dossier_text::Doc;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    lang: String,
    text: String,
    #[serde(default)]
    meta: Meta,
    quotes: Vec<Quote>,
}

#[test]
fn dutch_gold_quotes_are_found_with_their_speakers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/quotes-nl");
    let lex = quotes::QuoteLexicons::load().expect("quote lexicons");
    let (mut gold_n, mut found, mut right_speaker) = (0, 0, 0);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for path in files {
        let raw = std::fs::read_to_string(&path).expect("readable");
        let gold: Gold = serde_json::from_str(&raw).expect("gold JSON");
        let doc = Doc::new(&gold.text, &gold.lang);
        let none: [Entity; 0] = [];
        let pred = quotes::extract(&doc, &none, &gold.meta, &lex);
        for g in &gold.quotes {
            gold_n += 1;
            let hit = match g.span {
                Some(sp) => {
                    assert_eq!(sp.slice(&gold.text), g.text, "{}", path.display());
                    pred.iter()
                        .find(|p| p.span.is_some_and(|ps| ps.overlaps(sp)))
                }
                None => pred.iter().find(|p| p.span.is_none() && p.text == g.text),
            };
            if let Some(p) = hit {
                found += 1;
                if p.speaker == g.speaker {
                    right_speaker += 1;
                }
            }
        }
    }
    assert!(found * 10 >= gold_n * 9, "found {found} of {gold_n}");
    assert!(
        right_speaker * 20 >= gold_n * 19,
        "speaker right on {right_speaker} of {gold_n}"
    );
}
