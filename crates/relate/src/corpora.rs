//! Readers for the evaluation corpora relating is measured on (ECB+ for stories, MEANTIME for
//! entities across documents and languages): their tokens joined back into text, with the gold
//! clusters. Used by `dossier eval stories`, `dossier eval xdoc` and the benchmarks.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::RelateError;

fn corpus_err(path: &Path, e: impl std::fmt::Display) -> RelateError {
    RelateError::Corpus {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn read(path: &Path) -> Result<String, RelateError> {
    std::fs::read_to_string(path).map_err(|e| corpus_err(path, e))
}

/// Groups item indices by label: the clusters of a labelling, in label order.
pub fn clusters<K: Ord + Clone>(labels: impl Iterator<Item = (usize, K)>) -> Vec<Vec<usize>> {
    let mut m: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, k) in labels {
        m.entry(k).or_default().push(i);
    }
    m.into_values().collect()
}

/// One ECB+ document: its gold story and its text rebuilt from the tokens.
pub struct EcbDoc {
    pub name: String,
    pub topic: String,
    /// `<topic>/ecb` or `<topic>/ecbplus`: the two seminal events of a topic.
    pub subtopic: String,
    pub text: String,
    pub title: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Joins tokens as text: no space before closing punctuation and after opening brackets,
/// LaTeX-style quotes made plain.
pub fn detokenize(tokens: &[String]) -> String {
    detokenize_with_offsets(tokens).0
}

/// [`detokenize`], with each token's code-point range in the text.
pub fn detokenize_with_offsets(tokens: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut spans = Vec::with_capacity(tokens.len());
    let mut open_quote = false;
    let mut no_space_next = true;
    for t in tokens {
        let t = match t.as_str() {
            "``" | "''" => "\"",
            "-LRB-" => "(",
            "-RRB-" => ")",
            other => other,
        };
        let closing = matches!(
            t,
            "." | ","
                | ";"
                | ":"
                | "!"
                | "?"
                | ")"
                | "]"
                | "%"
                | "'s"
                | "n't"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "'m"
        ) || (t == "\"" && open_quote);
        if !out.is_empty() && !no_space_next && !closing {
            out.push(' ');
            chars += 1;
        }
        let n = t.chars().count();
        spans.push((chars, chars + n));
        out.push_str(t);
        chars += n;
        no_space_next = matches!(t, "(" | "[" | "$") || (t == "\"" && !open_quote);
        if t == "\"" {
            open_quote = !open_quote;
        }
    }
    (out, spans)
}

/// Reads one ECB+ CAT XML file: tokens by sentence.
fn read_doc(path: &Path) -> Result<Option<EcbDoc>, RelateError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".xml") else {
        return Ok(None);
    };
    let Some((topic, rest)) = stem.split_once('_') else {
        return Ok(None);
    };
    let kind = if rest.ends_with("ecbplus") {
        "ecbplus"
    } else if rest.ends_with("ecb") {
        "ecb"
    } else {
        return Ok(None);
    };
    let xml = read(path)?;
    let mut sentences: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<token ") {
        rest = &rest[i..];
        let Some(gt) = rest.find('>') else { break };
        let head = &rest[..gt];
        let Some(end) = rest.find("</token>") else {
            break;
        };
        let word = unescape(&rest[gt + 1..end]);
        let sentence = head
            .split("sentence=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        sentences.entry(sentence).or_default().push(word);
        rest = &rest[end + 8..];
    }
    let sents: Vec<String> = sentences.values().map(|t| detokenize(t)).collect();
    let Some(title) = sents.first().cloned() else {
        return Ok(None);
    };
    let body = sents[1..].join(" ");
    Ok(Some(EcbDoc {
        name: stem.to_string(),
        topic: topic.to_string(),
        subtopic: format!("{topic}/{kind}"),
        text: format!("{title}\n\n{body}"),
        title,
    }))
}

/// All ECB+ documents under `path`, in file-name order.
pub fn read_ecbplus(path: &Path) -> Result<Vec<EcbDoc>, RelateError> {
    let mut files: Vec<PathBuf> = walk(path)?;
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        if let Some(d) = read_doc(&f)? {
            docs.push(d);
        }
    }
    Ok(docs)
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, RelateError> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| corpus_err(dir, e))? {
        let p = e.map_err(|e| corpus_err(dir, e))?.path();
        if p.is_dir() {
            out.extend(walk(&p)?);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
    Ok(out)
}

/// One article in one language: its text and where each token lies in it.
pub struct MeantimeDoc {
    pub lang: &'static str,
    pub key: String,
    pub text: String,
    pub title: String,
    /// (sentence, token) → code-point range in `text`.
    pub tokens: HashMap<(u32, u32), (usize, usize)>,
}

/// A gold entity mention.
pub struct MeantimeMention {
    pub lang: &'static str,
    pub doc: String,
    /// Code-point ranges of its head word and of all of it.
    pub head: (usize, usize),
    pub all: (usize, usize),
    pub instance: String,
    pub head_word: String,
    pub named: bool,
}

pub fn read_meantime_conll(
    path: &Path,
    lang: &'static str,
) -> Result<Vec<MeantimeDoc>, RelateError> {
    let raw = read(path)?;
    // doc → sentence → tokens (token id, word)
    let mut docs: BTreeMap<String, BTreeMap<u32, Vec<(u32, String)>>> = BTreeMap::new();
    for line in raw.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let (Ok(s), Ok(t)) = (f[1].parse::<u32>(), f[2].parse::<u32>()) else {
            continue;
        };
        docs.entry(f[0].to_string())
            .or_default()
            .entry(s)
            .or_default()
            .push((t, f[3].to_string()));
    }
    let mut out = Vec::new();
    for (key, sents) in docs {
        let mut text = String::new();
        let mut chars = 0usize;
        let mut tokens = HashMap::new();
        let mut title = String::new();
        for (k, (s, toks)) in sents.iter().enumerate() {
            let words: Vec<String> = toks.iter().map(|(_, w)| w.clone()).collect();
            let (sent, spans) = detokenize_with_offsets(&words);
            let sep = match k {
                0 => "",
                1 => "\n\n",
                _ => " ",
            };
            text.push_str(sep);
            chars += sep.chars().count();
            for ((t, _), (a, b)) in toks.iter().zip(spans) {
                tokens.insert((*s, *t), (chars + a, chars + b));
            }
            chars += sent.chars().count();
            if k == 0 {
                title = sent.clone();
            }
            text.push_str(&sent);
        }
        out.push(MeantimeDoc {
            lang,
            key,
            text,
            title,
            tokens,
        });
    }
    Ok(out)
}

/// The instance id of a chain label: the same across documents and languages.
pub fn instance(chain: &str) -> String {
    chain
        .trim_start_matches("cross_intra_")
        .trim_start_matches("cross_")
        .trim_start_matches("intra_")
        .to_string()
}

pub fn read_meantime_mentions(
    path: &Path,
    lang: &'static str,
    docs: &HashMap<(&str, String), &MeantimeDoc>,
) -> Result<Vec<MeantimeMention>, RelateError> {
    let raw = read(path)?;
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|e| corpus_err(path, e))?;
    let mut out = Vec::new();
    for m in v.as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some(key) = m["conll_doc_key"].as_str() else {
            continue;
        };
        let Some(doc) = docs.get(&(lang, key.to_string())) else {
            continue;
        };
        let sent = m["sent_id"].as_u64().unwrap_or(0) as u32;
        let toks: Vec<u32> = m["tokens_number"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_u64())
                    .map(|x| x as u32)
                    .collect()
            })
            .unwrap_or_default();
        let head_id = m["mention_head_id"]
            .as_u64()
            .map(|x| x as u32)
            .or(toks.first().copied());
        let spans: Vec<(usize, usize)> = toks
            .iter()
            .filter_map(|t| doc.tokens.get(&(sent, *t)).copied())
            .collect();
        let (Some(first), Some(last)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        let head = head_id
            .and_then(|h| doc.tokens.get(&(sent, h)).copied())
            .unwrap_or((first, last));
        out.push(MeantimeMention {
            lang,
            doc: key.to_string(),
            head,
            all: (first, last),
            instance: instance(m["coref_chain"].as_str().unwrap_or("")),
            head_word: m["mention_head"].as_str().unwrap_or("").to_lowercase(),
            named: m["mention_ner"].as_str().is_some_and(|n| n != "O"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_become_readable_text() {
        let t: Vec<String> = [
            "Tara", "Reid", ",", "33", ",", "has", "entered", "``", "Promises", "''", "(", "in",
            "Malibu", ")", ".",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (text, spans) = detokenize_with_offsets(&t);
        assert_eq!(text, "Tara Reid, 33, has entered \"Promises\" (in Malibu).");
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[spans[8].0..spans[8].1].iter().collect();
        assert_eq!(s, "Promises");
    }

    #[test]
    fn chain_labels_share_instance_ids() {
        assert_eq!(
            instance("cross_intra_ORG37154720130514282"),
            "ORG37154720130514282"
        );
        assert_eq!(
            instance("cross_ORG37154720130514282"),
            "ORG37154720130514282"
        );
        assert_eq!(instance("intra_PER1"), "PER1");
    }
}
