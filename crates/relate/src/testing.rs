//! Test support: records in the analysers' contract, built by naming the words each item
//! covers, so relating can be tested without the analysers (and before they exist).

use dossier_model::{
    Entity, EntityType, Meta, Modifier, Place, Quantity, Quote, QuoteKind, Record, SourceRef, Span,
    TimeExpr, TimeKind,
};

/// The span of the `nth` occurrence of `needle` as whole words (`50` is not found in `250`);
/// panics when there is none (test input).
pub fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let b = occurrences(text, needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} (occurrence {nth}) not in text"));
    let s = text[..b].chars().count();
    Span(s, s + needle.chars().count())
}

/// Byte offsets where `needle` occurs as whole words.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(needle)
        .map(|(b, _)| b)
        .filter(move |&b| {
            boundary(text[..b].chars().next_back())
                && boundary(text[b + needle.len()..].chars().next())
        })
}

/// Builds a record: items are placed by the words they cover; figure settings apply to the
/// figure added last.
pub struct Builder {
    pub r: Record,
}

impl Builder {
    pub fn new(id: &str, lang: &str, text: &str) -> Self {
        let title = text.split("\n\n").next().map(str::to_string);
        Builder {
            r: Record {
                schema: dossier_model::SCHEMA.into(),
                id: id.into(),
                lang: lang.into(),
                text: text.into(),
                meta: Meta {
                    title,
                    ..Meta::default()
                },
                ..Default::default()
            },
        }
    }

    pub fn meta(mut self, publisher: &str, published: &str, credit: &[&str]) -> Self {
        self.r.meta.publisher = Some(publisher.into());
        self.r.meta.published = Some(published.into());
        self.r.meta.attributed_to = credit.iter().map(|c| c.to_string()).collect();
        self
    }

    /// An entity at every occurrence of `text`.
    pub fn entity(mut self, text: &str, kind: EntityType, id: &str, canonical: &str) -> Self {
        let found: Vec<usize> = occurrences(&self.r.text, text).collect();
        for b in found {
            let s = self.r.text[..b].chars().count();
            self.r.entities.push(Entity {
                span: Span(s, s + text.chars().count()),
                text: text.into(),
                kind,
                id: id.into(),
                canonical: canonical.into(),
                roles: vec![],
            });
        }
        self
    }

    /// A place (and its LOC entity) at every occurrence of `text`.
    pub fn place(mut self, text: &str, name: &str, geonames: u64) -> Self {
        let found: Vec<usize> = occurrences(&self.r.text, text).collect();
        for b in found {
            let s = self.r.text[..b].chars().count();
            let span = Span(s, s + text.chars().count());
            self.r.places.push(Place {
                span,
                text: text.into(),
                name: name.into(),
                country: None,
                lat: None,
                lon: None,
                geonames_id: Some(geonames),
                feature: Some("city".into()),
            });
            self.r.entities.push(Entity {
                span,
                text: text.into(),
                kind: EntityType::LOC,
                id: format!("geonames:{geonames}"),
                canonical: name.into(),
                roles: vec![],
            });
        }
        self
    }

    /// An exact figure at the `nth` occurrence of `text`.
    pub fn fig(mut self, text: &str, nth: usize, low: f64, high: f64) -> Self {
        let span = span_of(&self.r.text, text, nth);
        self.r.quantities.push(Quantity {
            span,
            text: text.into(),
            low: Some(low),
            high: Some(high),
            approx: false,
            vague: false,
            modifier: (low != high).then_some(Modifier::Range),
            unit: None,
            counted: None,
            category: None,
        });
        self
    }

    fn last(&mut self) -> &mut Quantity {
        self.r
            .quantities
            .last_mut()
            .expect("a figure was added before its settings")
    }

    pub fn about(mut self) -> Self {
        let q = self.last();
        q.approx = true;
        q.modifier = Some(Modifier::About);
        self
    }

    pub fn vague(mut self) -> Self {
        let q = self.last();
        q.vague = true;
        q.approx = true;
        q.modifier = None;
        self
    }

    pub fn modifier(mut self, m: Modifier) -> Self {
        self.last().modifier = Some(m);
        self
    }

    pub fn counted(mut self, c: &str) -> Self {
        self.last().counted = Some(c.into());
        self
    }

    pub fn unit(mut self, u: &str) -> Self {
        self.last().unit = Some(u.into());
        self
    }

    pub fn date(mut self, text: &str, value: &str) -> Self {
        let span = span_of(&self.r.text, text, 0);
        self.r.times.push(TimeExpr {
            span,
            text: text.into(),
            kind: TimeKind::Date,
            value: Some(value.into()),
        });
        self
    }

    pub fn source(mut self, text: &str, name: &str) -> Self {
        let span = span_of(&self.r.text, text, 0);
        self.r.sources.push(SourceRef {
            span,
            text: text.into(),
            name: name.into(),
        });
        self
    }

    pub fn quote(
        mut self,
        text: &str,
        kind: QuoteKind,
        speaker: &str,
        speaker_id: Option<&str>,
    ) -> Self {
        let span = span_of(&self.r.text, text, 0);
        self.r.quotes.push(Quote {
            span: Some(span),
            text: text.into(),
            speaker: Some(speaker.into()),
            speaker_id: speaker_id.map(str::to_string),
            speaker_role: None,
            kind,
            cue: None,
        });
        self
    }

    /// The record, its ids from its text as the pipeline gives them unless set.
    pub fn build(mut self) -> Record {
        if self.r.id.is_empty() {
            self.r.id = dossier_model::content_id(&self.r.text);
        }
        self.r.quantities.sort_by_key(|q| q.span.0);
        for (group, s, t) in self.r.spanned_items() {
            assert_eq!(s.slice(&self.r.text), t, "{group} span in a test record");
        }
        self.r
    }
}
