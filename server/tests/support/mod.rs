//! Shared helpers of the service's tests: start the real `ponte-server`
//! binary on a free loopback port with a fresh store (a SQLite folder, or a
//! fresh database on the PostgreSQL server of `PONTE_TEST_DATABASE_URL`),
//! talk HTTP to it, export its plan and check it with `ponte-check`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

pub const NET: &str = "visconteo";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ponte-server")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where a server keeps its data: `--data DIR` or `--database URL`.
#[derive(Clone, Debug)]
pub struct Store {
    pub args: Vec<String>,
    pub dir: PathBuf,
    pub postgres: bool,
}

/// Whether the suite runs against PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var("PONTE_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

/// A fresh, empty store.
pub fn fresh_store(name: &str) -> Store {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = ponte_suite::scratch_dir("server").join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    match postgres_url() {
        None => Store { args: vec!["--data".into(), dir.join("data").display().to_string()], dir, postgres: false },
        Some(url) => {
            let db = format!("ponte_t_{}_{}_{}", name.replace('-', "_"), std::process::id(), n);
            let admin = url.clone();
            let create = db.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    use sqlx::Connection;
                    let mut conn =
                        sqlx::PgConnection::connect(&admin).await.expect("connect to PONTE_TEST_DATABASE_URL");
                    sqlx::query(&format!("CREATE DATABASE {create}"))
                        .execute(&mut conn)
                        .await
                        .expect("create database");
                })
            })
            .join()
            .unwrap();
            let base = &url[..url.rfind('/').expect("URL with a database name")];
            // Every instance on one PostgreSQL database shares one secret file.
            let secret = dir.join("secret.key");
            std::fs::write(&secret, format!("{:064x}\n", (std::process::id() as u128) << 64 | n as u128)).unwrap();
            let args =
                vec!["--database".into(), format!("{base}/{db}"), "--secret-file".into(), secret.display().to_string()];
            Store { args, dir, postgres: true }
        }
    }
}

/// The service's clock in every test (`--now`): the Friday morning before
/// the bundled week, so that the week's own dates are the coming week
/// whatever day the tests run on (no test reads the real date).
pub const TEST_NOW: &str = "2026-04-24T08:00+02:00";

/// The shared test clock's instant now, for `--now`: [`TEST_NOW`] when this
/// test process first asked, running on in real time from there, so that a
/// server restarted in a test sees time go on, not back.
pub fn test_now() -> String {
    static FIRST: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let elapsed = FIRST.get_or_init(std::time::Instant::now).elapsed().as_secs() as i64;
    let t = ponte_server::clock::parse(TEST_NOW).unwrap() + elapsed;
    chrono::DateTime::from_timestamp(t, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Monday of the bundled week (its `horizon.start`), served as it is.
pub fn week_start() -> String {
    "2026-04-27".to_string()
}

/// Sets this test process's service clock to [`TEST_NOW`] (for tests that
/// drive `App` in process rather than the binary).
pub fn set_test_clock() {
    ponte_server::clock::set(ponte_server::clock::parse(TEST_NOW).unwrap()).unwrap();
}

/// Runs the binary with `args`; panics with its stderr on failure; returns stdout.
pub fn run(args: &[String]) -> String {
    let out = Command::new(bin())
        .args(args)
        .env_remove("PONTE_DATABASE_URL")
        .env("PONTE_NOW", test_now())
        .output()
        .expect("run ponte-server");
    assert!(out.status.success(), "ponte-server {:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Imports the bundled Visconteo week with its own dates (the coming week by [`TEST_NOW`]).
pub fn import_visconteo(store: &Store) -> String {
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(store.args.clone());
    args.extend(
        [
            "--network",
            NET,
            &repo().join("examples/data/visconteo-week.json").display().to_string(),
            "--iterations",
            "500",
        ]
        .map(String::from),
    );
    run(&args)
}

/// A new planner token.
pub fn planner_token(store: &Store) -> String {
    let mut args: Vec<String> = vec!["token".into()];
    args.extend(store.args.clone());
    args.extend(["--network", NET, "--role", "planner"].map(String::from));
    run(&args).trim().to_string()
}

/// A running server.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub store: Store,
    pub log: PathBuf,
}

impl Server {
    /// A fresh store with the Visconteo week, and a server on it.
    pub fn start(name: &str, extra: &[&str]) -> Server {
        let store = fresh_store(name);
        import_visconteo(&store);
        Server::serve(&store, extra)
    }

    /// A server on an existing store (`--rate-per-second 0` unless `extra` sets it).
    pub fn serve(store: &Store, extra: &[&str]) -> Server {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let log = store.dir.join(format!("server-{n}.log"));
        let mut args: Vec<String> = vec!["serve".into()];
        args.extend(store.args.clone());
        args.extend(["--listen", "127.0.0.1:0", "--sweep-seconds", "1"].map(String::from));
        if !extra.contains(&"--rate-per-second") {
            args.extend(["--rate-per-second", "0"].map(String::from));
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut child = Command::new(bin())
            .args(&args)
            .env_remove("PONTE_DATABASE_URL")
            .env("PONTE_NOW", test_now())
            .env("RUST_LOG", "debug,sqlx=warn,hyper=info,h2=info,tower=info")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(std::fs::File::create(&log).expect("log file")))
            .spawn()
            .expect("start ponte-server");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).expect("read the address");
        // Keep reading (and dropping) whatever else the server prints.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        let base = line
            .trim()
            .strip_prefix("ponte-server listening on ")
            .unwrap_or_else(|| {
                panic!("server did not start: {line:?}; log: {}", std::fs::read_to_string(&log).unwrap_or_default())
            })
            .to_string();
        Server { child, base, store: store.clone(), log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Exports the current problem and plan with the CLI.
    pub fn export(&self, tag: &str) -> (PathBuf, PathBuf, Value, Value) {
        export(&self.store, tag)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Exports a store's current problem and plan (`ponte-server export`).
pub fn export(store: &Store, tag: &str) -> (PathBuf, PathBuf, Value, Value) {
    let problem = store.dir.join(format!("{tag}-problem.json"));
    let plan = store.dir.join(format!("{tag}-plan.json"));
    let mut args: Vec<String> = vec!["export".into()];
    args.extend(store.args.clone());
    args.extend(["--network".to_string(), NET.to_string(), "--plan".into(), plan.display().to_string()]);
    args.extend(["--problem".to_string(), problem.display().to_string()]);
    run(&args);
    let p: Value = serde_json::from_str(&std::fs::read_to_string(&problem).unwrap()).unwrap();
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    (problem, plan, p, s)
}

/// Checks a plan with `ponte-check` (skip outside CI where the tools are absent; fail under CI=true).
pub fn check_plan(problem: &Path, plan: &Path) {
    match ponte_suite::shared_tools("ponte-server plan check") {
        Some(tools) => tools.assert_accepts(problem, plan),
        None => assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: the shared tools are required"),
    }
}

/// Request ids of bookings (`bk-...`) in a plan, each as often as assigned.
pub fn booked_codes(plan: &Value) -> Vec<String> {
    plan["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["request"].as_str().and_then(|r| r.strip_prefix("bk-")).map(String::from))
        .collect()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().pool_max_idle_per_host(64).build().unwrap()
}

/// GET JSON.
pub async fn get(c: &reqwest::Client, url: &str) -> (u16, Value) {
    let r = c.get(url).send().await.expect("GET");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// POST JSON.
pub async fn post(c: &reqwest::Client, url: &str, body: &Value) -> (u16, Value) {
    let r = c.post(url).json(body).send().await.expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Free slots of the whole moved week.
pub async fn week_slots(
    c: &reqwest::Client,
    s: &Server,
    office: &str,
    language: &str,
    duration: i64,
    modality: Option<&str>,
) -> Vec<Value> {
    let start = week_start();
    let from = format!("{start}T00:00");
    let to = (chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap() + chrono::Duration::days(7))
        .format("%Y-%m-%dT00:00")
        .to_string();
    let mut url = format!(
        "{}/v1/networks/{NET}/slots?office={office}&language={language}&duration={duration}&from={from}&to={to}",
        s.base
    );
    if let Some(m) = modality {
        url.push_str(&format!("&modality={m}"));
    }
    let (status, body) = get(c, &url).await;
    assert_eq!(status, 200, "{body}");
    body["slots"].as_array().unwrap().clone()
}

pub fn hold_body(slot: &Value) -> Value {
    serde_json::json!({
        "office": slot["office"], "language": slot["language"], "duration_minutes": slot["duration_minutes"],
        "start": slot["start"], "modality": slot["modality"],
    })
}

/// `n` slots far apart (different days first), for races with one winner each.
pub fn spread(slots: &[Value], n: usize) -> Vec<Value> {
    let mut days: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for s in slots {
        let day = s["start"].as_str().unwrap()[..10].to_string();
        if !days.contains(&day) {
            days.push(day);
            out.push(s.clone());
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// A PostgreSQL client tool (`psql`, `pg_dump`, `pg_restore`): from
/// `PONTE_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`, else `PATH`.
pub fn pg_tool(name: &str) -> String {
    if let Ok(dir) = std::env::var("PONTE_PG_BIN") {
        return format!("{dir}/{name}");
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).filter(|p| p.join(name).is_file()).collect())
        .unwrap_or_default();
    dirs.sort_by_key(|p| {
        p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok())
    });
    dirs.pop().map(|d| d.join(name).display().to_string()).unwrap_or_else(|| name.to_string())
}

/// The name every resident of [`booking_load`] books under.
pub const LOAD_RESIDENT: &str = "Load Resident";

/// `clients` residents booking at random in the bundled week until `stop`; every 201
/// confirmation is pushed (code, cancel token) to `answered`.
pub fn booking_load(
    c: &reqwest::Client,
    base: &str,
    offices: &[String],
    answered: &Arc<Mutex<Vec<(String, String)>>>,
    stop: &Arc<AtomicBool>,
    clients: u64,
    seed: u64,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for k in 0..clients {
        let (c, base, answered, stop, offices) =
            (c.clone(), base.to_string(), answered.clone(), stop.clone(), offices.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut rng = ponte_suite::SplitMix(k + seed);
            let week = week_start();
            while !stop.load(Ordering::SeqCst) {
                let office = rng.pick(&offices).unwrap();
                let language = ["ar", "en", "fr", "uk", "es"][rng.below(5)];
                let day = chrono::NaiveDate::parse_from_str(&week, "%Y-%m-%d").unwrap()
                    + chrono::Duration::days(rng.below(5) as i64);
                let url = format!(
                    "{base}/v1/networks/{NET}/slots?office={office}&language={language}&duration=30&from={day}T08:00&to={day}T19:00"
                );
                let Ok(r) = c.get(&url).send().await else { break };
                let Ok(body) = r.json::<Value>().await else { break };
                let Some(slot) = body["slots"].as_array().and_then(|s| rng.pick(s).cloned()) else { continue };
                let Ok(r) = c.post(format!("{base}/v1/networks/{NET}/holds")).json(&hold_body(&slot)).send().await
                else {
                    break;
                };
                if r.status().as_u16() != 201 {
                    continue;
                }
                let Ok(hold) = r.json::<Value>().await else { break };
                let confirm = format!("{base}/v1/holds/{}/confirm", hold["hold"].as_str().unwrap());
                let body = json!({"name": LOAD_RESIDENT, "contact": "load@example.org"});
                let Ok(r) = c.post(&confirm).json(&body).send().await else { break };
                if r.status().as_u16() == 201 {
                    let Ok(b) = r.json::<Value>().await else { break };
                    let code = b["code"].as_str().unwrap().to_string();
                    answered.lock().unwrap().push((code, b["cancel_token"].as_str().unwrap().to_string()));
                }
            }
        }));
    }
    tasks
}

pub async fn office_ids(c: &reqwest::Client, s: &Server) -> Vec<String> {
    let (_, offices) = get(c, &s.url(&format!("/v1/networks/{NET}/offices"))).await;
    offices["offices"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_string()).collect()
}

/// A resident holds `slot` and confirms it under `name`; asserts both 201s and
/// returns the confirmation (`code`, `cancel_token`, ...).
pub async fn book_slot(c: &reqwest::Client, s: &Server, slot: &Value, name: &str) -> Value {
    let (status, hold) = post(c, &s.url(&format!("/v1/networks/{NET}/holds")), &hold_body(slot)).await;
    assert_eq!(status, 201, "{hold}");
    let confirm = s.url(&format!("/v1/holds/{}/confirm", hold["hold"].as_str().unwrap()));
    let (status, booked) = post(c, &confirm, &json!({"name": name, "contact": "resident@example.org"})).await;
    assert_eq!(status, 201, "{booked}");
    booked
}

/// A problem document without the service's bookings (`bk-` requests): the
/// planner's own problem.
pub fn without_bookings(problem: &Value) -> Value {
    let mut base = problem.clone();
    base["requests"] = json!(problem["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["id"].as_str().unwrap().starts_with("bk-"))
        .cloned()
        .collect::<Vec<_>>());
    base
}

/// The planner's own problem (GET `.../planner/problem` without the
/// bookings) and its `ETag`.
pub async fn planner_base(c: &reqwest::Client, s: &Server, token: &str) -> (Value, String) {
    let r = c.get(s.url(&format!("/v1/networks/{NET}/planner/problem"))).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let problem: Value = r.json().await.unwrap();
    (without_bookings(&problem), tag)
}
