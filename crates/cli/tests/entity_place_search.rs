//! `dossier search --place/--entity` end to end: articles ingested into a temporary store are
//! found by the places and entities the analysers put in their records, by name in any
//! language, by GeoNames id, by country code and by stable entity id.

use std::path::Path;
use std::process::{Command, Output};

fn dossier(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("DOSSIER_HOME", home)
        .env(
            "DOSSIER_DATA",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        )
        .output()
        .expect("run dossier")
}

/// The ids of the records a search returns.
fn hits(home: &Path, filter: &[&str]) -> Vec<String> {
    let mut args = vec!["search", "--format", "json"];
    args.extend_from_slice(filter);
    let out = dossier(&args, home);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("search prints JSON");
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn places_and_entities_filter_search() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("store");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let raqqa =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/hln_nl_raqqa_convoy.txt");
    std::fs::copy(&raqqa, inbox.join("raqqa_nl.txt")).unwrap();
    std::fs::write(
        inbox.join("mosul_en.txt"),
        "Iraqi forces push into Mosul\n\nIraqi troops backed by the United States advanced into \
         western Mosul on Sunday, officials said. Islamic State fighters fired mortars at the \
         advancing units, the BBC reported.\n",
    )
    .unwrap();
    std::fs::write(
        inbox.join("antwerpen_nl.txt"),
        "Gemeenteraad van Antwerpen keurt begroting goed\n\nDe gemeenteraad van Antwerpen heeft \
         gisteravond de begroting voor volgend jaar goedgekeurd. De oppositie stemde tegen.\n",
    )
    .unwrap();
    let out = dossier(&["ingest", inbox.to_str().unwrap()], &home);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let all = hits(&home, &[]);
    assert_eq!(all.len(), 3);
    let by_file = |name: &str| -> String {
        let out = dossier(
            &[
                "extract",
                "--format",
                "jsonl",
                inbox.join(name).to_str().unwrap(),
            ],
            &home,
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("record");
        v["id"].as_str().unwrap().to_string()
    };
    let (raqqa_id, mosul_id, antwerp_id) = (
        by_file("raqqa_nl.txt"),
        by_file("mosul_en.txt"),
        by_file("antwerpen_nl.txt"),
    );

    // Places: by the name as written, the canonical name, the GeoNames id, the country code.
    assert_eq!(hits(&home, &["--place", "Raqqa"]), vec![raqqa_id.clone()]);
    assert_eq!(
        hits(&home, &["--place", "ar raqqah"]),
        vec![raqqa_id.clone()]
    );
    assert_eq!(hits(&home, &["--place", "172955"]), vec![raqqa_id.clone()]);
    assert_eq!(hits(&home, &["--place", "Mosul"]), vec![mosul_id.clone()]);
    assert_eq!(hits(&home, &["--place", "BE"]), vec![antwerp_id.clone()]);
    // Syrië (nl) is Syria: one place whatever the language it was named in.
    assert_eq!(hits(&home, &["--place", "Syria"]), vec![raqqa_id.clone()]);
    // The United States: `VS` in Dutch, `United States` in English, one GeoNames id.
    let mut both = vec![raqqa_id.clone(), mosul_id.clone()];
    both.sort();
    assert_eq!(hits(&home, &["--place", "6252001"]), both);
    assert_eq!(hits(&home, &["--place", "US"]), both);

    // Entities: by stable id across languages, and by canonical name.
    assert_eq!(hits(&home, &["--entity", "org:islamic-state"]), both);
    assert_eq!(hits(&home, &["--entity", "Islamic State"]), both);
    assert_eq!(hits(&home, &["--entity", "org:bbc"]), both);
    assert_eq!(
        hits(&home, &["--entity", "org:syrian-democratic-forces"]),
        vec![raqqa_id.clone()]
    );
    assert_eq!(
        hits(&home, &["--entity", "geonames:163843"]),
        vec![raqqa_id]
    );
    assert!(hits(&home, &["--entity", "org:nato"]).is_empty());
    assert!(hits(&home, &["--place", "Paris"]).is_empty());
}
