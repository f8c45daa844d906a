//! In-text sources: who the article says its information came from.
//!
//! A source is named by an attribution that is not a verbatim quote: `volgens Reuters`,
//! `according to the Syrian Observatory`, report verbs (`Dat heeft de BBC ontdekt`, `the BBC has
//! learned`, `meldt persbureau Belga`), and reported speech (`zo vertelden getuigen aan de
//! BBC`), where the listener is a source too when it is named (the BBC, which passed it on).
//! The cues are those of `data/lang/<code>/quotes.toml`. Each source's `name` is normalised:
//! determiners and descriptors dropped (`persbureau Belga` → `Belga`), a short name completed
//! from a longer one in the article (`Syrian Observatory` → `Syrian Observatory for Human
//! Rights`), and the entity's canonical name used when the NER stage found one.
//!
//! The cleaner's `meta.attributed_to` (`Bron: BBC`) is not part of `text`, so it cannot be a
//! spanned source; it stays in `meta`, where it already is.

use dossier_model::{Entity, EntityType, Meta, QuoteKind, SourceRef};
use dossier_text::Doc;

use crate::quotes::{CueKind, Finder, Np, QuoteLexicons, find_attributions};

/// Finds the in-text attributions of a document (`zo vertelden getuigen aan de BBC`).
pub fn extract(
    doc: &Doc,
    entities: &[Entity],
    _meta: &Meta,
    lex: &QuoteLexicons,
) -> Vec<SourceRef> {
    let lang = lex.for_lang(doc.lang);
    let f = Finder::new(doc, lang, entities);
    let mut out: Vec<SourceRef> = Vec::new();
    let push = |out: &mut Vec<SourceRef>, s: usize, e: usize, name: Option<String>| {
        let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
            return;
        };
        let Some((s, e)) = trim(doc.text, s, e) else {
            return;
        };
        let span = doc.span(s, e);
        if out.iter().any(|o| o.span == span) {
            return;
        }
        out.push(SourceRef {
            span,
            text: doc.text[s..e].to_string(),
            name,
        });
    };

    // Reported speech and `volgens X` clauses: the speaker, and a named listener (also of a
    // direct quote: `vertelde X aan de krant De Morgen`).
    let attributions = find_attributions(&f);
    for a in &attributions {
        if a.kind == QuoteKind::Indirect
            && !a.partial
            && let (Some(cue), Some(mention)) = (a.cue, a.speaker_mention)
        {
            let ci = doc.token_at(cue.0);
            let mut start = cue.0.min(mention.0);
            // `zo vertelden ...`: the inversion particle belongs to the phrase.
            if ci > 0 && f.lex_inversion(&f.lw[ci - 1]) {
                start = start.min(doc.tokens[ci - 1].start);
            }
            let mut end = cue.1.max(mention.1);
            if let Some(l) = a.listener {
                end = end.max(l.1);
            }
            let mi = doc.token_at(mention.0);
            let mj = doc.token_at(mention.1);
            // The resolved speaker's name (`Hij zegt` → `Karim El Amrani`), completed from a
            // longer name in the article (`Syrian Observatory for Human Rights`), else the
            // phrase's own.
            let own = (!pronoun_only(&f, mi, mj))
                .then(|| source_name(&f, mi, mj))
                .flatten();
            let name = match (a.speaker.clone(), own) {
                (Some(sp), Some(own)) if own.len() > sp.len() && own.starts_with(&sp) => Some(own),
                (Some(sp), _) => Some(sp),
                (None, own) => own,
            };
            push(&mut out, start, end, name);
        }
        if let Some(l) = a.listener {
            let li = doc.token_at(l.0);
            let lj = doc.token_at(l.1);
            if let Some(np) = listener_np(&f, li, lj)
                && np.name.is_some()
            {
                let (s, e) = f.bytes(np.first, np.last);
                push(&mut out, s, e, source_name(&f, np.first, np.last));
            }
        }
    }

    // Report verbs and prepositions not already part of reported speech: `Dat heeft de BBC
    // ontdekt`, `the BBC has learned`, `according to the Syrian Observatory`.
    for c in &f.cues {
        let g = f.group(c);
        if g.kind == CueKind::Speech {
            continue;
        }
        let (cs, ce) = f.bytes(c.first, c.last);
        if out.iter().any(|o| o.span.overlaps(doc.span(cs, ce))) {
            continue;
        }
        let sent = &doc.sentences[doc.sentence_of(c.first)];
        let np = match g.kind {
            CueKind::Prep => f.np_after(c.last, sent.last),
            _ => f
                .np_before(c.first, sent.first)
                .or_else(|| f.np_after(c.last, sent.last)),
        };
        let Some(np) = np else { continue };
        if np.pronoun.is_some() {
            continue;
        }
        // A report verb needs a named source or a known source word, not any noun.
        if g.kind == CueKind::Report && np.name.is_none() && np.roles.is_empty() {
            continue;
        }
        let (ns, ne) = f.bytes(np.first, np.last);
        push(
            &mut out,
            cs.min(ns),
            ce.max(ne),
            source_name(&f, np.first, np.last),
        );
    }
    out.sort_by_key(|s| s.span);
    out
}

fn pronoun_only(f: &Finder, first: usize, last: usize) -> bool {
    last == first + 1 && f.is_pronoun(first)
}

/// The noun phrase inside a listener phrase (`aan de BBC` → `de BBC`).
fn listener_np(f: &Finder, first: usize, last: usize) -> Option<Np> {
    let np = f.np_after(first, last);
    if np.is_some() {
        return np;
    }
    f.np_after(first + 1, last)
}

/// The normalised name of the source named by tokens `first..last`.
fn source_name(f: &Finder, first: usize, last: usize) -> Option<String> {
    let doc = f.doc;
    let (s, e) = f.bytes(first, last);
    let sp = doc.span(s, e);
    if let Some(en) = f
        .entities
        .iter()
        .filter(|en| en.kind != EntityType::LOC && en.span.overlaps(sp))
        // A named organisation or person is the source; a nationality adjective beside it
        // (`de Britse omroep BBC`) only describes it.
        .max_by_key(|en| {
            (
                matches!(en.kind, EntityType::ORG | EntityType::PER),
                en.span.len(),
            )
        })
    {
        return Some(if en.canonical.is_empty() {
            en.text.clone()
        } else {
            en.canonical.clone()
        });
    }
    // Drop determiners and descriptors before the name (`het persbureau Belga`).
    // The name inside the phrase (`de Britse omroep BBC` → `BBC`), completed from a longer
    // one in the article.
    if let Some(np) = f.np_after(first, last)
        && let Some((ns, ne)) = np.name
    {
        let name = f.text_of(ns, ne).to_string();
        return Some(f.longer_name(ns, ne).unwrap_or(name));
    }
    // A capitalised determiner inside the phrase belongs to a name (`de krant De Morgen`).
    let skippable = |k: usize| f.is_descriptor(k) && (k == first || !f.is_capitalised(k));
    let mut k = first;
    while k + 1 < last && skippable(k) {
        k += 1;
    }
    if k < last && skippable(k) && k + 1 == last {
        return Some(f.text_of(k, last).to_string());
    }
    let name = f.text_of(k, last).to_string();
    Some(f.longer_name(k, last).unwrap_or(name))
}

/// Trims spaces and punctuation from the ends of a byte range.
fn trim(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let slice = text.get(s..e)?;
    let t = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';');
    let left = slice.len() - slice.trim_start_matches(t).len();
    let right = slice.trim_end_matches(t).len();
    (right > left).then_some((s + left, s + right))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::tests::lexicons;

    fn sources(text: &str, lang: &str) -> Vec<SourceRef> {
        let doc = Doc::new(text, lang);
        extract(&doc, &[], &Meta::default(), lexicons())
    }

    fn check_spans(text: &str, found: &[SourceRef]) {
        for s in found {
            assert_eq!(s.span.slice(text), s.text, "{s:?}");
        }
    }

    #[test]
    fn witnesses_told_the_bbc() {
        let t = "De stoet was zes tot zeven kilometer lang en bestond uit vijftig vrachtwagens, zo vertelden getuigen aan de BBC.";
        let found = sources(t, "nl");
        check_spans(t, &found);
        assert!(
            found
                .iter()
                .any(|s| s.name == "getuigen" && s.text == "zo vertelden getuigen aan de BBC"),
            "{found:?}"
        );
        assert!(
            found.iter().any(|s| s.name == "BBC" && s.text == "de BBC"),
            "{found:?}"
        );
    }

    #[test]
    fn report_verbs_and_prepositions() {
        let t = "Zo'n 250 IS-strijders hebben Raqqa kunnen verlaten. Dat heeft de BBC ontdekt.";
        let found = sources(t, "nl");
        check_spans(t, &found);
        assert!(
            found
                .iter()
                .any(|s| s.name == "BBC" && s.text == "de BBC ontdekt"),
            "{found:?}"
        );

        let t = "Drie doden, meldt persbureau Belga. Volgens Reuters is de grens dicht.";
        let found = sources(t, "nl");
        check_spans(t, &found);
        assert!(found.iter().any(|s| s.name == "Belga"), "{found:?}");
        assert!(
            found
                .iter()
                .any(|s| s.name == "Reuters" && s.text == "Volgens Reuters"),
            "{found:?}"
        );

        let t = "The Syrian Observatory for Human Rights monitors the war. At least 20 people died, according to the Syrian Observatory. The BBC has learned that the deal was secret.";
        let found = sources(t, "en");
        check_spans(t, &found);
        assert!(
            found
                .iter()
                .any(|s| s.name == "Syrian Observatory for Human Rights"
                    && s.text == "according to the Syrian Observatory"),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|s| s.name == "BBC" && s.text.contains("has learned")),
            "{found:?}"
        );
    }

    #[test]
    fn entities_give_the_canonical_name() {
        let t = "Volgens de Britse omroep is de deal geheim gebleven.";
        let doc = Doc::new(t, "nl");
        let b = t.find("de Britse omroep").unwrap();
        let e = b + "de Britse omroep".len();
        let ent = Entity {
            span: doc.span(b, e),
            text: "de Britse omroep".into(),
            kind: EntityType::ORG,
            id: "org:bbc".into(),
            canonical: "BBC".into(),
            roles: vec![],
        };
        let found = extract(&doc, &[ent], &Meta::default(), lexicons());
        assert!(found.iter().any(|s| s.name == "BBC"), "{found:?}");
    }
}
