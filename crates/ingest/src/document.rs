use dossier_model::{Format, Meta};

/// One article as read, before cleaning.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it came from (`path`, `path#L3`, `path#2`); `None` for standard input.
    pub uri: Option<String>,
    pub format: Format,
    /// The encoding the bytes were decoded from.
    pub encoding: Option<String>,
    pub body: Body,
    /// Metadata given with the input (JSONL fields, feed item fields, WARC target URI).
    pub given: Meta,
    /// Problems that did not stop reading (e.g. truncated HTML), to report as warnings.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Body {
    Text(String),
    Html(String),
}

/// A structured article on its way to the cleaner: a title, blocks of text and metadata.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub meta: Meta,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    Caption,
    /// A block quote or pull quote marked as such in the markup.
    Quote,
    ListItem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn para(text: impl Into<String>) -> Self {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }
}
