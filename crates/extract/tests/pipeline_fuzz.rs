//! The whole pipeline (`analyse`) on generated news-like text: never a panic, and every spanned
//! item slices to its text. The pieces are words the extractors react to (cues, names, numbers
//! with every separator, quote marks) mixed with characters whose byte length or case mapping
//! trips byte arithmetic: narrow spaces, four-byte letters, `İ` (lowercases to two chars), `Ⱥ`
//! (lowercases to a longer char).

use std::sync::{Arc, OnceLock};

use dossier_extract::{Resources, analyse};
use dossier_model::{Article, Format, Meta, Source};
use proptest::prelude::*;

fn res() -> &'static Resources {
    static R: OnceLock<Arc<Resources>> = OnceLock::new();
    R.get_or_init(|| Resources::shared().expect("resources load"))
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\"'„“”‘’«»,.:;!?()\\n \u{a0}\u{202f}\u{2009}İȺ𑍗éÉ€$%/-]".prop_map(|s| s),
        "[0-9]{1,4}".prop_map(|s| s),
        prop::sample::select(vec![
            "zegt",
            "zei",
            "aldus",
            "volgens",
            "said",
            "told",
            "according to",
            "dat",
            "that",
            "hij",
            "zij",
            "she",
            "he",
            "it",
            "Jan Peeters",
            "İlker Şahin",
            "Ryan Dillon",
            "kolonel",
            "woordvoerder",
            "Reuters",
            "BBC",
            "IS",
            "Raqqa",
            "Syrië",
            "London",
            "miljoen",
            "million",
            "tientallen",
            "dozens",
            "procent",
            "per cent",
            "km",
            "euro",
            "maandag",
            "Tuesday",
            "vorige week",
            "last year",
            "in 2017",
            "20u07",
            "mei",
            "May",
            "the 46-year-old",
            "de 46-jarige",
            "(46)",
            ", 46,",
            "spokesman",
            "a friend of",
            "een woordvoerder van",
            "the mother of",
            "Secretary of State",
            "Speaker of the House",
            "tussen",
            "between",
            "en",
            "and",
            "tot",
            "to",
            "ongeveer",
            "about",
            "De",
            "de",
            "The",
        ])
        .prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            if i > 0 && p.chars().all(char::is_alphanumeric) {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analyse_never_panics_and_spans_hold(body in text(), published in prop::option::of("2017-11-14|2020-02-29T23:59:00\\+01:00")) {
        let article = Article {
            source: Source { uri: Some("fuzz".into()), format: Format::Text, encoding: None },
            meta: Meta { published, ..Meta::default() },
            text: body,
        };
        let rec = analyse(&article, res());
        let chars = rec.text.chars().count();
        for (group, span, text) in rec.spanned_items() {
            prop_assert!(span.start() < span.end() && span.end() <= chars, "{}: {:?}", group, span);
            prop_assert_eq!(span.slice(&rec.text), text, "{}", group);
        }
    }
}
