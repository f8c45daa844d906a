//! Crash safety: an ingest killed mid-run leaves a store that opens, keeps every committed
//! record, and a second run completes the rest.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn bbc_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bbc-news/business");
    d.is_dir().then_some(d)
}

fn dossier(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.env("DOSSIER_HOME", home).env(
        "DOSSIER_DATA",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"),
    );
    c
}

fn stored(home: &Path) -> u64 {
    let out = dossier(home)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v["records"].as_u64())
        .unwrap_or(0)
}

#[test]
fn killed_ingest_loses_nothing_committed() {
    let Some(dir) = bbc_dir() else {
        eprintln!("skipped: ../shared/data/bbc-news is not beside the checkout");
        return;
    };
    let total = std::fs::read_dir(&dir).unwrap().count() as u64;
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("store");
    let mut child = dossier(&home)
        .args(["ingest", "-j", "1", dir.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut seen = 0;
    while start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(50));
        if home.join("records.sqlite").exists() {
            seen = stored(&home);
            if seen > 0 {
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    assert!(seen > 0, "no batch was committed within the time limit");
    let after_kill = stored(&home);
    assert!(
        after_kill >= seen,
        "committed records were lost: {after_kill} < {seen}"
    );

    let out = dossier(&home)
        .args(["ingest", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary = stderr.lines().find(|l| l.starts_with("read ")).unwrap();
    let field = |name: &str| -> u64 {
        let rest = &summary[summary.find(name).unwrap() + name.len()..];
        rest.trim_start()
            .split([' ', ','])
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (read, new) = (field("read"), field("new"));
    // The corpus holds a few verbatim duplicates: they are `already present` too.
    assert_eq!(stored(&home), after_kill + new, "{summary}");
    assert!(read >= total - 5, "{summary}");
    // The index agrees with the records: every article is findable.
    let found = dossier(&home)
        .args(["search", "--format", "json", "--limit", "1", "the"])
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["total"].as_u64(), Some(after_kill + new));
    if finished_early {
        eprintln!("note: the first ingest finished before it could be killed");
    }
}
