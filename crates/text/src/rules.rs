use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;

/// Per-language tokenisation rules, from `data/lang/<code>/tokenizer.toml` on top of
/// `data/lang/common/tokenizer.toml`.
#[derive(Clone, Debug, Default)]
pub struct LangRules {
    /// Lower-cased abbreviations with their final dot (`o.a.`, `col.`, `u.s.`).
    pub abbreviations: HashSet<String>,
    /// Lower-cased elided forms that start with an apostrophe (`'s`, `'t`).
    pub elisions: HashSet<String>,
    /// Lower-cased frequent words that mark the language (`the`, `said`; `het`, `zei`): they
    /// decide the language of a text too short for the statistical detector.
    pub function_words: HashSet<String>,
}

#[derive(Deserialize, Default)]
struct RulesFile {
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    elisions: Vec<String>,
    #[serde(default)]
    function_words: Vec<String>,
}

impl LangRules {
    fn add(&mut self, file: RulesFile) {
        self.abbreviations
            .extend(file.abbreviations.into_iter().map(|a| a.to_lowercase()));
        self.elisions
            .extend(file.elisions.into_iter().map(|a| a.to_lowercase()));
        self.function_words
            .extend(file.function_words.into_iter().map(|a| a.to_lowercase()));
    }

    pub fn is_abbreviation(&self, word_with_dot: &str) -> bool {
        self.abbreviations.contains(&word_with_dot.to_lowercase())
    }
}

/// The rules for `lang` (ISO 639-1), loaded once and shared. A language without its own file
/// gets the common rules; a missing or broken data file is reported once on stderr and treated
/// as empty, so tokenisation never fails.
pub fn rules_for(lang: &str) -> Arc<LangRules> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<LangRules>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = map.get(lang) {
        return r.clone();
    }
    let mut rules = LangRules::default();
    for rel in [
        "lang/common/tokenizer.toml".to_string(),
        format!("lang/{lang}/tokenizer.toml"),
    ] {
        if !crate::data_dir().join(&rel).exists() {
            continue;
        }
        match crate::load_toml::<RulesFile>(&rel) {
            Ok(file) => rules.add(file),
            Err(e) => eprintln!("warning: {e}"),
        }
    }
    let rules = Arc::new(rules);
    map.insert(lang.to_string(), rules.clone());
    rules
}
