//! The page as a sequence of text blocks, the way a browser would break it into lines: each
//! block is the text between two block-level boundaries, with the element that owns it, how
//! much of it is link text, and what kind of text it is.

use super::dom::{Data, Dom, collapse, is_block_tag};
use super::rules::HtmlRules;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Para,
    Heading(u8),
    Item,
    Quote,
    Caption,
    Pre,
    Cell,
}

#[derive(Debug)]
pub(crate) struct TextBlock {
    /// The nearest block-level element around the text.
    pub owner: usize,
    pub text: String,
    pub chars: usize,
    pub link_chars: usize,
    pub kind: Kind,
    /// The nearest `ul`/`ol`/`dl` around the block.
    pub list: Option<usize>,
    /// The pull quote the block belongs to.
    pub pull: Option<usize>,
    /// Inside a `<cite>` or `<footer>`: in a pull quote, its attribution.
    pub cite: bool,
}

impl TextBlock {
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// How the extractor treats an element on its own account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    Normal,
    /// Never text (scripts, forms controls, media).
    Skip,
    /// Page furniture by its name, role or visibility; may be overruled when it wraps the
    /// article.
    Boiler,
    /// An embedded post the article quotes: content whatever its wrappers are called.
    Embed,
}

/// What an element's text is, by its name, besides article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Plain,
    Caption,
    PullQuote,
}

/// Classifies every element by tag, role, visibility and class/id name.
pub(crate) fn marks(dom: &Dom, rules: &HtmlRules) -> (Vec<Mark>, Vec<Part>) {
    let mut marks = vec![Mark::Normal; dom.nodes.len()];
    let mut parts = vec![Part::Plain; dom.nodes.len()];
    for (i, node) in dom.nodes.iter().enumerate() {
        let Data::Element(e) = &node.data else {
            continue;
        };
        if rules.drop_tags.contains(&e.tag) {
            marks[i] = Mark::Skip;
            continue;
        }
        if rules.embeds.matches(&e.class_id) {
            marks[i] = Mark::Embed;
            continue;
        }
        let body_like = is_body_name(e, rules) || rules.post_classes.matches(&e.class_id);
        if !body_like && rules.pull_quotes.matches(&e.class_id) {
            // Set apart, whatever element (often an <aside>) carries it.
            parts[i] = Part::PullQuote;
            continue;
        }
        let hidden = e.attr("hidden").is_some()
            || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
            || e.attr("style").is_some_and(|s| {
                let s: String = s
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                s.contains("display:none") || s.contains("visibility:hidden")
            });
        let role = e
            .attr("role")
            .is_some_and(|r| rules.drop_roles.contains(&r.trim().to_ascii_lowercase()));
        let itemprop = e.attr("itemprop").is_some_and(|p| {
            p.split_whitespace()
                .any(|p| rules.drop_itemprops.contains(&p.to_ascii_lowercase()))
        });
        if hidden
            || role
            || itemprop
            || rules.soft_drop_tags.contains(&e.tag)
            || (!body_like && rules.boilerplate.matches(&e.class_id))
        {
            marks[i] = Mark::Boiler;
        }
        if e.tag == "figcaption" || (!body_like && rules.captions.matches(&e.class_id)) {
            parts[i] = Part::Caption;
        }
    }
    (marks, parts)
}

/// Whether an element's name says it holds an article body.
pub(crate) fn is_body_name(e: &super::dom::Element, rules: &HtmlRules) -> bool {
    rules.body_strong.matches(&e.class_id)
        || rules
            .body_attrs
            .iter()
            .any(|(k, v)| e.attr(k).is_some_and(|a| a.trim().eq_ignore_ascii_case(v)))
}

/// Breaks the page into text blocks in document order, skipping `Skip` subtrees.
pub(crate) fn text_blocks(dom: &Dom, marks: &[Mark], parts: &[Part]) -> Vec<TextBlock> {
    // Block-level elements, inline ones marked as captions (a `<span class="caption">` inside
    // a paragraph) or pull quotes, and a pull quote's <cite>: their text is a block of its
    // own. (Inline elements with furniture names are often tag links inside sentences: they
    // stay inline.)
    let ctx = contexts(dom, parts);
    let blockish: Vec<bool> = (0..dom.nodes.len())
        .map(|i| {
            dom.element(i).is_some_and(|e| {
                is_block_tag(&e.tag)
                    || (parts[i] != Part::Plain && e.tag != "a")
                    || (e.tag == "cite" && ctx[i].pull.is_some())
            })
        })
        .collect();
    let mut out = Vec::new();
    // Open elements, and the block-level ones among them.
    let mut stack: Vec<usize> = Vec::new();
    let mut open_blocks: Vec<usize> = Vec::new();
    let mut cur = String::new();
    let mut cur_links = 0usize;
    let mut links_open = 0usize;
    let mut last_br = false;
    let n = dom.nodes.len();
    let mut i = 0;
    // Ranges `(from, to)` to jump over: the hidden part of a hover card.
    let mut jumps: Vec<(usize, usize)> = Vec::new();
    while i < n {
        while let Some(&(from, to)) = jumps.last()
            && i >= from
        {
            i = i.max(to);
            jumps.pop();
        }
        if i >= n {
            break;
        }
        // Close the elements this node is not inside.
        while let Some(&top) = stack.last() {
            if dom.nodes[top].end <= i {
                stack.pop();
                let tag = dom.tag(top);
                if tag == "a" {
                    links_open = links_open.saturating_sub(1);
                }
                if blockish[top] {
                    open_blocks.pop();
                    flush(&ctx, top, &mut cur, &mut cur_links, &mut out);
                }
            } else {
                break;
            }
        }
        match &dom.nodes[i].data {
            Data::Text(t) => {
                if !t.trim().is_empty() {
                    last_br = false;
                    if links_open > 0 {
                        cur_links += t
                            .split_whitespace()
                            .map(|w| w.chars().count() + 1)
                            .sum::<usize>();
                    }
                }
                cur.push_str(t);
                i += 1;
            }
            Data::Element(e) => {
                if marks[i] == Mark::Skip {
                    i = dom.nodes[i].end;
                    continue;
                }
                if inline_furniture(dom, marks, i) {
                    // A hover card keeps its visible trigger: a link that opens it.
                    match leading_link(dom, i) {
                        Some(a) => jumps.push((dom.nodes[a].end, dom.nodes[i].end)),
                        None => {
                            i = dom.nodes[i].end;
                            continue;
                        }
                    }
                }
                if e.tag == "br" {
                    if last_br {
                        let owner = open_blocks.last().copied().unwrap_or(0);
                        flush(&ctx, owner, &mut cur, &mut cur_links, &mut out);
                    } else {
                        cur.push('\n');
                        last_br = true;
                    }
                    i += 1;
                    continue;
                }
                if blockish[i] {
                    let owner = open_blocks.last().copied().unwrap_or(0);
                    flush(&ctx, owner, &mut cur, &mut cur_links, &mut out);
                    last_br = false;
                    open_blocks.push(i);
                } else if matches!(e.tag.as_str(), "td" | "th") {
                    // The cells of a row are one line, separated.
                    cur.push(' ');
                }
                if e.tag == "a" {
                    links_open += 1;
                }
                stack.push(i);
                i += 1;
            }
        }
    }
    let owner = open_blocks.last().copied().unwrap_or(0);
    flush(&ctx, owner, &mut cur, &mut cur_links, &mut out);
    out
}

/// A furniture-named inline element (a hover card, a hidden label, a date span) inside a
/// paragraph: left out without breaking the paragraph. A furniture-named link, such as an
/// automatic tag link on a name, is part of the sentence and stays.
fn inline_furniture(dom: &Dom, marks: &[Mark], i: usize) -> bool {
    if marks[i] != Mark::Boiler {
        return false;
    }
    let Some(e) = dom.element(i) else {
        return false;
    };
    !(is_block_tag(&e.tag) || e.tag == "a")
}

/// The first child of `i` when it is a link with no text before it.
fn leading_link(dom: &Dom, i: usize) -> Option<usize> {
    let mut c = i + 1;
    while c < dom.nodes[i].end {
        match &dom.nodes[c].data {
            Data::Text(t) if t.trim().is_empty() => c += 1,
            Data::Element(e) if e.tag == "a" => return Some(c),
            _ => return None,
        }
    }
    None
}

/// What the elements around a node make of its text: the innermost heading level, whether it
/// sits in a caption, quote, list item, preformatted block or table, and its nearest list.
#[derive(Clone, Copy, Default)]
pub(crate) struct Context {
    heading: Option<u8>,
    caption: bool,
    figure: bool,
    quote: bool,
    item: bool,
    pre: bool,
    cell: bool,
    list: Option<usize>,
    pull: Option<usize>,
    cite: bool,
}

/// The context of every node, in one pass from the root down (parents come first).
pub(crate) fn contexts(dom: &Dom, parts: &[Part]) -> Vec<Context> {
    let mut out: Vec<Context> = Vec::with_capacity(dom.nodes.len());
    for (i, node) in dom.nodes.iter().enumerate() {
        let mut c = node.parent.map(|p| out[p]).unwrap_or_default();
        match parts[i] {
            Part::Caption => c.caption = true,
            Part::PullQuote => c.pull = Some(i),
            Part::Plain => {}
        }
        match dom.tag(i) {
            "h1" => c.heading = Some(1),
            "h2" => c.heading = Some(2),
            "h3" => c.heading = Some(3),
            "h4" => c.heading = Some(4),
            "h5" => c.heading = Some(5),
            "h6" => c.heading = Some(6),
            "figure" => c.figure = true,
            "blockquote" => c.quote = true,
            "li" | "dd" | "dt" => c.item = true,
            "pre" => c.pre = true,
            "td" | "th" | "tr" => c.cell = true,
            "ul" | "ol" | "dl" => c.list = Some(i),
            "cite" | "footer" => c.cite = true,
            _ => {}
        }
        out.push(c);
    }
    out
}

fn flush(
    ctx: &[Context],
    owner: usize,
    cur: &mut String,
    cur_links: &mut usize,
    out: &mut Vec<TextBlock>,
) {
    let text = collapse(cur);
    cur.clear();
    let links = std::mem::take(cur_links);
    if text.is_empty() {
        return;
    }
    let c = ctx[owner];
    // A figure's own text is its caption; a quote or table set in a figure (an embedded
    // post, a data table) is still a quote or table.
    let kind = if c.caption && c.heading.is_none() {
        Kind::Caption
    } else if let Some(h) = c.heading {
        Kind::Heading(h)
    } else if c.quote {
        Kind::Quote
    } else if c.cell {
        Kind::Cell
    } else if c.figure {
        Kind::Caption
    } else if c.item {
        Kind::Item
    } else if c.pre {
        Kind::Pre
    } else {
        Kind::Para
    };
    let chars = text.chars().count();
    out.push(TextBlock {
        owner,
        chars,
        link_chars: links.min(chars),
        text,
        kind,
        list: c.list,
        pull: c.pull,
        cite: c.cite,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn blocks(html: &str) -> Vec<(Kind, String, usize)> {
        let dom = Dom::from_html(&Html::parse_document(html));
        let rules = super::super::rules::html_rules().unwrap();
        let (m, c) = marks(&dom, &rules);
        text_blocks(&dom, &m, &c)
            .into_iter()
            .map(|b| (b.kind, b.text, b.link_chars))
            .collect()
    }

    #[test]
    fn blocks_follow_rendering() {
        let b = blocks(
            "<div>Intro <b>bold</b> text<p>A <a href=x>link</a> here.</p>tail<br><br>after<ul><li>one</li></ul>\
             <blockquote><p>Quoted.</p></blockquote><figure><figcaption>Cap</figcaption></figure><h2>Sub</h2>\
             <script>var x = 1;</script></div>",
        );
        let kinds: Vec<(Kind, &str)> = b.iter().map(|(k, t, _)| (*k, t.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Para, "Intro bold text"),
                (Kind::Para, "A link here."),
                (Kind::Para, "tail"),
                (Kind::Para, "after"),
                (Kind::Item, "one"),
                (Kind::Quote, "Quoted."),
                (Kind::Caption, "Cap"),
                (Kind::Heading(2), "Sub"),
            ]
        );
        assert_eq!(b[1].2, 5);
    }
}
