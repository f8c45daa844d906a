//! Speakers named by a description, through the whole pipeline: an age used as a noun (`de
//! 46-jarige`, `the 46-year-old`), a bare role (`de woordvoerder`, `the spokesman`) pointing
//! back to a person named before, and a role with whom it serves (`a spokesman for Michael
//! Howard`), whose name is not the speaker's. Texts written for these cases; the BBC article
//! checks that an unsure description stays a description rather than a wrong name.

use std::path::Path;

use dossier_extract::{Resources, analyse};
use dossier_model::{Article, Format, Meta, Quote, Source};

fn quotes(text: &str) -> Vec<Quote> {
    let article = Article {
        source: Source {
            uri: Some("test".into()),
            format: Format::Text,
            encoding: None,
        },
        meta: Meta::default(),
        text: text.to_string(),
    };
    let rec = analyse(&article, &Resources::shared().expect("resources load"));
    for q in &rec.quotes {
        if let Some(sp) = q.span {
            assert_eq!(sp.slice(&rec.text), q.text, "{q:?}");
        }
    }
    rec.quotes
}

/// The speaker and role of the quote whose text starts with `start`.
fn speaker<'q>(qs: &'q [Quote], start: &str) -> (Option<&'q str>, Option<&'q str>) {
    let q = qs
        .iter()
        .find(|q| q.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {qs:#?}"));
    (q.speaker.as_deref(), q.speaker_role.as_deref())
}

#[test]
fn dutch_age_and_role_point_back() {
    let qs = quotes(
        "Brand in Gent\n\nBij een brand in Gent is maandag een man gewond geraakt. Peter Janssens (46) werd met brandwonden naar het ziekenhuis gebracht. Ook buurvrouw Els Claes (52) moest naar buiten. \"Ik hoorde een knal en zag meteen vlammen\", vertelt de 46-jarige. \"We waren snel ter plaatse\", zegt woordvoerder Tom De Smet van de brandweer. De woordvoerder voegde eraan toe dat niemand anders gewond raakte.",
    );
    assert_eq!(speaker(&qs, "Ik hoorde").0, Some("Peter Janssens"));
    assert_eq!(speaker(&qs, "We waren").0, Some("Tom De Smet"));
    let (name, role) = speaker(&qs, "niemand anders");
    assert_eq!(name, Some("Tom De Smet"));
    assert!(role.is_some_and(|r| r.contains("woordvoerder")), "{role:?}");
}

#[test]
fn english_age_given_or_the_only_person() {
    let qs = quotes(
        "Fire in Leeds\n\nPeter Jones, 46, was taken to hospital with burns. His neighbour Mary Brown, 52, called the fire brigade. \"I heard a bang and saw flames,\" the 46-year-old said. \"It was terrifying,\" the 52-year-old added. \"We have opened an inquiry,\" the spokesman said. The 30-year-old told reporters she saw nothing.",
    );
    assert_eq!(speaker(&qs, "I heard").0, Some("Peter Jones"));
    assert_eq!(speaker(&qs, "It was terrifying").0, Some("Mary Brown"));
    // nobody was named as a spokesman, and nobody was given the age 30
    assert_eq!(speaker(&qs, "We have opened").0, Some("spokesman"));
    assert_eq!(speaker(&qs, "she saw nothing").0, Some("30-year-old"));

    let qs = quotes(
        "Stuart joins Norwich\n\nNorwich have signed midfielder Graham Stuart until the end of the season. \"It was a very easy decision to make,\" the 34-year-old told the club's website.",
    );
    assert_eq!(speaker(&qs, "It was a very easy").0, Some("Graham Stuart"));
}

#[test]
fn a_role_and_whom_it_serves() {
    let qs = quotes(
        "Row over fees\n\nA spokesman for Michael Howard said Mr Jackson's views were \"very different\" from the party's. \"He believes students should pay fees,\" the spokesman said. Secretary of State John Kerry said the talks would go on. Secretary of State Kerry said the talks were over.",
    );
    assert_eq!(
        speaker(&qs, "Mr Jackson's views").0,
        Some("spokesman for Michael Howard")
    );
    assert_eq!(
        speaker(&qs, "He believes").0,
        Some("spokesman for Michael Howard")
    );
    let (name, role) = speaker(&qs, "the talks would");
    assert_eq!(
        (name, role),
        (Some("John Kerry"), Some("Secretary of State"))
    );
    let (name, role) = speaker(&qs, "the talks were");
    assert_eq!(name.map(|n| n.ends_with("Kerry")), Some(true), "{name:?}");
    assert_eq!(role, Some("Secretary of State"));

    let qs = quotes(
        "Ruzie over begroting\n\nEen woordvoerder van minister Pieter De Crem zei dat de begroting rond is. \"We zijn tevreden\", aldus de woordvoerder. De advocaat van Jan Peeters zegt dat zijn cliënt onschuldig is.",
    );
    let serves = "woordvoerder van minister Pieter De Crem";
    assert_eq!(speaker(&qs, "de begroting").0, Some(serves));
    assert_eq!(speaker(&qs, "We zijn tevreden").0, Some(serves));
    assert_eq!(
        speaker(&qs, "zijn cliënt").0,
        Some("advocaat van Jan Peeters")
    );
}

#[test]
fn unsure_age_stays_a_description_on_bbc_copy() {
    // `… sporting director Emilio Butragueno …. "…," the 21-year-old told Cadena Cope`: the
    // last person named is not the player the article is about.
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bbc-news/sport/154.txt");
    let Ok(text) = std::fs::read_to_string(&p) else {
        eprintln!("skipped: {} is not here", p.display());
        return;
    };
    let qs = quotes(&text);
    let (name, _) = speaker(&qs, "I wish I was playing");
    assert_ne!(name, Some("Emilio Butragueno"));
}

#[test]
fn a_noun_and_whom_it_serves() {
    let qs = quotes(
        "Test\n\nA friend of John Smith told the BBC he was shocked by the news. The mother of Jan Peeters said she was proud of her son. \"He was a good boy,\" the mother said. A lawyer for Paul Smith told reporters his client was innocent of all charges.",
    );
    assert_eq!(
        speaker(&qs, "he was shocked").0,
        Some("friend of John Smith")
    );
    assert_eq!(
        speaker(&qs, "she was proud").0,
        Some("mother of Jan Peeters")
    );
    assert_eq!(
        speaker(&qs, "He was a good").0,
        Some("mother of Jan Peeters")
    );
    // a determiner after the listener starts the reported clause
    assert_eq!(
        speaker(&qs, "his client was").0,
        Some("lawyer for Paul Smith")
    );
}

#[test]
fn roles_keep_their_words_and_colons_introduce() {
    let qs = quotes(
        "Test\n\nSpeaker of the House Paul Ryan said he agreed with the plan. Mary Jones told CNN on Monday: \"We are not leaving.\"",
    );
    let (name, role) = speaker(&qs, "he agreed");
    assert_eq!(name, Some("Paul Ryan"));
    assert_eq!(role, Some("Speaker of the House"));
    // the quote after the colon is direct, and `Monday: "…"` is no reported clause
    assert_eq!(speaker(&qs, "We are not leaving").0, Some("Mary Jones"));
    assert!(!qs.iter().any(|q| q.text.starts_with("Monday")), "{qs:#?}");
}
