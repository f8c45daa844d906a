//! Prints the extractor's own output (before the cleaner) as JSONL records with `text` =
//! title and non-caption blocks, to measure what the cleaner changes:
//! `cargo run -p dossier-ingest --example raw_blocks PAGE.html.gz...`.

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let raw = std::fs::read(&path)?;
        let mut bytes = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut bytes)?;
        } else {
            bytes = raw;
        }
        let text = String::from_utf8_lossy(&bytes);
        let d = dossier_ingest::extract_html(&text);
        let mut body = String::new();
        if let Some(t) = &d.title {
            body.push_str(t);
            body.push_str("\n\n");
        }
        for b in &d.blocks {
            if b.kind != dossier_ingest::BlockKind::Caption {
                body.push_str(&b.text);
                body.push_str("\n\n");
            }
        }
        let rec =
            serde_json::json!({"source": {"uri": path}, "meta": {"title": d.title}, "text": body});
        println!("{rec}");
    }
    Ok(())
}
