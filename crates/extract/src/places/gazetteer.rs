//! The compiled gazetteer (`data/gazetteer/*.tsv`, built by `cargo xtask build-gazetteer`) and
//! the per-language place rules (`data/lang/<code>/places.toml`), loaded once.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use dossier_text::{DataError, data_dir, load_toml, read_data};
use serde::Deserialize;

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    Country,
    Continent,
    Region,
    City,
}

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Continent => "continent",
            Feature::Region => "region",
            Feature::City => "city",
        }
    }
}

/// One place: a GeoNames entry, or an ISO 3166-2 subdivision or curated region without one.
#[derive(Clone, Debug)]
pub struct GazPlace {
    /// Stable id: `geonames:163843`, `iso3166-2:BE-VLG`, `region:kurdistan`.
    pub id: String,
    pub feature: Feature,
    /// ISO 3166-1 alpha-2 code; empty for continents and cross-border regions.
    pub country: String,
    /// GeoNames admin1 code (US state code for US places); empty when unknown.
    pub admin1: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
    /// Canonical (English or GeoNames) name.
    pub name: String,
    /// A country's capital city.
    pub capital: bool,
}

impl GazPlace {
    pub fn geonames_id(&self) -> Option<u64> {
        self.id.strip_prefix("geonames:")?.parse().ok()
    }
}

/// How a name names its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// A main or official name (`Syrië`, `Raqqa` is not one: GeoNames calls it `Ar Raqqah`).
    Name,
    /// A GeoNames alternate name (`Raqqa`, `Parijs`).
    Alt,
    /// An adjective or inhabitant noun (`Syrische`, `Iraqi`).
    Demonym,
}

/// One reading of a name: which place, in which language (`None` for any).
#[derive(Clone, Copy, Debug)]
pub struct NameRef {
    pub place: u32,
    pub lang: Option<u8>,
    pub kind: NameKind,
}

#[derive(Deserialize, Default)]
struct LangFile {
    #[serde(default)]
    locative_prepositions: Vec<String>,
    #[serde(default)]
    common_words: Vec<String>,
    #[serde(default)]
    region_words: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RolesTitles {
    #[serde(default)]
    titles: Vec<String>,
}

/// Per-language place rules.
#[derive(Debug, Default)]
pub struct LangPlaces {
    /// Lower-cased words that announce a place (`in`, `uit`, `near`).
    pub locatives: HashSet<String>,
    /// Capitalised names that are usually ordinary words in this language (`Bron`, `Nice`).
    pub common: HashSet<String>,
    /// Lower-cased person titles (`kolonel`, `president`): a name after one is a person's.
    pub titles: HashSet<String>,
    /// Lower-cased words that make the next name a region (`staat`, `province`).
    pub region_words: HashSet<String>,
}

/// The gazetteer: places, their names in several languages, and the rules per language.
#[derive(Default)]
pub struct Gazetteer {
    pub places: Vec<GazPlace>,
    names: HashMap<String, Vec<NameRef>>,
    by_id: HashMap<String, u32>,
    countries: HashMap<String, u32>,
    langs: Vec<String>,
    rules: HashMap<String, LangPlaces>,
    /// For the first word of every name (`Washington` of `Washington, D.C.`), the most words a
    /// name starting with it has: lets the matcher skip every other token at once.
    first_words: HashMap<String, usize>,
}

fn parse_err(rel: &str, line: usize, what: &str) -> DataError {
    DataError::Parse {
        path: data_dir().join(rel),
        message: format!("line {line}: {what}"),
    }
}

impl Gazetteer {
    /// Loads `data/gazetteer/` and every `data/lang/*/places.toml`.
    pub fn load() -> Result<Self, DataError> {
        let mut g = Gazetteer::default();
        let rel = "gazetteer/places.tsv";
        for (n, line) in read_data(rel)?.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 8 {
                return Err(parse_err(rel, n + 1, "expected 8 columns"));
            }
            let feature = match f[1] {
                "country" => Feature::Country,
                "continent" => Feature::Continent,
                "region" => Feature::Region,
                "city" | "capital" => Feature::City,
                other => return Err(parse_err(rel, n + 1, &format!("unknown feature {other}"))),
            };
            g.by_id.insert(f[0].to_string(), g.places.len() as u32);
            if feature == Feature::Country {
                g.countries.insert(f[2].to_string(), g.places.len() as u32);
            }
            g.places.push(GazPlace {
                id: f[0].to_string(),
                feature,
                country: f[2].to_string(),
                admin1: f[3].to_string(),
                lat: f[4].parse().ok(),
                lon: f[5].parse().ok(),
                population: f[6].parse().unwrap_or(0),
                name: f[7].to_string(),
                capital: f[1] == "capital",
            });
        }
        let rel = "gazetteer/names.tsv";
        for (n, line) in read_data(rel)?.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                return Err(parse_err(rel, n + 1, "expected 4 columns"));
            }
            let kind = match f[2] {
                "name" => NameKind::Name,
                "alt" => NameKind::Alt,
                "demonym" => NameKind::Demonym,
                other => return Err(parse_err(rel, n + 1, &format!("unknown kind {other}"))),
            };
            let lang = g.lang_index(f[1]);
            let refs = g.names.entry(f[0].to_string()).or_default();
            for p in f[3].split(',') {
                let place: u32 = p
                    .parse()
                    .map_err(|_| parse_err(rel, n + 1, "bad place number"))?;
                if place as usize >= g.places.len() {
                    return Err(parse_err(rel, n + 1, "place number out of range"));
                }
                refs.push(NameRef { place, lang, kind });
            }
            let words = f[0].split(' ').count();
            let first = first_word(f[0]);
            let max = g.first_words.entry(first.to_string()).or_insert(0);
            *max = (*max).max(words);
        }
        let rel = "gazetteer/common.tsv";
        if data_dir().join(rel).exists() {
            for line in read_data(rel)?.lines() {
                if let Some((lang, word)) = line.split_once('\t')
                    && !line.starts_with('#')
                {
                    g.rules_mut(lang).common.insert(word.to_string());
                }
            }
        }
        for lang in lang_dirs() {
            let rel = format!("lang/{lang}/places.toml");
            if data_dir().join(&rel).exists() {
                let f: LangFile = load_toml(&rel)?;
                let r = g.rules_mut(&lang);
                r.locatives
                    .extend(f.locative_prepositions.iter().map(|w| w.to_lowercase()));
                r.common.extend(f.common_words);
                r.region_words
                    .extend(f.region_words.iter().map(|w| w.to_lowercase()));
            }
            let rel = format!("lang/{lang}/roles.toml");
            if data_dir().join(&rel).exists() {
                let f: RolesTitles = load_toml(&rel)?;
                let r = g.rules_mut(&lang);
                r.titles.extend(f.titles.iter().map(|w| w.to_lowercase()));
            }
        }
        Ok(g)
    }

    fn lang_index(&mut self, lang: &str) -> Option<u8> {
        if lang == "*" {
            return None;
        }
        match self.langs.iter().position(|l| l == lang) {
            Some(i) => Some(i as u8),
            None => {
                self.langs.push(lang.to_string());
                Some((self.langs.len() - 1) as u8)
            }
        }
    }

    fn rules_mut(&mut self, lang: &str) -> &mut LangPlaces {
        self.rules.entry(lang.to_string()).or_default()
    }

    /// The place rules of a language (empty for a language without data).
    pub fn rules(&self, lang: &str) -> &LangPlaces {
        static EMPTY: std::sync::OnceLock<LangPlaces> = std::sync::OnceLock::new();
        self.rules
            .get(lang)
            .unwrap_or_else(|| EMPTY.get_or_init(LangPlaces::default))
    }

    /// The most words of a name that starts with this word, if any does.
    pub fn words_after(&self, word: &str) -> Option<usize> {
        self.first_words.get(word).copied()
    }

    /// The readings of a name as written (exact case, whitespace collapsed).
    pub fn lookup(&self, name: &str) -> &[NameRef] {
        self.names.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a reading applies to a text in `lang`: names in its own language, in English
    /// (quoted everywhere) or of no language; demonyms only in their own language. Names of
    /// other languages stay out (French `Maurice` in English text is a first name).
    pub fn applies(&self, r: &NameRef, lang: &str) -> bool {
        match r.lang {
            None => true,
            Some(i) => {
                let l = self.langs[i as usize].as_str();
                l == lang || (r.kind != NameKind::Demonym && l == "en")
            }
        }
    }

    /// Whether the reading is in the language of the text, or language-independent.
    pub fn is_own_language(&self, r: &NameRef, lang: &str) -> bool {
        r.lang.is_none_or(|i| self.langs[i as usize] == lang)
    }

    /// Every name with its readings (for evaluations that check a place by its names).
    pub fn names(&self) -> impl Iterator<Item = (&str, &[NameRef])> {
        self.names.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn place(&self, i: u32) -> &GazPlace {
        &self.places[i as usize]
    }

    /// The place with a stable id (`geonames:163843`).
    pub fn by_id(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The gazetteer entry a geocoded place came from.
    pub fn place_of(&self, p: &dossier_model::Place) -> Option<u32> {
        if let Some(g) = p.geonames_id {
            return self.by_id(&format!("geonames:{g}"));
        }
        let country = p.country.as_deref().unwrap_or_default();
        self.places
            .iter()
            .position(|q| q.name == p.name && q.country == country && q.geonames_id().is_none())
            .map(|i| i as u32)
    }

    /// The country place of an ISO code.
    pub fn country(&self, iso: &str) -> Option<u32> {
        self.countries.get(iso).copied()
    }
}

/// The first word of a name as the tokenizer sees it: up to a space, without a trailing comma.
pub(crate) fn first_word(name: &str) -> &str {
    name.split(' ').next().unwrap_or(name).trim_end_matches(',')
}

fn lang_dirs() -> Vec<String> {
    let dir: PathBuf = data_dir().join("lang");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
