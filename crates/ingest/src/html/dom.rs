//! A flat, read-only copy of the parsed page: nodes in document order, each subtree a
//! contiguous index range, so every pass below is a loop instead of a recursion (deeply nested
//! pages cannot overflow the stack) and "is inside" is two comparisons.

use scraper::{Html, Node as HtmlNode};

pub(crate) struct Dom {
    pub nodes: Vec<Node>,
}

pub(crate) struct Node {
    pub parent: Option<usize>,
    /// One past the last node of this subtree.
    pub end: usize,
    pub data: Data,
}

pub(crate) enum Data {
    Element(Element),
    Text(String),
}

pub(crate) struct Element {
    /// Lower-case local name.
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    /// Lower-case `class` and `id` joined by a space: what boilerplate patterns look at.
    pub class_id: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Dom {
    /// Copies scraper's tree, leaving out comments, doctypes and processing instructions.
    pub fn from_html(html: &Html) -> Dom {
        let mut nodes: Vec<Node> = Vec::new();
        // Pre-order traversal with an explicit stack of (scraper node, parent index).
        let mut stack = vec![(html.tree.root(), None::<usize>)];
        // Indices of open ancestors, to close subtrees (`end`) when the walk leaves them.
        while let Some((node, parent)) = stack.pop() {
            let data = match node.value() {
                HtmlNode::Element(e) => {
                    let mut class_id = String::new();
                    if let Some(c) = e.attr("class") {
                        class_id.push_str(c);
                    }
                    if let Some(i) = e.attr("id") {
                        class_id.push(' ');
                        class_id.push_str(i);
                    }
                    Data::Element(Element {
                        tag: e.name().to_ascii_lowercase(),
                        attrs: e
                            .attrs()
                            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                            .collect(),
                        class_id: class_id.to_lowercase(),
                    })
                }
                HtmlNode::Text(t) => Data::Text(t.to_string()),
                HtmlNode::Document | HtmlNode::Fragment => Data::Element(Element {
                    tag: "#root".into(),
                    attrs: Vec::new(),
                    class_id: String::new(),
                }),
                _ => continue,
            };
            let idx = nodes.len();
            nodes.push(Node {
                parent,
                end: idx + 1,
                data,
            });
            let children: Vec<_> = node.children().collect();
            for child in children.into_iter().rev() {
                stack.push((child, Some(idx)));
            }
        }
        // Children come after their parent, so a reverse pass closes every subtree.
        for i in (0..nodes.len()).rev() {
            if let Some(p) = nodes[i].parent {
                let end = nodes[i].end;
                if end > nodes[p].end {
                    nodes[p].end = end;
                }
            }
        }
        Dom { nodes }
    }

    pub fn element(&self, i: usize) -> Option<&Element> {
        match &self.nodes.get(i)?.data {
            Data::Element(e) => Some(e),
            Data::Text(_) => None,
        }
    }

    pub fn tag(&self, i: usize) -> &str {
        self.element(i).map_or("", |e| e.tag.as_str())
    }

    /// Whether `inner` is `outer` or lies inside it.
    pub fn contains(&self, outer: usize, inner: usize) -> bool {
        outer <= inner && inner < self.nodes[outer].end
    }

    /// Ancestors of `i`, nearest first, `i` excluded.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes[i].parent, move |&p| self.nodes[p].parent)
    }

    /// Element indices in document order whose tag is `tag`.
    pub fn by_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes.len()).filter(move |&i| self.tag(i) == tag)
    }

    /// The text of a subtree with whitespace collapsed, skipping scripts and styles.
    pub fn text(&self, i: usize) -> String {
        let mut out = String::new();
        let mut j = i;
        while j < self.nodes[i].end {
            match &self.nodes[j].data {
                Data::Text(t) => {
                    out.push_str(t);
                    j += 1;
                }
                Data::Element(e) => {
                    if matches!(e.tag.as_str(), "script" | "style" | "noscript" | "template")
                        && j != i
                    {
                        j = self.nodes[j].end;
                        continue;
                    }
                    if is_block_tag(&e.tag) || e.tag == "br" {
                        out.push(' ');
                    }
                    j += 1;
                }
            }
        }
        collapse(&out)
    }
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Tags that start a new line of text when rendered; text inside them is a block of its own.
pub(crate) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
            | "#root"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtrees_are_ranges() {
        let html =
            Html::parse_document("<div id=a><p>One <b>two</b></p><p>three</p></div><p>x</p>");
        let dom = Dom::from_html(&html);
        let div = (0..dom.nodes.len()).find(|&i| dom.tag(i) == "div").unwrap();
        assert_eq!(dom.text(div), "One two three");
        let last_p = dom.by_tag("p").last().unwrap();
        assert!(!dom.contains(div, last_p));
        assert!(dom.by_tag("b").all(|b| dom.contains(div, b)));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(50_000) + "deep" + &"</div>".repeat(50_000);
        let dom = Dom::from_html(&Html::parse_document(&html));
        assert!(dom.text(0).contains("deep"));
    }
}
