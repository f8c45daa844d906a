//! Figures and times on real text: the Raqqa article's facts (the same ones
//! `check_raqqa_facts.py quantities` checks), spans that slice to their text, and no panic on
//! arbitrary input.

use std::path::Path;
use std::sync::OnceLock;

use dossier_extract::quantities::{self, QuantityLexicons};
use dossier_extract::times::{self, TimeLexicons};
use dossier_model::{Meta, Modifier, Quantity, TimeKind};
use dossier_text::Doc;
use proptest::prelude::*;

fn qlex() -> &'static QuantityLexicons {
    static L: OnceLock<QuantityLexicons> = OnceLock::new();
    L.get_or_init(|| QuantityLexicons::load().expect("figure data under data/"))
}

fn tlex() -> &'static TimeLexicons {
    static L: OnceLock<TimeLexicons> = OnceLock::new();
    L.get_or_init(|| TimeLexicons::load().expect("time data under data/"))
}

/// The body of the demo article (the cleaned text starts at the title; the furniture lines
/// `20u07` and the credit line are cut by the cleaner, and are left in here on purpose).
fn raqqa() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/hln_nl_raqqa_convoy.txt");
    std::fs::read_to_string(p).expect("data/demo/hln_nl_raqqa_convoy.txt")
}

fn find(qs: &[Quantity], pred: impl Fn(&Quantity) -> bool) -> Option<&Quantity> {
    qs.iter().find(|q| pred(q))
}

fn counted(q: &Quantity, word: &str) -> bool {
    q.counted
        .as_deref()
        .is_some_and(|c| c.to_lowercase().contains(word))
}

#[test]
fn raqqa_quantity_facts() {
    let text = raqqa();
    let doc = Doc::new(&text, "nl");
    let qs = quantities::extract(&doc, qlex());
    for q in &qs {
        assert_eq!(q.span.slice(&text), q.text, "span of {q:?}");
    }
    let exact = |v: f64| move |q: &Quantity| q.low == Some(v) && q.high == Some(v);
    assert!(
        find(&qs, |q| exact(250.0)(q)
            && counted(q, "strijders")
            && q.approx)
        .is_some(),
        "zo'n 250 IS-strijders"
    );
    assert!(
        find(&qs, |q| exact(3500.0)(q) && counted(q, "familieleden")).is_some(),
        "3.500 familieleden"
    );
    assert!(
        find(&qs, |q| exact(50.0)(q) && counted(q, "vrachtwagens")).is_some(),
        "vijftig vrachtwagens"
    );
    assert!(
        find(&qs, |q| exact(13.0)(q) && counted(q, "bussen")).is_some(),
        "dertien bussen"
    );
    assert!(
        find(&qs, |q| exact(100.0)(q)
            && counted(q, "voertuigen")
            && q.modifier == Some(Modifier::MoreThan))
        .is_some(),
        "meer dan honderd voertuigen"
    );
    assert!(
        find(&qs, |q| q.low == Some(6.0)
            && q.high == Some(7.0)
            && q.unit.as_deref() == Some("km")
            && q.modifier == Some(Modifier::Range))
        .is_some(),
        "zes tot zeven kilometer"
    );
    assert!(
        find(&qs, |q| q.vague && counted(q, "strijders")).is_some(),
        "tientallen buitenlandse strijders"
    );
    assert!(
        find(&qs, |q| q.vague && q.unit.as_deref() == Some("USD")).is_some(),
        "duizenden dollars"
    );
    assert!(
        find(&qs, |q| q.vague && counted(q, "chauffeurs")).is_some(),
        "tientallen vrachtwagenchauffeurs"
    );
    assert!(
        find(&qs, |q| q.vague
            && counted(q, "strijders")
            && q.low.is_some_and(|l| l >= 100.0))
        .is_some(),
        "honderden IS-strijders"
    );
    // not figures: the time of day `20u07`, the `0` of the credit line
    assert!(
        !qs.iter()
            .any(|q| matches!(q.text.trim(), "0" | "20" | "07" | "20u07")),
        "{qs:#?}"
    );
    // `vier maanden` is a duration (a time) and a figure in months
    let meta = Meta {
        published: Some("2017-11-14".into()),
        ..Default::default()
    };
    let ts = times::extract(&doc, tlex(), &meta);
    for t in &ts {
        assert_eq!(t.span.slice(&text), t.text, "span of {t:?}");
    }
    assert!(
        ts.iter().any(|t| t.kind == TimeKind::Duration
            && t.text == "vier maanden"
            && t.value.as_deref() == Some("P4M")),
        "{ts:#?}"
    );
    assert!(
        ts.iter()
            .any(|t| t.text == "midden oktober"
                && t.value.as_deref() == Some("2017-10-10/2017-10-21")),
        "{ts:#?}"
    );
    assert!(
        ts.iter()
            .any(|t| t.text == "20u07" && t.value.as_deref() == Some("20:07")),
        "{ts:#?}"
    );
}

#[test]
fn english_news_sentences() {
    let text = "At least 14 people were killed and dozens of homes destroyed on Tuesday, \
                officials said, two days after a $2.3bn aid package was agreed.";
    let doc = Doc::new(text, "en");
    let qs = quantities::extract(&doc, qlex());
    let killed = find(&qs, |q| q.low == Some(14.0)).expect("14 people");
    assert_eq!(killed.modifier, Some(Modifier::AtLeast));
    assert_eq!(killed.text, "At least 14");
    assert_eq!(killed.category.as_deref(), Some("people"));
    let homes = find(&qs, |q| q.vague).expect("dozens of homes");
    assert_eq!(homes.counted.as_deref(), Some("homes"));
    assert_eq!((homes.low, homes.high), (Some(24.0), Some(99.0)));
    let money = find(&qs, |q| q.unit.as_deref() == Some("USD")).expect("$2.3bn");
    assert_eq!(money.low, Some(2.3e9));
    let meta = Meta {
        published: Some("2017-11-16".into()),
        ..Default::default()
    };
    let ts = times::extract(&doc, tlex(), &meta);
    assert!(
        ts.iter()
            .any(|t| t.text == "Tuesday" && t.value.as_deref() == Some("2017-11-14")),
        "{ts:#?}"
    );
}

#[test]
fn bbc_articles_spans_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bbc-news/business");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let mut n = 0;
    for p in files.iter().take(40) {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let doc = Doc::new(&text, "en");
        for q in quantities::extract(&doc, qlex()) {
            assert_eq!(q.span.slice(&text), q.text, "{}: {q:?}", p.display());
            n += 1;
        }
        for t in times::extract(&doc, tlex(), &Meta::default()) {
            assert_eq!(t.span.slice(&text), t.text, "{}: {t:?}", p.display());
        }
    }
    assert!(n > 100, "only {n} figures in 40 BBC business articles");
}

/// Found by CI's proptest run: a narrow no-break space after a digit, then a four-byte
/// character, sliced the text inside that character.
#[test]
fn narrow_space_before_a_wide_character() {
    for s in [
        "0\u{202f}\u{11357}",
        "12\u{2009}3𑍗",
        "1\u{202f}00€",
        "3\u{202f}500 km",
    ] {
        for lang in ["nl", "en"] {
            let doc = Doc::new(s, lang);
            for q in quantities::extract(&doc, qlex()) {
                assert_eq!(q.span.slice(s), q.text, "{s:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_panic_on_arbitrary_unicode(s in "\\PC{0,200}", lang in prop::sample::select(vec!["nl", "en", "de", "und"])) {
        let doc = Doc::new(&s, lang);
        for q in quantities::extract(&doc, qlex()) {
            prop_assert_eq!(q.span.slice(&s), q.text.as_str());
        }
        let meta = Meta { published: Some("2017-11-14T20:07:00".into()), ..Default::default() };
        for t in times::extract(&doc, tlex(), &meta) {
            prop_assert_eq!(t.span.slice(&s), t.text.as_str());
        }
    }

    #[test]
    fn no_panic_on_number_like_text(s in "[0-9 .,/:'$€%\u{a0}\u{202f}\u{2009}é𑍗–-]{0,12}(mei|may|uur|km|jaar|years|k|bn|e|st|u)?[0-9 .,/\u{202f}\u{2009}𑍗-]{0,8}", lang in prop::sample::select(vec!["nl", "en"])) {
        let doc = Doc::new(&s, lang);
        for q in quantities::extract(&doc, qlex()) {
            prop_assert_eq!(q.span.slice(&s), q.text.as_str());
        }
        for t in times::extract(&doc, tlex(), &Meta::default()) {
            prop_assert_eq!(t.span.slice(&s), t.text.as_str());
        }
    }
}
