//! Support for Ponte's top-level examples, benchmarks and cross-layer tests:
//! finding the independent tools of `../shared` (the checker `ponte-check`
//! and the generator `ponte-gen`) and running them.
//!
//! CI always has `../shared` beside the repository; a user's clone may not.
//! Tests that need the tools call [`shared_tools`]. Where the tools are
//! absent it fails the test when the environment variable `CI` is set (a
//! CI run must check, not skip); elsewhere it prints a notice straight to
//! the terminal (past the test harness's capture), adds a line to
//! [`skip_log`] (which `scripts/ci/rust` counts in its summary line) and
//! returns `None`, and the test stops there. Set `PONTE_SHARED` to point
//! elsewhere.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Paths of the independent tools.
#[derive(Debug, Clone)]
pub struct SharedTools {
    /// `shared/tools/ponte-check`.
    pub checker: PathBuf,
    /// `shared/tools/gen/ponte-gen`.
    pub generator: PathBuf,
}

/// The repository root (where the workspace's Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this is a CI run: `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The file where every skip for missing shared tools adds a line
/// (`target/ponte-tests/skipped-shared-tools.log`); `scripts/ci/rust`
/// empties it before the tests and counts it after them.
pub fn skip_log() -> PathBuf {
    repo_root().join("target").join("ponte-tests").join("skipped-shared-tools.log")
}

/// Finds the shared tools: `$PONTE_SHARED` or `../shared` beside the
/// repository. When they are absent: a panic naming `what` under CI
/// ([`in_ci`]); otherwise `None`, after printing `SKIPPED what: ...` to the
/// terminal and recording the skip in [`skip_log`].
pub fn shared_tools(what: &str) -> Option<SharedTools> {
    let base =
        std::env::var_os("PONTE_SHARED").map(PathBuf::from).unwrap_or_else(|| repo_root().join("..").join("shared"));
    let tools = SharedTools {
        checker: base.join("tools").join("ponte-check"),
        generator: base.join("tools").join("gen").join("ponte-gen"),
    };
    if tools.checker.is_file() && tools.generator.is_file() {
        return Some(tools);
    }
    let notice = format!(
        "SKIPPED {what}: the shared tools (ponte-check, ponte-gen) are not at {} (set PONTE_SHARED)",
        base.display()
    );
    assert!(!in_ci(), "CI is set, so a missing shared tool is a failure: {notice}");
    // Straight to the process's stderr: the test harness captures
    // `eprintln!`, and a skip must be seen.
    let _ = writeln!(std::io::stderr(), "{notice}");
    let log = skip_log();
    if let Some(dir) = log.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(&log) {
        let _ = writeln!(file, "{what}");
    }
    None
}

/// A scratch directory under `target/` for test files (created if needed).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = repo_root().join("target").join("ponte-tests").join(name);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

impl SharedTools {
    /// Generates an instance with `ponte-gen` (extra arguments after size and seed); returns its JSON text.
    pub fn generate(&self, size: &str, seed: u64, extra: &[&str]) -> String {
        let out = Command::new("python3")
            .arg(&self.generator)
            .args(["--size", size, "--seed", &seed.to_string(), "-o", "-"])
            .args(extra)
            .output()
            .expect("run ponte-gen");
        assert!(out.status.success(), "ponte-gen failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("ponte-gen output is UTF-8")
    }

    /// Runs `ponte-check PROBLEM SOLUTION --json`; returns the exit code and the parsed report.
    pub fn check(&self, problem: &Path, solution: &Path) -> (i32, serde_json::Value) {
        let out = Command::new("python3")
            .arg(&self.checker)
            .arg(problem)
            .arg(solution)
            .arg("--json")
            .output()
            .expect("run ponte-check");
        let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        (out.status.code().unwrap_or(-1), report)
    }

    /// Runs `ponte-check --validate PROBLEM --json`; returns the exit code and the parsed report.
    pub fn validate(&self, problem: &Path) -> (i32, serde_json::Value) {
        let out = Command::new("python3")
            .arg(&self.checker)
            .arg("--validate")
            .arg(problem)
            .arg("--json")
            .output()
            .expect("run ponte-check");
        let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        (out.status.code().unwrap_or(-1), report)
    }

    /// Checks many `(problem, solution)` file pairs in one checker process;
    /// returns the checker's JSON report of each, in order.
    pub fn check_many(&self, pairs: &[(PathBuf, PathBuf)]) -> Vec<serde_json::Value> {
        if pairs.is_empty() {
            return Vec::new();
        }
        let tools_dir = self.checker.parent().expect("checker has a folder").to_path_buf();
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let list = scratch_dir("check-many").join(format!("pairs-{}-{call}.tsv", std::process::id()));
        let text: String = pairs.iter().map(|(p, s)| format!("{}\t{}\n", p.display(), s.display())).collect();
        std::fs::write(&list, text).expect("write pair list");
        let script = repo_root().join("tests").join("support").join("check_many.py");
        let out = Command::new("python3").arg(script).arg(tools_dir).arg(&list).output().expect("run check_many.py");
        assert!(out.status.success(), "check_many.py failed: {}", String::from_utf8_lossy(&out.stderr));
        let reports: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("checker report is JSON"))
            .collect();
        assert_eq!(reports.len(), pairs.len(), "one report per pair");
        reports
    }

    /// Asserts that `ponte-check` accepts the solution (exit 0: feasible,
    /// complete, right reasons, cost equal), printing its report otherwise.
    pub fn assert_accepts(&self, problem: &Path, solution: &Path) {
        let (code, report) = self.check(problem, solution);
        assert_eq!(
            code,
            0,
            "ponte-check refused {}:\n{}",
            solution.display(),
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    }
}

/// SplitMix64: a small deterministic generator for tests that pick
/// mutations and random cases (the same sequence on every platform).
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A draw in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() % 1_000_000) as f64 / 1_000_000.0 < p
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// A draw in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next_u64() % ((high - low + 1) as u64)) as i64
    }

    /// A random item (`None` for an empty slice).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}
