//! The Raqqa story across outlets and languages, relating hand-annotated records: the real HLN
//! article and the constructed relays of `data/demo/` (German, French, Dutch, English; a lorry
//! driver's "about 4,000 people"; the coalition's statement), with their entities, figures,
//! sources and quotes marked as the analysers' contract has them. These tests therefore do not
//! depend on the analysers; `crates/cli/tests/relate_demo.rs` runs the same story through them.

use dossier_model::{EntityType as T, Modifier, QuoteKind as Q, Record};
use dossier_relate::report::{self, ClaimFilter, ClaimListing};
use dossier_relate::testing::Builder;
use dossier_relate::{ClaimGroup, Relator, Verdict};
use dossier_store::{RelationStore, SqliteRelations};

const RAQQA: u64 = 163_915;
const SYRIA: u64 = 163_843;
const TURKEY: u64 = 298_795;

fn common(b: Builder) -> Builder {
    // Names the alias table and gazetteer resolve, wherever they occur.
    b.entity("IS", T::ORG, "org:islamic-state", "Islamic State")
        .entity("BBC", T::ORG, "org:bbc", "BBC")
}

fn hln() -> Record {
    let text = "Honderden IS-strijders en hun families kregen gewapende aftocht uit Raqqa dankzij geheime deal\n\n\
Zo'n 250 IS-strijders en 3.500 familieleden hebben, dankzij een geheime deal, Raqqa kunnen verlaten onder het oog van de door de VS geleide coalitie en de Koerdische strijdkrachten die de Syrische stad in hun controle hebben. Dat heeft de BBC ontdekt.\n\n\
Een gewapend konvooi met enkele van de beruchtste IS-leden, tientallen buitenlandse strijders en massa's wapens en munitie verliet midden oktober de Syrische stad Raqqa, de hoofdstad van het zelfverklaarde kalifaat. De stoet was zes tot zeven kilometer lang en bestond uit vijftig vrachtwagens, dertien bussen en meer dan honderd voertuigen van IS, zo vertelden getuigen aan de BBC.\n\n\
Maar dankzij de deal konden honderden IS-strijders de stad ontvluchten. Velen van hen hebben zich intussen verspreid over heel Syrië; sommigen geraakten zelfs tot in Turkije.\n\n\
Zwijggeld\n\n\
Het was de bedoeling dat de deal geheim zou blijven. Noch de coalitie tegen IS, noch de Syrische Democratische Strijdkrachten gaven aanvankelijk hun aandeel toe. Tientallen vrachtwagenchauffeurs die aan het konvooi deelnamen, ontvingen duizenden dollars zwijggeld.\n\n\
De BBC sprak echter met tientallen mensen die getuige waren van het konvooi of er zelf aan deelnamen, en met de mannen die de deal onderhandelden. Hiermee geconfronteerd heeft de coalitie haar rol toegegeven. In totaal mochten zo'n 250 IS-strijders en 3.500 familieleden Raqqa verlaten.\n\n\
\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon, woordvoerder van de westerse coalitie tegen IS. \"Maar dit gaat terug tot het hart van onze strategie: 'door, met en via' lokale leiders op het terrein. Het komt aan op de Syriërs. Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen met betrekking tot de operaties.\"";
    let mut b = common(Builder::new("hln", "nl", text))
        .entity("Ryan Dillon", T::PER, "per:ryan-dillon", "Ryan Dillon")
        .entity("Syrische Democratische Strijdkrachten", T::ORG, "org:syrian-democratic-forces", "Syrian Democratic Forces")
        .place("Raqqa", "Raqqa", RAQQA)
        .place("Syrië", "Syria", SYRIA)
        .place("Turkije", "Turkey", TURKEY)
        .fig("Honderden", 0, 200.0, 999.0).vague().counted("IS-strijders")
        .fig("Zo'n 250", 0, 250.0, 250.0).about().counted("IS-strijders")
        .fig("3.500", 0, 3500.0, 3500.0).counted("familieleden")
        .fig("tientallen", 0, 24.0, 99.0).vague().counted("buitenlandse strijders")
        .fig("zes tot zeven kilometer", 0, 6.0, 7.0).unit("km")
        .fig("vijftig", 0, 50.0, 50.0).counted("vrachtwagens")
        .fig("dertien", 0, 13.0, 13.0).counted("bussen")
        .fig("meer dan honderd", 0, 100.0, 100.0).modifier(Modifier::MoreThan).counted("voertuigen")
        .fig("honderden", 0, 200.0, 999.0).vague().counted("IS-strijders")
        .fig("Tientallen", 0, 24.0, 99.0).vague().counted("vrachtwagenchauffeurs")
        .fig("duizenden dollars", 0, 2000.0, 9999.0).vague().unit("USD")
        .fig("tientallen", 1, 24.0, 99.0).vague().counted("mensen")
        .fig("zo'n 250", 0, 250.0, 250.0).about().counted("IS-strijders")
        .fig("3.500", 1, 3500.0, 3500.0).counted("familieleden")
        .date("midden oktober", "2017-10")
        .source("Dat heeft de BBC ontdekt", "BBC")
        .source("zo vertelden getuigen aan de BBC", "BBC")
        .source("De BBC sprak echter met tientallen mensen", "BBC")
        .quote("We wilden niet dat er iemand vertrok", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"))
        .quote("Maar dit gaat terug tot het hart van onze strategie: 'door, met en via' lokale leiders op het terrein. Het komt aan op de Syriërs. Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen met betrekking tot de operaties.", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"));
    b.r.meta.attributed_to = vec!["BBC".into()];
    b.r.meta.published_time = Some("20:07".into());
    b.r.source.uri = Some("data/demo/hln_nl_raqqa_convoy.txt".into());
    b.build()
}

fn wire_en() -> Record {
    let text = "Secret deal let IS fighters leave Raqqa, BBC finds\n\n\
About 250 Islamic State fighters and 3,500 of their family members were allowed to leave Raqqa under a secret deal in October, according to a BBC investigation.\n\n\
A convoy of 50 trucks, 13 buses and more than 100 of the group's own vehicles, stretching six to seven kilometres, left the Syrian city in mid-October, drivers and witnesses told the BBC.\n\n\
The deal was negotiated by local officials after four months of fighting. The US-led coalition and the Syrian Democratic Forces (SDF), a Kurdish-led alliance, initially denied any part in it. Dozens of lorry drivers were paid thousands of dollars to keep quiet.\n\n\
\"We didn't want anyone to leave,\" said Col. Ryan Dillon, a spokesman for the coalition. \"But this goes to the heart of our strategy, 'by, with and through' local leaders on the ground.\"\n\n\
Some of those who left are believed to have reached Turkey.";
    common(Builder::new("wire", "en", text))
        .meta("World Wire", "2017-11-14T09:30:00+00:00", &[])
        .entity("Islamic State", T::ORG, "org:islamic-state", "Islamic State")
        .entity("Syrian Democratic Forces", T::ORG, "org:syrian-democratic-forces", "Syrian Democratic Forces")
        .entity("SDF", T::ORG, "org:syrian-democratic-forces", "Syrian Democratic Forces")
        .entity("Ryan Dillon", T::PER, "per:ryan-dillon", "Ryan Dillon")
        .place("Raqqa", "Raqqa", RAQQA)
        .place("Turkey", "Turkey", TURKEY)
        .fig("About 250", 0, 250.0, 250.0).about().counted("Islamic State fighters")
        .fig("3,500", 0, 3500.0, 3500.0).counted("family members")
        .fig("50", 0, 50.0, 50.0).counted("trucks")
        .fig("13", 0, 13.0, 13.0).counted("buses")
        .fig("more than 100", 0, 100.0, 100.0).modifier(Modifier::MoreThan).counted("vehicles")
        .fig("six to seven kilometres", 0, 6.0, 7.0).unit("km")
        .fig("Dozens", 0, 24.0, 99.0).vague().counted("lorry drivers")
        .fig("thousands of dollars", 0, 2000.0, 9999.0).vague().unit("USD")
        .date("in October", "2017-10")
        .source("according to a BBC investigation", "BBC")
        .source("drivers and witnesses told the BBC", "BBC")
        .quote("We didn't want anyone to leave,", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"))
        .quote("But this goes to the heart of our strategy, 'by, with and through' local leaders on the ground.", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"))
        .build()
}

fn nachrichten_de() -> Record {
    let text = "Geheimer Deal: Hunderte IS-Kämpfer durften Rakka verlassen\n\n\
Rund 250 IS-Kämpfer und etwa 3500 Angehörige haben die syrische Stadt Rakka im Oktober im Rahmen einer geheimen Vereinbarung verlassen. Das berichtet die BBC unter Berufung auf Fahrer und Augenzeugen.\n\n\
Der Konvoi sei sechs bis sieben Kilometer lang gewesen und habe aus 50 Lastwagen, 13 Bussen und mehr als 100 Fahrzeugen der Terrormiliz bestanden. Die von den USA geführte Koalition habe ihre Rolle zunächst bestritten.\n\n\
\"Wir wollten nicht, dass jemand geht\", sagte Koalitionssprecher Oberst Ryan Dillon der BBC.";
    common(Builder::new("de", "de", text))
        .meta("Nachrichten Beispiel", "2017-11-14T11:05:00+01:00", &[])
        .entity("Ryan Dillon", T::PER, "per:ryan-dillon", "Ryan Dillon")
        .place("Rakka", "Raqqa", RAQQA)
        .fig("Hunderte", 0, 200.0, 999.0)
        .vague()
        .counted("IS-Kämpfer")
        .fig("Rund 250", 0, 250.0, 250.0)
        .about()
        .counted("IS-Kämpfer")
        .fig("etwa 3500", 0, 3500.0, 3500.0)
        .about()
        .counted("Angehörige")
        .fig("sechs bis sieben Kilometer", 0, 6.0, 7.0)
        .unit("km")
        .fig("50", 0, 50.0, 50.0)
        .counted("Lastwagen")
        .fig("13", 0, 13.0, 13.0)
        .counted("Bussen")
        .fig("mehr als 100", 0, 100.0, 100.0)
        .modifier(Modifier::MoreThan)
        .counted("Fahrzeugen")
        .source("Das berichtet die BBC", "BBC")
        .quote(
            "Wir wollten nicht, dass jemand geht",
            Q::Direct,
            "Ryan Dillon",
            Some("per:ryan-dillon"),
        )
        .build()
}

fn actu_fr() -> Record {
    // The French relay as the analysers might see it without French source cues: nothing
    // credits the BBC in the record, so its origin can only be inferred.
    let text = "Raqqa : un accord secret a permis à des centaines de jihadistes de fuir\n\n\
Quelque 250 combattants du groupe État islamique et 3 500 membres de leurs familles ont pu quitter Raqqa en octobre grâce à un accord secret, selon une enquête de la BBC.\n\n\
Le convoi, long de six à sept kilomètres, comptait une cinquantaine de camions et treize bus, selon des chauffeurs interrogés par la chaîne britannique. Les Forces démocratiques syriennes (FDS) et la coalition menée par les États-Unis ont d'abord nié y avoir pris part.\n\n\
« Nous ne voulions pas que quiconque parte », a déclaré le colonel Ryan Dillon, porte-parole de la coalition.";
    common(Builder::new("fr", "fr", text))
        .meta("Actu Exemple", "2017-11-14T12:40:00+01:00", &[])
        .entity(
            "État islamique",
            T::ORG,
            "org:islamic-state",
            "Islamic State",
        )
        .entity(
            "Forces démocratiques syriennes",
            T::ORG,
            "org:forces-democratiques-syriennes",
            "Forces démocratiques syriennes",
        )
        .entity("Ryan Dillon", T::PER, "per:ryan-dillon", "Ryan Dillon")
        .place("Raqqa", "Raqqa", RAQQA)
        .fig("des centaines", 0, 200.0, 999.0)
        .vague()
        .counted("jihadistes")
        .fig("Quelque 250", 0, 250.0, 250.0)
        .about()
        .counted("combattants")
        .fig("3 500", 0, 3500.0, 3500.0)
        .counted("membres de leurs familles")
        .fig("six à sept kilomètres", 0, 6.0, 7.0)
        .unit("km")
        .fig("une cinquantaine", 0, 50.0, 50.0)
        .about()
        .counted("camions")
        .fig("treize", 0, 13.0, 13.0)
        .counted("bus")
        .quote(
            "Nous ne voulions pas que quiconque parte",
            Q::Direct,
            "le colonel Ryan Dillon",
            Some("per:ryan-dillon"),
        )
        .build()
}

fn driver_en() -> Record {
    let text = "Lorry driver: 'about 4,000 people' left Raqqa in convoy\n\n\
A lorry driver who took part in the convoy out of Raqqa has said that about 4,000 people left the city, far more than the coalition has acknowledged.\n\n\
\"We took out around 4,000 people including women and children,\" the driver, who asked not to be named, told the newspaper. He said the convoy was guarded by fighters and that the drivers were paid thousands of dollars.\n\n\
The coalition says about 250 fighters and 3,500 family members were evacuated under a deal negotiated by local officials.";
    Builder::new("driver", "en", text)
        .meta("Daily Example", "2017-11-15T08:00:00+00:00", &[])
        .place("Raqqa", "Raqqa", RAQQA)
        .fig("about 4,000", 0, 4000.0, 4000.0)
        .about()
        .counted("people")
        .fig("about 4,000", 1, 4000.0, 4000.0)
        .about()
        .counted("people")
        .fig("around 4,000", 0, 4000.0, 4000.0)
        .about()
        .counted("people")
        .fig("thousands of dollars", 0, 2000.0, 9999.0)
        .vague()
        .unit("USD")
        .fig("about 250", 0, 250.0, 250.0)
        .about()
        .counted("fighters")
        .fig("3,500", 0, 3500.0, 3500.0)
        .counted("family members")
        .quote(
            "We took out around 4,000 people including women and children,",
            Q::Direct,
            "the driver",
            None,
        )
        .quote(
            "that about 4,000 people left the city",
            Q::Indirect,
            "A lorry driver",
            None,
        )
        .source("The coalition says", "The coalition")
        .build()
}

fn coalition_en() -> Record {
    let text = "Coalition admits role in Raqqa evacuation deal\n\n\
The US-led coalition against the Islamic State group has acknowledged that it was aware of the deal that let fighters leave Raqqa.\n\n\
\"We didn't want anyone to leave,\" coalition spokesman Col. Ryan Dillon said in a statement. \"It comes down to the Syrians. They are the ones fighting and dying, and they get to make the decisions regarding operations.\"\n\n\
Dillon said only four foreign fighters had been among those who left, a figure that witnesses dispute.";
    let b = Builder::new("coalition", "en", text)
        .meta("Daily Example", "2017-11-15T17:20:00+00:00", &[])
        .entity("Islamic State", T::ORG, "org:islamic-state", "Islamic State")
        .entity("Ryan Dillon", T::PER, "per:ryan-dillon", "Ryan Dillon")
        .place("Raqqa", "Raqqa", RAQQA)
        .fig("four", 0, 4.0, 4.0).counted("foreign fighters")
        .quote("We didn't want anyone to leave,", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"))
        .quote("It comes down to the Syrians. They are the ones fighting and dying, and they get to make the decisions regarding operations.", Q::Direct, "Ryan Dillon", Some("per:ryan-dillon"))
        .quote("only four foreign fighters had been among those who left", Q::Indirect, "Dillon", Some("per:dillon"));
    // The surname alone, as a tagger that did not link it to the full name would give it.
    let mut r = b.build();
    let s = dossier_relate::testing::span_of(&r.text, "Dillon said", 0);
    r.entities.push(dossier_model::Entity {
        span: dossier_model::Span(s.0, s.0 + 6),
        text: "Dillon".into(),
        kind: T::PER,
        id: "per:dillon".into(),
        canonical: "Dillon".into(),
        roles: vec![],
    });
    r
}

fn nieuws_nl() -> Record {
    let text = "BBC: honderden IS-strijders konden Raqqa verlaten via geheime deal\n\n\
Ongeveer 250 IS-strijders en zo'n 3500 familieleden hebben in oktober de Syrische stad Raqqa mogen verlaten. Dat meldt de Britse omroep BBC op basis van gesprekken met chauffeurs en getuigen.\n\n\
Volgens de BBC bestond het konvooi uit 47 vrachtwagens, 13 bussen en meer dan honderd voertuigen van Islamitische Staat. Tientallen chauffeurs zouden duizenden dollars hebben gekregen om te zwijgen.\n\n\
De door de Verenigde Staten geleide coalitie erkent inmiddels dat ze van de deal op de hoogte was.";
    common(Builder::new("nieuws", "nl", text))
        .meta("Nieuws Voorbeeld", "2017-11-14T07:45:00+01:00", &[])
        .entity(
            "Islamitische Staat",
            T::ORG,
            "org:islamic-state",
            "Islamic State",
        )
        .place("Raqqa", "Raqqa", RAQQA)
        .fig("honderden", 0, 200.0, 999.0)
        .vague()
        .counted("IS-strijders")
        .fig("Ongeveer 250", 0, 250.0, 250.0)
        .about()
        .counted("IS-strijders")
        .fig("zo'n 3500", 0, 3500.0, 3500.0)
        .about()
        .counted("familieleden")
        .fig("47", 0, 47.0, 47.0)
        .counted("vrachtwagens")
        .fig("13", 0, 13.0, 13.0)
        .counted("bussen")
        .fig("meer dan honderd", 0, 100.0, 100.0)
        .modifier(Modifier::MoreThan)
        .counted("voertuigen")
        .fig("Tientallen", 0, 24.0, 99.0)
        .vague()
        .counted("chauffeurs")
        .fig("duizenden dollars", 0, 2000.0, 9999.0)
        .vague()
        .unit("USD")
        .source("Dat meldt de Britse omroep BBC", "BBC")
        .source("Volgens de BBC", "BBC")
        .build()
}

/// An article about something else entirely.
fn elsewhere() -> Record {
    let text = "Earthquake shakes northern Japan\n\n\
A magnitude 6.1 earthquake struck off the coast of Hokkaido on Tuesday, Japan's Meteorological Agency said. About 1,200 homes lost power in Sapporo and trains were halted.";
    Builder::new("quake", "en", text)
        .meta("World Wire", "2017-11-21T03:10:00+00:00", &[])
        .entity(
            "Meteorological Agency",
            T::ORG,
            "org:japan-meteorological-agency",
            "Japan Meteorological Agency",
        )
        .place("Hokkaido", "Hokkaido", 2_130_037)
        .place("Sapporo", "Sapporo", 2_128_295)
        .place("Japan", "Japan", 1_861_060)
        .fig("About 1,200", 0, 1200.0, 1200.0)
        .about()
        .counted("homes")
        .build()
}

fn raqqa() -> Vec<Record> {
    vec![
        hln(),
        wire_en(),
        nachrichten_de(),
        actu_fr(),
        driver_en(),
        coalition_en(),
        nieuws_nl(),
    ]
}

fn related(records: &[Record]) -> SqliteRelations {
    let mut db = SqliteRelations::open_in_memory().expect("in-memory store");
    Relator::new(&mut db)
        .expect("lexicon")
        .update(records)
        .expect("relating");
    db
}

fn groups(db: &SqliteRelations) -> Vec<ClaimGroup> {
    report::claims(db, &ClaimFilter::default())
        .expect("claims")
        .into_iter()
        .filter_map(|c| match c {
            ClaimListing::Figure { group, .. } => Some(group),
            _ => None,
        })
        .collect()
}

fn group<'g>(gs: &'g [ClaimGroup], concept: &str) -> &'g ClaimGroup {
    let mut found: Vec<&ClaimGroup> = gs.iter().filter(|g| g.concept == concept).collect();
    found.sort_by_key(|g| std::cmp::Reverse(g.claims.len()));
    found.first().copied().unwrap_or_else(|| {
        panic!(
            "no {concept} group in {:#?}",
            gs.iter().map(|g| &g.key).collect::<Vec<_>>()
        )
    })
}

#[test]
fn the_relays_in_four_languages_are_one_story() {
    let db = related(&raqqa());
    let stories = report::stories(&db, 10, 0).unwrap();
    assert_eq!(stories.len(), 1, "{stories:#?}");
    let s = &stories[0];
    assert_eq!(s.articles, 7);
    let langs: Vec<&str> = s
        .summary
        .languages
        .iter()
        .map(|(l, _)| l.as_str())
        .collect();
    for l in ["nl", "en", "de", "fr"] {
        assert!(langs.contains(&l), "{langs:?}");
    }
    assert_eq!(s.summary.places[0].name, "Raqqa");
    let actors: Vec<&str> = s.summary.actors.iter().map(|a| a.name.as_str()).collect();
    assert!(
        actors.contains(&"Ryan Dillon") && actors.contains(&"Islamic State"),
        "{actors:?}"
    );
    assert_eq!(s.first.as_deref(), Some("2017-11-14T07:45:00+01:00"));
}

#[test]
fn fighters_and_relatives_agree_with_the_bbc_as_one_origin() {
    let db = related(&raqqa());
    let gs = groups(&db);
    for concept in ["fighters", "family-members"] {
        let g = group(&gs, concept);
        assert!(
            matches!(g.verdict, Verdict::Corroborated | Verdict::Consistent),
            "{concept}: {:?} {}",
            g.verdict,
            g.reason
        );
        // Five outlets relay the BBC's figures (the French one without crediting it in a way
        // the analysers saw): one origin, not five.
        let bbc = g
            .origins
            .iter()
            .find(|o| o.label == "BBC")
            .unwrap_or_else(|| panic!("{concept}: no BBC origin in {:#?}", g.origins));
        assert!(bbc.outlets.len() >= 5, "{concept}: {:#?}", g.origins);
        let outlets: std::collections::HashSet<&str> =
            g.claims.iter().map(|c| c.outlet.as_str()).collect();
        assert!(
            g.independent_origins < outlets.len(),
            "{concept}: {} origins for {} outlets",
            g.independent_origins,
            outlets.len()
        );
        assert_eq!(g.independent_origins, 2, "{concept}: {:#?}", g.origins);
    }
    let f = group(&gs, "fighters");
    assert_eq!(f.actor.as_deref(), Some("org:islamic-state"));
    assert!(
        f.subject.starts_with("Islamic State fighters who left"),
        "{}",
        f.subject
    );
}

#[test]
fn about_4000_people_contradicts_the_fighters_and_relatives_with_its_source() {
    let db = related(&raqqa());
    let gs = groups(&db);
    let g = group(&gs, "people");
    assert_eq!(g.verdict, Verdict::Contradicted, "{}", g.reason);
    let big = g
        .positions
        .iter()
        .find(|p| p.values.iter().any(|v| v == "about 4,000"))
        .unwrap_or_else(|| panic!("{:#?}", g.positions));
    assert_eq!(big.outlets, vec!["Daily Example"]);
    // Its source: the lorry driver the article quotes.
    let chains: Vec<&Vec<String>> = big.claims.iter().map(|&i| &g.claims[i].chain).collect();
    assert!(
        chains
            .iter()
            .any(|c| c.iter().any(|l| l.contains("driver"))),
        "{chains:?}"
    );
    // The other side: the parts added up, from the BBC's relays.
    let total = g
        .positions
        .iter()
        .find(|p| p.values.iter().any(|v| v.contains("3,750")))
        .unwrap_or_else(|| panic!("{:#?}", g.positions));
    assert!(total.origins.contains(&"BBC".to_string()), "{total:#?}");
    let parts = &g.claims[total.claims[0]].parts;
    assert_eq!(parts.len(), 2, "{parts:?}");
    // The dozens of people the BBC spoke to are no part of it.
    assert!(
        gs.iter()
            .any(|g| g.concept == "people" && g.event.as_deref() == Some("interview"))
    );
}

#[test]
fn other_conflicts_surface_too() {
    let gs = groups(&related(&raqqa()));
    // The coalition's "only four foreign fighters" against the witnesses' dozens.
    let ff = group(&gs, "foreign-fighters");
    assert_eq!(ff.verdict, Verdict::Contradicted);
    // One relay's 47 lorries against everyone else's 50: a relay error within one origin.
    let t = group(&gs, "trucks");
    assert_eq!(t.verdict, Verdict::Contradicted);
    assert_eq!(t.independent_origins, 1);
    // The 13 buses, repeated by four outlets, rest on the BBC alone.
    let b = group(&gs, "buses");
    assert_eq!(b.verdict, Verdict::SingleSource, "{:#?}", b.origins);
    let d = gs
        .iter()
        .find(|g| g.concept == "distance:km")
        .expect("distance group");
    assert_eq!(d.verdict, Verdict::SingleSource);
}

#[test]
fn the_spokesmans_quotes_are_one_speaker_across_languages() {
    let db = related(&raqqa());
    let quotes: Vec<_> = report::claims(&db, &ClaimFilter::default())
        .unwrap()
        .into_iter()
        .filter_map(|c| match c {
            ClaimListing::Quote { group, .. } => Some(group),
            _ => None,
        })
        .collect();
    let dillon = quotes
        .iter()
        .find(|q| q.speaker_key == "per:ryan-dillon")
        .expect("Dillon's quotes");
    let mut langs = dillon.languages.clone();
    langs.sort();
    assert_eq!(langs, vec!["de", "en", "fr", "nl"]);
    // "We didn't want anyone to leave" in four languages is one statement.
    let first = dillon
        .statements
        .iter()
        .find(|s| {
            s.quotes
                .iter()
                .any(|q| q.text.starts_with("We didn't want"))
        })
        .unwrap();
    let mut l = first.languages.clone();
    l.sort();
    assert_eq!(l, vec!["de", "en", "fr", "nl"], "{:#?}", dillon.statements);
    // The surname alone in the coalition's article is the same man.
    assert!(dillon.statements.iter().any(|s| {
        s.quotes
            .iter()
            .any(|q| q.text.contains("four foreign fighters"))
    }));
    assert!(quotes.iter().all(|q| q.speaker_key != "per:dillon"));
}

#[test]
fn entities_resolve_across_articles() {
    let db = related(&raqqa());
    let e = report::entity(&db, "Dillon").unwrap().expect("Dillon");
    assert_eq!(e.id, "per:ryan-dillon");
    assert!(e.ids.contains(&"per:dillon".to_string()), "{:?}", e.ids);
    assert!(!e.quotes_by.is_empty());
    assert_eq!(e.articles, 6);
    // `Forces démocratiques syriennes (FDS)`: the acronym is learned from the article.
    let aliases = db.aliases().unwrap();
    assert!(
        aliases
            .iter()
            .any(|a| a.alias == "name:fds" && a.target == "org:forces-democratiques-syriennes")
    );
    let claims = report::claims(
        &db,
        &ClaimFilter {
            entity: Some("Islamic State".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!claims.is_empty());
    let contradicted = report::claims(
        &db,
        &ClaimFilter {
            contradicted: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(contradicted.len() >= 3);
}

#[test]
fn a_new_article_updates_one_story_and_an_unrelated_one_starts_another() {
    let mut all = raqqa();
    let last = all.pop().unwrap();
    let mut db = related(&all);
    let before = report::stories(&db, 10, 0).unwrap();
    assert_eq!(before.len(), 1);
    let mut relator = Relator::new(&mut db).unwrap();
    let s = relator.update(std::slice::from_ref(&last)).unwrap();
    assert_eq!((s.joined, s.new_stories), (1, 0));
    assert_eq!(s.touched, vec![before[0].id]);
    // The same article again changes nothing.
    let again = relator.update(std::slice::from_ref(&last)).unwrap();
    assert_eq!((again.articles, again.skipped), (0, 1));
    let s = relator.update(&[elsewhere()]).unwrap();
    assert_eq!(s.new_stories, 1);
    assert!(!s.touched.contains(&before[0].id));
    let after = report::stories(&db, 10, 0).unwrap();
    assert_eq!(after.len(), 2);
    let raqqa = after.iter().find(|x| x.id == before[0].id).unwrap();
    assert_eq!(raqqa.articles, 7);
    // The trucks contradiction appears only with the relay that brought it.
    let t = report::story(&db, before[0].id).unwrap().unwrap();
    assert!(
        t.claims
            .iter()
            .any(|g| g.concept == "trucks" && g.verdict == Verdict::Contradicted)
    );
    assert_eq!(t.timeline.len(), 7);
}

#[test]
fn order_of_arrival_does_not_change_the_story() {
    let mut recs = raqqa();
    recs.reverse();
    let mut db = SqliteRelations::open_in_memory().unwrap();
    let mut relator = Relator::new(&mut db).unwrap();
    for r in &recs {
        relator.update(std::slice::from_ref(r)).unwrap();
    }
    assert_eq!(report::stories(&db, 10, 0).unwrap().len(), 1);
    let gs = groups(&db);
    assert_eq!(group(&gs, "people").verdict, Verdict::Contradicted);
}
