//! Finding the article body among the page's text blocks and keeping only its text.
//!
//! Two views of the page are combined. The names templates give their body containers
//! (`itemprop=articleBody`, `article-body`, `entry-content`, `<article>`, `<main>`) are tried
//! first, strongest first; a readability-style score (paragraph text with sentence punctuation,
//! passed up to ancestors with decay, damped by link density and furniture-like names) finds
//! the densest container when the names are missing or misleading. When one lies inside the
//! other, the tighter one wins unless the outer holds clearly more text; otherwise the named
//! one wins unless it holds much less. Inside the chosen container, furniture (by name, link
//! density, position and the phrases in `data/html.toml`) is dropped.

use std::collections::HashSet;

use super::blocks::{Kind, Mark, TextBlock, is_body_name, marks, text_blocks};
use super::dom::Dom;
use super::rules::HtmlRules;

/// A block of the article as extracted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BodyBlock {
    pub kind: Kind,
    pub text: String,
}

pub(crate) struct Page<'a> {
    dom: &'a Dom,
    rules: &'a HtmlRules,
    marks: Vec<Mark>,
    blocks: Vec<TextBlock>,
    /// Per block: the nearest furniture element around it (its owner included).
    boiler_of: Vec<Option<usize>>,
    /// Per node: it or an ancestor is furniture.
    in_boiler: Vec<bool>,
    /// Per block: its weight as article text (non-link characters of a sentence-like block).
    weight: Vec<f64>,
    /// Per node: the weight of the blocks inside it that are not furniture as seen from it.
    good: Vec<f64>,
    /// Per block: inside an embedded post, whose links are part of what is quoted.
    embedded: Vec<bool>,
}

/// Adds every node's value into its parent's, bottom up: each node ends up with the sum over
/// its subtree (children have higher indices than their parents).
fn subtree_sums<T: Copy + std::ops::AddAssign>(dom: &Dom, mut v: Vec<T>) -> Vec<T> {
    for i in (1..v.len()).rev() {
        if let Some(p) = dom.nodes[i].parent {
            let x = v[i];
            v[p] += x;
        }
    }
    v
}

/// Per node, top down: the nearest furniture element at or above it, not looking past an
/// embedded post; and whether any furniture element is at or above it.
fn furniture(dom: &Dom, marks: &[Mark]) -> (Vec<Option<usize>>, Vec<bool>) {
    let n = dom.nodes.len();
    let mut nearest: Vec<Option<usize>> = Vec::with_capacity(n);
    let mut any = Vec::with_capacity(n);
    for (i, node) in dom.nodes.iter().enumerate() {
        let (pn, pa) = node.parent.map_or((None, false), |p| (nearest[p], any[p]));
        nearest.push(match marks[i] {
            Mark::Embed => None,
            Mark::Boiler => Some(i),
            _ => pn,
        });
        any.push(pa || marks[i] == Mark::Boiler);
    }
    (nearest, any)
}

impl<'a> Page<'a> {
    pub fn new(dom: &'a Dom, rules: &'a HtmlRules) -> Self {
        let (mut marks, parts) = marks(dom, rules);
        let blocks = text_blocks(dom, &marks, &parts);
        let weight: Vec<f64> = blocks.iter().map(text_weight).collect();
        let n = dom.nodes.len();
        // A section that opens with a comment heading ("Top rated comments", "12 reacties") is
        // a comment section, whatever (or however little) its name says.
        let mut comment_sections: Vec<usize> = Vec::new();
        // Per node: the index of the first sentence-like block inside it.
        let mut first_text = vec![usize::MAX; n];
        for (bi, (b, w)) in blocks.iter().zip(&weight).enumerate() {
            if *w > 0.0 {
                first_text[b.owner] = first_text[b.owner].min(bi);
            }
        }
        for i in (1..n).rev() {
            if let Some(p) = dom.nodes[i].parent {
                first_text[p] = first_text[p].min(first_text[i]);
            }
        }
        for (bi, b) in blocks.iter().enumerate() {
            if !(matches!(b.kind, Kind::Heading(_)) || b.chars < 80)
                || !rules.section_end.is_match(&b.text)
            {
                continue;
            }
            let Some(section) = dom.nodes[b.owner].parent else {
                continue;
            };
            if matches!(dom.tag(section), "body" | "html" | "#root") {
                continue;
            }
            if first_text[section] > bi {
                marks[section] = Mark::Boiler;
                comment_sections.push(section);
            }
        }
        let (_, mut in_boiler) = furniture(dom, &marks);
        // When furniture-named elements hold nearly all of the page's text, the one that holds
        // most of it is a wrapper (a page-wide <form>, a `has-sidebar` layout class): overrule
        // its name.
        let total: f64 = weight.iter().sum();
        let outside: f64 = blocks
            .iter()
            .zip(&weight)
            .filter(|(b, _)| !in_boiler[b.owner])
            .map(|(_, w)| w)
            .sum();
        if total > 0.0 && outside < 0.25 * total {
            let mut held = vec![0.0f64; n];
            for (b, w) in blocks.iter().zip(&weight) {
                held[b.owner] += w;
            }
            let held = subtree_sums(dom, held);
            for (i, m) in marks.iter_mut().enumerate() {
                if *m == Mark::Boiler && held[i] >= 0.5 * total {
                    let hard = comment_sections.contains(&i)
                        || dom
                            .element(i)
                            .is_some_and(|e| rules.comments.matches(&e.class_id));
                    if !hard {
                        *m = Mark::Normal;
                    }
                }
            }
        }
        let (nearest, any) = furniture(dom, &marks);
        in_boiler = any;
        let boiler_of: Vec<Option<usize>> = blocks.iter().map(|b| nearest[b.owner]).collect();
        let mut in_embed = vec![false; n];
        for i in 0..n {
            in_embed[i] =
                marks[i] == Mark::Embed || dom.nodes[i].parent.is_some_and(|p| in_embed[p]);
        }
        let embedded = blocks.iter().map(|b| in_embed[b.owner]).collect();
        // A block counts for the nodes from its owner up to its nearest furniture element:
        // add its weight at the owner and take it back above the furniture element.
        let mut delta = vec![0.0f64; n];
        for (b, w) in blocks.iter().zip(&weight) {
            delta[b.owner] += w;
            if let Some(p) = boiler_of_block(&nearest, b).and_then(|f| dom.nodes[f].parent) {
                delta[p] -= w;
            }
        }
        let good = subtree_sums(dom, delta);
        Page {
            dom,
            rules,
            marks,
            blocks,
            boiler_of,
            in_boiler,
            weight,
            good,
            embedded,
        }
    }

    /// Whether block `b` is furniture as seen from inside `root`.
    fn is_boiler_in(&self, b: usize, root: usize) -> bool {
        self.boiler_of[b].is_some_and(|f| f != root && self.dom.contains(root, f))
    }

    /// The good text held by `root`: weights of blocks inside it that are not furniture there.
    fn good_text(&self, root: usize) -> f64 {
        self.good[root]
    }

    fn good_text_of(&self, roots: &[usize]) -> f64 {
        roots.iter().map(|&r| self.good_text(r)).sum()
    }

    /// The containers of the article body, in document order.
    pub fn containers(&self) -> Vec<usize> {
        self.choose().0
    }

    /// The containers and a line saying how they were chosen.
    fn choose(&self) -> (Vec<usize>, String) {
        let scored = self.scored_containers();
        let scored_text = self.good_text_of(&scored);
        let Some(named) = self.named_containers() else {
            return (scored, "scored (no body names)".into());
        };
        let named_text = self.good_text_of(&named);
        let inside = |inner: &[usize], outer: &[usize]| {
            inner
                .iter()
                .all(|&i| outer.iter().any(|&o| self.dom.contains(o, i)))
        };
        let why = format!(
            "named {} ({named_text:.0}), scored {} ({scored_text:.0})",
            self.describe_all(&named),
            self.describe_all(&scored)
        );
        // One inside the other: the tighter one, unless the outer holds clearly (but not
        // suspiciously) more text, such as a lede set apart from the body.
        if inside(&scored, &named) && named_text <= 1.1 * scored_text {
            return (scored, format!("{why}: scored, tighter"));
        }
        if inside(&named, &scored)
            && scored_text > 1.1 * named_text
            && scored_text <= 1.5 * named_text
        {
            return (scored, format!("{why}: scored, holds a little more"));
        }
        if named_text > 0.0 && (named_text >= 0.5 * scored_text || inside(&scored, &named)) {
            return (named, format!("{why}: named"));
        }
        (scored, format!("{why}: scored, holds much more"))
    }

    fn describe_all(&self, roots: &[usize]) -> String {
        roots
            .iter()
            .map(|&r| self.describe(r))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The first tier of body names that some element carries, and the best such element
    /// (with its siblings of the same kind when the body is split in parts).
    fn named_containers(&self) -> Option<Vec<usize>> {
        let dom = self.dom;
        let rules = self.rules;
        let tiers: [&dyn Fn(&super::dom::Element) -> bool; 3] = [
            &|e| is_body_name(e, rules),
            &|e| {
                rules.article_tags.contains(&e.tag)
                    || e.attr("role").is_some_and(|r| r == "article")
                    || (matches!(e.tag.as_str(), "div" | "section" | "main")
                        && rules.article_words.matches(&e.class_id))
            },
            &|e| {
                rules.main_tags.contains(&e.tag)
                    || e.attr("role").is_some_and(|r| r == "main")
                    || (matches!(e.tag.as_str(), "div" | "section")
                        && rules.main_words.matches(&e.class_id))
            },
        ];
        for tier in tiers {
            let mut found: Vec<(usize, f64)> = Vec::new();
            for i in 0..dom.nodes.len() {
                let Some(e) = dom.element(i) else { continue };
                if self.marks[i] == Mark::Skip
                    || !matches!(
                        e.tag.as_str(),
                        "div" | "section" | "article" | "main" | "td"
                    )
                    || !tier(e)
                {
                    continue;
                }
                // Not inside furniture (a teaser `<article>` in a sidebar).
                if dom.nodes[i].parent.is_some_and(|p| self.in_boiler[p]) {
                    continue;
                }
                let g = self.good_text(i);
                if g > 0.0 {
                    found.push((i, g));
                }
            }
            let Some(&(best, g)) = found
                .iter()
                .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
            else {
                continue;
            };
            if g < 50.0 {
                continue;
            }
            // A body split in parts (around ads, in layout grids): siblings with a body name,
            // and near cousins with the very same class.
            let parent = dom.nodes[best].parent;
            let near = dom.ancestors(best).nth(2);
            let class = |i: usize| dom.element(i).and_then(|e| e.attr("class"));
            let mut roots: Vec<usize> = found
                .iter()
                .filter(|&&(i, gi)| {
                    i == best
                        || (gi >= 25.0
                            && !dom.contains(i, best)
                            && !dom.contains(best, i)
                            && (dom.nodes[i].parent == parent
                                || (near.is_some_and(|a| dom.contains(a, i))
                                    && class(i).is_some()
                                    && class(i) == class(best))))
                })
                .map(|&(i, _)| i)
                .collect();
            // Keep the outermost of nested parts.
            let all = roots.clone();
            roots.retain(|&r| !all.iter().any(|&o| o != r && dom.contains(o, r)));
            roots.sort_unstable();
            roots.dedup();
            return Some(roots);
        }
        None
    }

    /// Readability-style: paragraphs score their ancestors; the best-scoring element and its
    /// siblings that score well too.
    fn scored_containers(&self) -> Vec<usize> {
        let dom = self.dom;
        let n = dom.nodes.len();
        let mut score = vec![0.0f64; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut chars = vec![0usize; n];
        let mut links = vec![0usize; n];
        for block in &self.blocks {
            chars[block.owner] += block.chars;
            links[block.owner] += block.link_chars;
        }
        let chars = subtree_sums(dom, chars);
        let links = subtree_sums(dom, links);
        for (b, block) in self.blocks.iter().enumerate() {
            if self.boiler_of[b].is_some() || block.chars < 25 {
                continue;
            }
            if matches!(block.kind, Kind::Heading(_) | Kind::Caption) {
                continue;
            }
            let punct = block
                .text
                .chars()
                .filter(|c| matches!(c, ',' | '.' | ';' | '!' | '?' | '，' | '。' | '、'))
                .count() as f64;
            let mut s = (1.0 + punct + (block.chars as f64 / 100.0).floor().min(3.0))
                * (1.0 - block.link_density());
            if block.kind == Kind::Item {
                s *= 0.5;
            }
            let owner_tag = dom.tag(block.owner);
            let base = if matches!(
                owner_tag,
                "p" | "li"
                    | "pre"
                    | "blockquote"
                    | "dd"
                    | "dt"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
            ) {
                dom.nodes[block.owner].parent.unwrap_or(block.owner)
            } else {
                block.owner
            };
            for (level, a) in std::iter::once(base)
                .chain(dom.ancestors(base))
                .take(5)
                .enumerate()
            {
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                if score[a] == 0.0 {
                    touched.push(a);
                }
                score[a] += s / div;
            }
        }
        if touched.is_empty() {
            return vec![dom.by_tag("body").next().unwrap_or(0)];
        }
        let mut fin = vec![0.0f64; n];
        for &c in &touched {
            let Some(e) = dom.element(c) else { continue };
            let init = match e.tag.as_str() {
                "div" | "article" | "section" | "main" => 5.0,
                "pre" | "td" | "blockquote" => 3.0,
                "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                _ => 0.0,
            };
            let mut w = 0.0;
            if self.rules.positive.matches(&e.class_id) || is_body_name(e, self.rules) {
                w += 25.0;
            }
            if self.rules.negative.matches(&e.class_id) {
                w -= 25.0;
            }
            let ld = if chars[c] > 0 {
                links[c] as f64 / chars[c] as f64
            } else {
                0.0
            };
            fin[c] = (score[c] + init + w) * (1.0 - ld);
        }
        touched.sort_by(|&a, &b| {
            fin[b]
                .partial_cmp(&fin[a])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut top = touched[0];
        // Several near-best candidates under one ancestor: the ancestor is the article.
        let near: Vec<usize> = touched[1..touched.len().min(6)]
            .iter()
            .copied()
            .filter(|&c| {
                fin[c] >= 0.75 * fin[top] && !dom.contains(c, top) && !dom.contains(top, c)
            })
            .collect();
        if near.len() >= 2 {
            for a in dom.ancestors(top) {
                if dom.tag(a) == "body" || dom.tag(a) == "html" {
                    break;
                }
                if near.iter().filter(|&&c| dom.contains(a, c)).count() >= 2 {
                    top = a;
                    break;
                }
            }
        }
        // A parent that scores better than the child, or the child's only child status.
        let mut last = fin[top];
        let mut cur = top;
        while let Some(p) = dom.nodes[cur].parent {
            if matches!(dom.tag(p), "body" | "html" | "#root") {
                break;
            }
            if fin[p] == 0.0 {
                cur = p;
                continue;
            }
            if fin[p] < last / 3.0 {
                break;
            }
            if fin[p] > last {
                top = p;
                break;
            }
            last = fin[p];
            cur = p;
        }
        while let Some(p) = dom.nodes[top].parent {
            if matches!(dom.tag(p), "body" | "html" | "#root") {
                break;
            }
            // Its only element child: the first element child ends where the parent does.
            let first = (p + 1..dom.nodes[p].end).find(|&c| dom.element(c).is_some());
            let only = first.is_some_and(|c| dom.nodes[c].end == dom.nodes[p].end);
            if !only {
                break;
            }
            top = p;
        }
        // Siblings that belong to the article.
        let Some(parent) = dom.nodes[top].parent else {
            return vec![top];
        };
        let top_score = fin[top];
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = dom.element(top).map(|e| e.attr("class").unwrap_or(""));
        let mut roots = Vec::new();
        let mut c = parent + 1;
        while c < dom.nodes[parent].end {
            let next = dom.nodes[c].end;
            if c == top {
                roots.push(c);
            } else if let Some(e) = dom.element(c)
                && matches!(self.marks[c], Mark::Normal | Mark::Embed)
            {
                let bonus =
                    if top_class.is_some_and(|t| !t.is_empty() && e.attr("class") == Some(t)) {
                        top_score * 0.2
                    } else {
                        0.0
                    };
                let keep = if fin[c] + bonus >= threshold {
                    true
                } else if e.tag == "p" {
                    let text = dom.text(c);
                    let len = text.chars().count();
                    let ld = if chars[c] > 0 {
                        links[c] as f64 / chars[c] as f64
                    } else {
                        0.0
                    };
                    (len > 80 && ld < 0.25)
                        || (len > 0 && len <= 80 && ld == 0.0 && text.ends_with('.'))
                } else {
                    false
                };
                if keep {
                    roots.push(c);
                }
            }
            c = next;
        }
        roots
    }

    /// The article's blocks inside `roots`, furniture dropped, and its pull quotes.
    pub fn extract(
        &self,
        roots: &[usize],
        title_variants: &[String],
    ) -> (Vec<BodyBlock>, Vec<dossier_model::PullQuote>) {
        let verdicts = self.verdicts(roots, title_variants);
        let blocks = verdicts
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|&(b, _)| BodyBlock {
                kind: self.blocks[b].kind,
                text: self.blocks[b].text.clone(),
            })
            .collect();
        (blocks, self.pull_quotes(&verdicts))
    }

    /// Every block of the page with why it was left out (`None`: kept).
    pub fn verdicts(
        &self,
        roots: &[usize],
        title_variants: &[String],
    ) -> Vec<(usize, Option<&'static str>)> {
        let titles: HashSet<String> = title_variants.iter().map(|t| norm(t)).collect();
        // Lists that are mostly links are navigation.
        let mut list_chars: std::collections::HashMap<usize, (usize, usize, usize)> =
            Default::default();
        for b in &self.blocks {
            if let Some(l) = b.list {
                let e = list_chars.entry(l).or_default();
                e.0 += b.chars;
                e.1 += b.link_chars;
                e.2 += 1;
            }
        }
        let scope = self.article_scope(roots);
        let mut out = Vec::with_capacity(self.blocks.len());
        let mut first_good = false;
        for (bi, b) in self.blocks.iter().enumerate() {
            let verdict = self.verdict(bi, b, roots, &titles, &list_chars, first_good, scope);
            if verdict.is_none() && self.weight[bi] > 0.0 {
                first_good = true;
            }
            out.push((bi, verdict));
        }
        // A comment section's heading ("34 responses to …", "Leave a reply") ends the
        // article: the rest of its section, or of the body when it stands in the body itself.
        let kept: Vec<usize> = (0..out.len()).filter(|&k| out[k].1.is_none()).collect();
        if let Some(&start) = kept.iter().find(|&&k| {
            let b = &self.blocks[out[k].0];
            (matches!(b.kind, Kind::Heading(_)) || b.chars < 80)
                && self.rules.section_end.is_match(&b.text)
        }) {
            let owner = self.blocks[out[start].0].owner;
            let section = self.dom.nodes[owner]
                .parent
                .filter(|&p| !roots.iter().any(|&r| self.dom.contains(p, r)));
            for k in kept.iter().copied().filter(|&k| k >= start) {
                let inside =
                    section.is_none_or(|p| self.dom.contains(p, self.blocks[out[k].0].owner));
                if inside {
                    out[k].1 = Some("comment section");
                }
            }
        }
        // A heading followed only by list items with links ends the article: "More stories".
        let kept: Vec<usize> = (0..out.len()).filter(|&k| out[k].1.is_none()).collect();
        if let Some(pos) = kept
            .iter()
            .rposition(|&k| matches!(self.blocks[out[k].0].kind, Kind::Heading(_)))
        {
            let tail = &kept[pos + 1..];
            let (chars, links) = tail.iter().fold((0, 0), |(c, l), &k| {
                let b = &self.blocks[out[k].0];
                (c + b.chars, l + b.link_chars)
            });
            if !tail.is_empty()
                && tail
                    .iter()
                    .all(|&k| self.blocks[out[k].0].kind == Kind::Item)
                && links as f64 >= 0.3 * chars as f64
            {
                for &k in &kept[pos..] {
                    out[k].1 = Some("links after a closing heading");
                }
            }
        }
        // Headings with no text after them close related-content sections.
        for k in (0..out.len()).rev() {
            if out[k].1.is_some() {
                continue;
            }
            if matches!(self.blocks[out[k].0].kind, Kind::Heading(_)) {
                out[k].1 = Some("heading at the end");
            } else {
                break;
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn verdict(
        &self,
        bi: usize,
        b: &TextBlock,
        roots: &[usize],
        titles: &HashSet<String>,
        list_chars: &std::collections::HashMap<usize, (usize, usize, usize)>,
        first_good: bool,
        scope: Option<usize>,
    ) -> Option<&'static str> {
        let dom = self.dom;
        let Some(&root) = roots.iter().find(|&&r| dom.contains(r, b.owner)) else {
            // The lead image's caption and pull quotes sit around the body, in the article.
            if (b.kind == Kind::Caption || b.pull.is_some())
                && let Some(s) = scope
                && dom.contains(s, b.owner)
                && !self.is_boiler_in(bi, s)
            {
                return if b.pull.is_some() {
                    Some("pull quote")
                } else {
                    None
                };
            }
            return Some("outside the body");
        };
        if self.is_boiler_in(bi, root) {
            return Some("furniture");
        }
        if b.pull.is_some() {
            return Some("pull quote");
        }
        if !b.text.chars().any(char::is_alphanumeric) {
            return Some("no words");
        }
        let ld = if self.embedded[bi] {
            0.0
        } else {
            b.link_density()
        };
        match b.kind {
            Kind::Item => {
                // Navigation and related-article lists are mostly short links; a digest's
                // items are sentences with a link in them.
                if let Some(l) = b.list
                    && let Some(&(c, lc, items)) = list_chars.get(&l)
                    && c > 0
                {
                    let lld = lc as f64 / c as f64;
                    if lld > 0.8 || (lld > 0.5 && c / items.max(1) < 100) {
                        return Some("list of links");
                    }
                }
                if ld > 0.8 || (ld > 0.5 && b.chars < 100) {
                    return Some("link");
                }
            }
            Kind::Heading(_) => {
                if ld > 0.5 {
                    return Some("link");
                }
            }
            _ => {
                if ld > 0.8 || (ld > 0.5 && b.chars < 60) {
                    return Some("link");
                }
            }
        }
        let n = norm(&b.text);
        if titles.contains(&n) {
            return Some("headline");
        }
        if matches!(b.kind, Kind::Heading(1)) && !first_good {
            return Some("headline");
        }
        if !first_good && b.chars < 120 && is_dateline(&b.text) {
            return Some("dateline");
        }
        if b.chars < 300 && self.rules.phrases.is_match(&b.text) {
            return Some("phrase");
        }
        None
    }

    /// The whole article around the body containers: the nearest `<article>` (or
    /// `role=article`) that holds them all.
    fn article_scope(&self, roots: &[usize]) -> Option<usize> {
        let dom = self.dom;
        let first = *roots.first()?;
        std::iter::once(first)
            .chain(dom.ancestors(first))
            .find(|&a| {
                dom.element(a).is_some_and(|e| {
                    self.rules.article_tags.contains(&e.tag)
                        || e.attr("role").is_some_and(|r| r == "article")
                })
            })
            .filter(|&a| roots.iter().all(|&r| dom.contains(a, r)))
    }

    /// The pull quotes of the article: the text of each pull-quote element, its `<cite>` or
    /// `<footer>` as the attribution.
    fn pull_quotes(&self, verdicts: &[(usize, Option<&str>)]) -> Vec<dossier_model::PullQuote> {
        let mut out: Vec<(usize, String, String)> = Vec::new();
        for &(bi, v) in verdicts {
            let b = &self.blocks[bi];
            let Some(p) = b.pull else { continue };
            if v != Some("pull quote") {
                continue;
            }
            if out.last().is_none_or(|(q, _, _)| *q != p) {
                out.push((p, String::new(), String::new()));
            }
            if let Some((_, text, cite)) = out.last_mut() {
                let dst = if b.cite { cite } else { text };
                if !dst.is_empty() {
                    dst.push(' ');
                }
                dst.push_str(&b.text);
            }
        }
        const QUOTES: &[char] = &['"', '\'', '‘', '’', '“', '”', '„', '«', '»', ' '];
        out.into_iter()
            .filter(|(_, text, _)| !text.trim().is_empty())
            .map(|(_, text, cite)| {
                let cite = cite.trim_start_matches(['-', '–', '—', ' ']).trim();
                dossier_model::PullQuote {
                    text: text.trim_matches(QUOTES).to_string(),
                    attribution: (!cite.is_empty()).then(|| cite.to_string()),
                }
            })
            .collect()
    }

    /// A line per block: verdict, kind, owner element and the start of the text.
    pub fn explain(&self, title_variants: &[String]) -> String {
        let (roots, why) = self.choose();
        let roots = &roots[..];
        let mut out = format!("{why}\n");
        for &r in roots {
            out.push_str(&format!("container {}\n", self.describe(r)));
        }
        for (b, v) in self.verdicts(roots, title_variants) {
            let block = &self.blocks[b];
            let text: String = block.text.chars().take(100).collect();
            let verdict = match (v, self.boiler_of[b]) {
                (Some("furniture"), Some(f)) => format!("furniture {}", self.describe(f)),
                (v, _) => v.unwrap_or("KEPT").to_string(),
            };
            out.push_str(&format!(
                "{:<18} {:<12} w{:<5.0} ld{:.2} {:<40} {}\n",
                verdict,
                format!("{:?}", block.kind),
                self.weight[b],
                block.link_density(),
                self.describe(block.owner)
                    .chars()
                    .take(40)
                    .collect::<String>(),
                text
            ));
        }
        out
    }

    fn describe(&self, i: usize) -> String {
        match self.dom.element(i) {
            Some(e) => format!("{}#{}[{}]", e.tag, i, e.class_id),
            None => format!("#{i}"),
        }
    }

    /// Sentence-like blocks of the whole page that are not furniture: the last resort.
    /// When every block is inside some furniture-named element (names can mislead), the
    /// sentence-like blocks outside comments.
    pub fn all_good(&self) -> Vec<BodyBlock> {
        let dom = self.dom;
        let mut in_comments = vec![false; dom.nodes.len()];
        for i in 0..dom.nodes.len() {
            in_comments[i] = dom.nodes[i].parent.is_some_and(|p| in_comments[p])
                || dom
                    .element(i)
                    .is_some_and(|e| self.rules.comments.matches(&e.class_id));
        }
        let good = |b: usize, strict: bool| {
            self.weight[b] > 0.0
                && match self.boiler_of[b] {
                    None => true,
                    Some(_) if strict => false,
                    Some(_) => !in_comments[self.blocks[b].owner],
                }
        };
        let mut picked: Vec<usize> = (0..self.blocks.len()).filter(|&b| good(b, true)).collect();
        if picked.is_empty() {
            picked = (0..self.blocks.len()).filter(|&b| good(b, false)).collect();
        }
        picked
            .into_iter()
            .map(|b| BodyBlock {
                kind: self.blocks[b].kind,
                text: self.blocks[b].text.clone(),
            })
            .collect()
    }
}

fn boiler_of_block(nearest: &[Option<usize>], b: &TextBlock) -> Option<usize> {
    nearest[b.owner]
}

/// How much a block counts as article text: its non-link characters when it reads like prose
/// (long enough, with sentence punctuation), else nothing.
fn text_weight(b: &TextBlock) -> f64 {
    if matches!(b.kind, Kind::Heading(_) | Kind::Caption) || b.chars < 40 {
        return 0.0;
    }
    let ld = b.link_density();
    if ld > 0.5 {
        return 0.0;
    }
    let sentence = b
        .text
        .chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ',' | '。' | '，' | '！' | '？' | '、'));
    if !sentence && b.chars < 120 {
        return 0.0;
    }
    b.chars as f64 * (1.0 - ld)
}

/// A line with a year and a time of day, as printed above articles (`Monday November 18, 2019
/// 7:45 am PST by Joe Rossignol`, `22 de outubro de 2010 às 20:13`): the date line, in any
/// language.
fn is_dateline(text: &str) -> bool {
    if text.ends_with(['.', '!', '?']) && !text.ends_with("a.m.") && !text.ends_with("p.m.") {
        return false;
    }
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let year = (0..b.len()).any(|i| {
        (i == 0 || !digit(i - 1))
            && (b[i..].starts_with(b"19") || b[i..].starts_with(b"20"))
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
    });
    let time = (0..b.len()).any(|i| {
        (b[i] == b':' || b[i] == b'h')
            && i > 0
            && digit(i - 1)
            && digit(i + 1)
            && digit(i + 2)
            && !digit(i + 3)
    });
    static AMPM: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let ampm = AMPM
        .get_or_init(|| {
            regex::Regex::new(r"(?i)\b\d{1,2}(:\d{2})?\s?(am|pm|a\.m\.|p\.m\.)(\s|$)").ok()
        })
        .as_ref()
        .is_some_and(|r| r.is_match(text));
    year && (time || ampm)
}

pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_in_any_language() {
        for line in [
            "Monday November 18, 2019 7:45 am PST by Joe Rossignol",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "NOVEMBER 20, 2019 10:43",
            "13/11/2017 - 20h07",
            "Updated 9 a.m. Nov. 18, 2019",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        for line in [
            "@noksutagram <The Palace> ‘2018 Welcome Daehak-ro Festival’ Performance",
            "In 2019 the market opened at 9:30 and closed at 16:00.",
            "Raqqa, 2017",
        ] {
            assert!(!is_dateline(line), "{line}");
        }
    }
}
