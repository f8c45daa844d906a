//! Bad input: every broken input gets one error line naming it and the problem, the other
//! inputs go on, the exit code is 1, and what was already stored is intact.

use std::path::{Path, PathBuf};
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

fn raqqa() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/hln_nl_raqqa_convoy.txt")
}

/// A directory holding one of each kind of bad input, and two good articles.
fn mixed_dir(root: &Path) -> PathBuf {
    let d = root.join("inbox");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    )
    .unwrap();
    let mut mixed = "Syrië en Turkije zijn buurlanden, zegt de minister."
        .as_bytes()
        .to_vec();
    mixed.extend_from_slice(b" Caf\xe9 \xff\xfe kapot.");
    std::fs::write(d.join("broken-utf8.txt"), mixed).unwrap();
    std::fs::write(
        d.join("cut.html"),
        "<html><head><title>Konvooi</title></head><body><article><p>Een gewapend konvooi verliet midden oktober de Syrische stad Raqqa, zo vertelden getuigen aan de BBC. De stoet was zes tot zeven kilometer lang en bestond uit vijftig vrachtwagens.</p><p>Tientallen bulldozers ontvi",
    )
    .unwrap();
    std::fs::write(
        d.join("sub/feed.jsonl"),
        "{\"title\": \"Goed\", \"text\": \"Dit artikel over de Brexit-onderhandelingen is in orde en wordt opgeslagen.\"}\n{\"title\": \"kapot\"\n\n{\"title\": \"Ook goed\", \"text\": \"Nog een artikel over de gemeenteraadsverkiezingen in Antwerpen en Gent.\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("huge.txt"), vec![b'a'; 6000]).unwrap();
    d
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("store");
    // A store that already holds the Raqqa article.
    let first = dossier(&["ingest", raqqa().to_str().unwrap()], &home);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let dir = mixed_dir(tmp.path());
    let missing = tmp.path().join("no-such-file.txt");
    let out = dossier(
        &[
            "ingest",
            "--max-size",
            "4000",
            dir.to_str().unwrap(),
            missing.to_str().unwrap(),
            raqqa().to_str().unwrap(),
        ],
        &home,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    let expect = [
        ("empty.txt", "empty file"),
        ("image.txt", "binary data"),
        ("broken-utf8.txt", "invalid UTF-8 at byte"),
        ("feed.jsonl:2", "malformed JSON"),
        ("huge.txt", "too large: 6000 bytes, over the limit of 4000"),
        ("no-such-file.txt", "no such file or directory"),
    ];
    for (name, problem) in expect {
        assert!(
            errors
                .iter()
                .any(|l| l.contains(name) && l.contains(problem)),
            "no error line for {name} ({problem}) in:\n{stderr}"
        );
    }
    assert_eq!(errors.len(), expect.len(), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("warning: ")
            && l.contains("cut.html")
            && l.contains("truncated HTML")),
        "{stderr}"
    );
    let summary = stderr.lines().find(|l| l.starts_with("read ")).unwrap();
    assert!(
        summary.starts_with("read 4, new 3, already present 1, failed 6"),
        "{summary}"
    );

    // What was stored before is intact; the good inputs are searchable.
    let stats = dossier(&["stats", "--format", "json"], &home);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["records"], 4);
    let found = dossier(&["search", "--format", "json", "strijders"], &home);
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["total"], 1);
    let found = dossier(&["search", "--format", "json", "bulldozers"], &home);
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["total"], 1, "the truncated page's text is stored");
}

#[test]
fn extract_goes_on_after_a_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = dossier(
        &[
            "extract",
            "--format",
            "jsonl",
            empty.to_str().unwrap(),
            raqqa().to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    let rec: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(rec["schema"], "dossier/1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
}

#[test]
fn reading_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["extract", "--format", "jsonl", "-"])
        .env(
            "DOSSIER_DATA",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        )
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(std::fs::read(raqqa()).unwrap().as_slice())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["source"]["uri"], serde_json::Value::Null);
    assert_eq!(rec["meta"]["byline"], "JC");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dossier(&["extract"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let out = dossier(&["frobnicate"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
}
