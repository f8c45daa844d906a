//! The extractor's knowledge of page templates, compiled from `data/html.toml`.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;
use dossier_text::DataError;
use regex::RegexSet;
use serde::Deserialize;

const FILE: &str = "html.toml";

#[derive(Deserialize)]
struct RulesFile {
    drop_tags: Vec<String>,
    soft_drop_tags: Vec<String>,
    drop_itemprops: Vec<String>,
    drop_roles: Vec<String>,
    boilerplate: Names,
    comments: Names,
    embeds: Names,
    pull_quotes: Names,
    captions: Names,
    body: BodyFile,
    phrases: BTreeMap<String, Vec<String>>,
    section_end: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct Names {
    words: Vec<String>,
    contains: Vec<String>,
}

#[derive(Deserialize)]
struct BodyFile {
    attrs: Vec<String>,
    strong: Vec<String>,
    post_classes: Vec<String>,
    article_tags: Vec<String>,
    article_words: Vec<String>,
    main_tags: Vec<String>,
    main_words: Vec<String>,
    positive: Vec<String>,
    negative: Vec<String>,
}

/// Class/id name patterns: whole parts or substrings of tokens.
#[derive(Debug, Default)]
pub(crate) struct NameSet {
    words: HashSet<String>,
    /// Substrings, searched in the whole `class id` string at once (they hold no spaces, so a
    /// hit lies inside one token).
    contains: Option<AhoCorasick>,
}

impl NameSet {
    fn new(words: Vec<String>, contains: Vec<String>) -> Self {
        let contains: Vec<String> = contains
            .into_iter()
            .map(|w| w.to_lowercase())
            .filter(|w| !w.is_empty() && !w.contains(char::is_whitespace))
            .collect();
        NameSet {
            words: words.into_iter().map(|w| w.to_lowercase()).collect(),
            contains: (!contains.is_empty())
                .then(|| AhoCorasick::new(&contains).ok())
                .flatten(),
        }
    }

    /// Whether any token of a lower-case `class id` string matches.
    pub fn matches(&self, class_id: &str) -> bool {
        if class_id.is_empty() {
            return false;
        }
        if self
            .contains
            .as_ref()
            .is_some_and(|ac| ac.is_match(class_id))
        {
            return true;
        }
        !self.words.is_empty()
            && class_id.split_whitespace().any(|token| {
                self.words.contains(token)
                    || token
                        .split(['-', '_'])
                        .any(|part| self.words.contains(part))
            })
    }
}

/// Compiled rules for one run; shared by all pages.
#[derive(Debug)]
pub struct HtmlRules {
    pub(crate) drop_tags: HashSet<String>,
    pub(crate) soft_drop_tags: HashSet<String>,
    pub(crate) drop_itemprops: HashSet<String>,
    pub(crate) drop_roles: HashSet<String>,
    pub(crate) boilerplate: NameSet,
    pub(crate) comments: NameSet,
    pub(crate) embeds: NameSet,
    pub(crate) pull_quotes: NameSet,
    pub(crate) captions: NameSet,
    pub(crate) body_attrs: Vec<(String, String)>,
    pub(crate) body_strong: NameSet,
    pub(crate) post_classes: NameSet,
    pub(crate) article_tags: HashSet<String>,
    pub(crate) article_words: NameSet,
    pub(crate) main_tags: HashSet<String>,
    pub(crate) main_words: NameSet,
    pub(crate) positive: NameSet,
    pub(crate) negative: NameSet,
    pub(crate) phrases: RegexSet,
    pub(crate) section_end: RegexSet,
}

impl HtmlRules {
    /// Rules that only skip what is never text, for when `data/html.toml` cannot be loaded.
    pub(crate) fn minimal() -> HtmlRules {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        HtmlRules {
            drop_tags: tags(&[
                "script", "style", "noscript", "template", "svg", "head", "iframe",
            ]),
            soft_drop_tags: tags(&["nav", "footer", "aside", "form"]),
            drop_itemprops: HashSet::new(),
            drop_roles: HashSet::new(),
            boilerplate: NameSet::default(),
            comments: NameSet::default(),
            embeds: NameSet::default(),
            pull_quotes: NameSet::default(),
            captions: NameSet::default(),
            body_attrs: vec![("itemprop".into(), "articlebody".into())],
            body_strong: NameSet::default(),
            post_classes: NameSet::default(),
            article_tags: tags(&["article"]),
            article_words: NameSet::default(),
            main_tags: tags(&["main"]),
            main_words: NameSet::default(),
            positive: NameSet::default(),
            negative: NameSet::default(),
            phrases: RegexSet::empty(),
            section_end: RegexSet::empty(),
        }
    }

    fn compile(f: RulesFile) -> Result<HtmlRules, String> {
        let set = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        let phrases = RegexSet::new(f.phrases.values().flatten().map(|p| format!("(?i){p}")))
            .map_err(|e| e.to_string())?;
        let section_end =
            RegexSet::new(f.section_end.values().flatten().map(|p| format!("(?i){p}")))
                .map_err(|e| e.to_string())?;
        let body_attrs = f
            .body
            .attrs
            .iter()
            .map(|a| {
                a.split_once('=')
                    .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
                    .ok_or_else(|| format!("body.attrs entry {a:?} is not name=value"))
            })
            .collect::<Result<_, _>>()?;
        Ok(HtmlRules {
            drop_tags: set(f.drop_tags),
            soft_drop_tags: set(f.soft_drop_tags),
            drop_itemprops: set(f.drop_itemprops),
            drop_roles: set(f.drop_roles),
            boilerplate: NameSet::new(f.boilerplate.words, f.boilerplate.contains),
            comments: NameSet::new(f.comments.words, f.comments.contains),
            embeds: NameSet::new(f.embeds.words, f.embeds.contains),
            pull_quotes: NameSet::new(f.pull_quotes.words, f.pull_quotes.contains),
            captions: NameSet::new(f.captions.words, f.captions.contains),
            body_attrs,
            body_strong: NameSet::new(Vec::new(), f.body.strong),
            post_classes: NameSet::new(f.body.post_classes, Vec::new()),
            article_tags: set(f.body.article_tags),
            article_words: NameSet::new(f.body.article_words, Vec::new()),
            main_tags: set(f.body.main_tags),
            main_words: NameSet::new(f.body.main_words, Vec::new()),
            positive: NameSet::new(f.body.positive, Vec::new()),
            negative: NameSet::new(f.body.negative, Vec::new()),
            phrases,
            section_end,
        })
    }
}

/// The rules from `data/html.toml`, loaded once.
pub fn html_rules() -> Result<Arc<HtmlRules>, DataError> {
    static RULES: OnceLock<Result<Arc<HtmlRules>, DataError>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let f: RulesFile = dossier_text::load_toml(FILE)?;
            HtmlRules::compile(f)
                .map(Arc::new)
                .map_err(|message| DataError::Parse {
                    path: dossier_text::data_dir().join(FILE),
                    message,
                })
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_parts_and_substrings() {
        let s = NameSet::new(vec!["ad".into(), "share".into()], vec!["related".into()]);
        assert!(s.matches("top_ad wrapper"));
        assert!(s.matches("ad-slot"));
        assert!(s.matches("jp-relatedposts"));
        assert!(s.matches("post share-tools"));
        assert!(!s.matches("shadow add-to-cart"));
        assert!(!s.matches(""));
    }

    #[test]
    fn the_bundled_rules_load() {
        let r = html_rules().expect("data/html.toml");
        assert!(r.drop_tags.contains("script"));
        assert!(r.boilerplate.matches("newsletter-signup"));
        assert!(r.phrases.is_match("Read more: the other story"));
    }
}
