//! Running the service: health and readiness, the metrics listener,
//! graceful shutdown under load, backup and restore under load, and the
//! systemd unit.

mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::*;

async fn wait_for(answered: &Arc<Mutex<Vec<(String, String)>>>, n: usize) {
    for _ in 0..1200 {
        if answered.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Every booking of `answered` is confirmed on `s`, with its resident's data, and in its plan, which passes the checker.
async fn all_there(c: &reqwest::Client, s: &Server, answered: &[(String, String)], tag: &str) {
    for (code, token) in answered {
        let r = c.get(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "booking {code} answered 201 is lost");
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["status"], "confirmed");
        assert_eq!(b["name"], LOAD_RESIDENT);
    }
    let (problem, plan, _, plan_json) = s.export(tag);
    check_plan(&problem, &plan);
    let in_plan: HashSet<String> = booked_codes(&plan_json).into_iter().collect();
    for (code, _) in answered {
        assert!(in_plan.contains(code), "booking {code} is not in the plan");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let s = Server::start("health", &["--rate-per-second", "1", "--rate-burst", "1"]);
    let c = client();
    for _ in 0..30 {
        let (status, body) = get(&c, &s.url("/healthz")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "ok");
    }
    let (status, body) = get(&c, &s.url("/readyz")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["networks"][0]["id"], NET);
    assert!(body["networks"][0]["version"].as_i64().unwrap() >= 1);
    // Health answers are not rate-limited (the limit here is 1 per second) and carry nothing of a resident.
    let text = c.get(s.url("/readyz")).send().await.unwrap().text().await.unwrap();
    assert!(!text.contains("Resident") && !text.contains('@'), "{text}");

    // A store with no network: alive but not ready, with the reason.
    let empty = fresh_store("health-empty");
    let e = Server::serve(&empty, &[]);
    let (status, body) = get(&c, &e.url("/healthz")).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&c, &e.url("/readyz")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "NO_NETWORK", "{body}");
    // Methods other than GET are typed errors too.
    let r = c.post(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["error"]["code"], "METHOD_NOT_ALLOWED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_on_a_separate_listener() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let ops = format!("127.0.0.1:{port}");
    let s = Server::start("metrics-listen", &["--metrics-listen", &ops]);
    let c = client();
    // Not on the public address...
    let (status, body) = get(&c, &s.url("/metrics")).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    // ...but on the separate one, with health and readiness.
    let mut text = String::new();
    for _ in 0..100 {
        if let Ok(r) = c.get(format!("http://{ops}/metrics")).send().await {
            assert_eq!(r.status().as_u16(), 200);
            let kind = r.headers()["content-type"].to_str().unwrap().to_string();
            assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
            text = r.text().await.unwrap();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(text.ends_with("# EOF\n"), "{text}");
    assert!(text.contains(&format!("ponte_plan_version{{network=\"{NET}\"}} ")), "{text}");
    let (status, body) = get(&c, &format!("http://{ops}/readyz")).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = get(&c, &format!("http://{ops}/v1/networks/{NET}/offices")).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_exits_0_and_keeps_every_answered_booking() {
    let mut s = Server::start("sigterm", &[]);
    let c = client();
    let offices = office_ids(&c, &s).await;
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = booking_load(&c, &s.base, &offices, &answered, &stop, 8, 11);
    wait_for(&answered, 30).await;
    let pid = s.child.id().to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = s.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        let _ = t.await;
    }
    assert_eq!(status.code(), Some(0), "exit status after SIGTERM: {status:?}; log: {}", s.log_text());
    let log = s.log_text();
    assert!(log.contains("shutting down"), "{log}");
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 30, "only {} bookings before SIGTERM", answered.len());
    if !s.store.postgres {
        // The database was closed, not abandoned: SQLite checkpointed its WAL into the file and removed it.
        let wal = std::path::PathBuf::from(&s.store.args[1]).join("ponte.sqlite3-wal");
        assert!(std::fs::metadata(&wal).map(|m| m.len() == 0).unwrap_or(true), "{} is left", wal.display());
    }
    let s = Server::serve(&s.store.clone(), &[]);
    all_there(&c, &s, &answered, "sigterm").await;
}

/// Copies a store while residents book: every booking answered 201 before
/// the backup began is in the restored store.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_under_load_restores_every_earlier_booking() {
    let s = Server::start("backup", &[]);
    let c = client();
    let offices = office_ids(&c, &s).await;
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = booking_load(&c, &s.base, &offices, &answered, &stop, 6, 11);
    wait_for(&answered, 25).await;
    let before = answered.lock().unwrap().clone();
    assert!(before.len() >= 25, "only {} bookings before the backup", before.len());
    let restored = fresh_store("backup-restored");
    if s.store.postgres {
        // `backup` names the tool to use instead.
        let refused = std::process::Command::new(bin())
            .args(["backup", &s.store.args[0], &s.store.args[1], "unused.sqlite3"])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&refused.stderr).contains("pg_dump"));
        // PostgreSQL: the documented steps, pg_dump while it serves and pg_restore into a new database.
        let dump = s.store.dir.join("backup.dump");
        let out = std::process::Command::new(pg_tool("pg_dump"))
            .args(["--format=custom", "--no-owner", "--file", &dump.display().to_string(), &s.store.args[1]])
            .output()
            .expect("pg_dump");
        assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
        let out = std::process::Command::new(pg_tool("pg_restore"))
            .args(["--no-owner", "--exit-on-error", "--dbname", &restored.args[1], &dump.display().to_string()])
            .output()
            .expect("pg_restore");
        assert!(out.status.success(), "pg_restore: {}", String::from_utf8_lossy(&out.stderr));
    } else {
        let file = s.store.dir.join("backup.sqlite3");
        let out = run(&["backup".into(), s.store.args[0].clone(), s.store.args[1].clone(), file.display().to_string()]);
        assert!(out.contains("backup of 1 network(s)"), "{out}");
        // A second backup to the same file is refused, the first stays.
        let again = std::process::Command::new(bin())
            .args(["backup", &s.store.args[0], &s.store.args[1], &file.display().to_string()])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        let out =
            run(&["restore".into(), restored.args[0].clone(), restored.args[1].clone(), file.display().to_string()]);
        assert!(out.contains("restored 1 network(s)"), "{out}");
        // The secret is not in the backup; the documented step copies it beside the restored store.
        assert!(out.contains("secret.key"), "{out}");
        let secret = std::path::PathBuf::from(&s.store.args[1]).join("secret.key");
        std::fs::copy(&secret, std::path::PathBuf::from(&restored.args[1]).join("secret.key")).unwrap();
        // Restoring over a store is refused.
        let over = std::process::Command::new(bin())
            .args(["restore", &restored.args[0], &restored.args[1], &file.display().to_string()])
            .output()
            .unwrap();
        assert_eq!(over.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&over.stderr).contains("already there"));
    }
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        let _ = t.await;
    }
    drop(s);
    let r = Server::serve(&restored, &[]);
    let (status, body) = get(&c, &r.url("/readyz")).await;
    assert_eq!(status, 200, "{body}");
    all_there(&c, &r, &before, "restored").await;
}

/// The systemd unit passes `systemd-analyze verify` (with the paths of this build).
#[test]
fn systemd_unit_verifies() {
    let deploy = repo().join("server/deploy");
    let unit = std::fs::read_to_string(deploy.join("ponte-server.service")).unwrap();
    for hardening in ["DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=ponte", "NoNewPrivileges=yes"] {
        assert!(unit.contains(hardening), "the unit lacks {hardening}");
    }
    let analyze = std::process::Command::new("systemd-analyze").arg("--version").output();
    if analyze.is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: systemd-analyze is required (scripts/ci/server)"
        );
        eprintln!("SKIPPED systemd_unit_verifies: systemd-analyze is not installed");
        return;
    }
    let dir = ponte_suite::scratch_dir("server").join(format!("systemd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = deploy.join("ponte-server.env");
    assert!(env.is_file());
    let text = unit
        .replace("/usr/local/bin/ponte-server", bin())
        .replace("/etc/ponte/ponte-server.env", &env.canonicalize().unwrap().display().to_string());
    let path = dir.join("ponte-server.service");
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new("systemd-analyze").arg("verify").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze verify: {stderr}");
    // Warnings (an unknown key, a bad value) do not change the exit status: none may name the unit.
    assert!(!stderr.contains("ponte-server.service"), "systemd-analyze verify: {stderr}");
    // Its hardening as systemd scores it: exposure at most 2.0 of 10 ("OK"; 1.4 when written).
    let out = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze security: {text}");
    let score: f64 = text
        .lines()
        .find_map(|l| l.split("ponte-server.service: ").nth(1))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in: {text}"));
    assert!(score <= 2.0, "exposure {score}: {text}");
    // Every option the env file sets is one ponte-server reads.
    let help = run(&["serve".into(), "--help".into()]);
    for line in std::fs::read_to_string(&env).unwrap().lines() {
        let line = line.trim_start_matches('#').trim();
        if let Some((name, _)) = line.split_once('=') {
            if name.starts_with("PONTE_") && !name.contains(' ') {
                assert!(help.contains(&format!("env: {name}")), "{name} is not an option of ponte-server serve");
            }
        }
    }
}

/// Runs one SQL statement on a store, beside the running server.
async fn execute(store: &Store, sql: &str) {
    use sqlx::Connection;
    if store.postgres {
        let mut conn = sqlx::PgConnection::connect(&store.args[1]).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    } else {
        let url = format!("sqlite://{}/ponte.sqlite3", store.args[1]);
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    }
}

/// Not ready, with the reason, when a network's plan does not load or the
/// database does not answer; alive all the while; no database text leaks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_names_what_is_wrong() {
    let s = Server::start("unready", &[]);
    let c = client();
    let (status, body) = get(&c, &s.url("/readyz")).await;
    assert_eq!(status, 200, "{body}");
    // A stored plan the core cannot read (and a new version, so that the server reloads it).
    execute(&s.store, "UPDATE network_bases SET base_plan = '{'").await;
    execute(&s.store, "UPDATE networks SET version = version + 1").await;
    let (status, body) = get(&c, &s.url("/readyz")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "NETWORK_NOT_LOADED", "{body}");
    assert_eq!(body["error"]["path"], NET, "{body}");
    // The database without its tables.
    let drop =
        if s.store.postgres { "DROP TABLE networks CASCADE" } else { "PRAGMA foreign_keys = OFF; DROP TABLE networks" };
    execute(&s.store, drop).await;
    let (status, body) = get(&c, &s.url("/readyz")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "DATABASE_UNAVAILABLE", "{body}");
    let text = body.to_string().to_lowercase();
    assert!(!text.contains("sql") && !text.contains("table"), "{body}");
    let (status, body) = get(&c, &s.url("/healthz")).await;
    assert_eq!(status, 200, "{body}");
    // The metrics counted the database error.
    let metrics = c.get(s.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let errors: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("ponte_database_errors_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!(errors >= 1.0, "{metrics}");
}

/// A planner's read-modify-write of the problem: `GET .../planner/problem`
/// sends the base's `ETag`; a `PUT` with that `If-Match` is refused with 412
/// `BASE_CHANGED` once another push came first, and residents' bookings in
/// between do not change the tag.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_problem_is_refused_with_if_match() {
    let s = Server::start("if-match", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let url = s.url(&format!("/v1/networks/{NET}/planner/problem"));
    let (doc, tag) = planner_base(&c, &s, &token).await;
    assert!(tag.starts_with("\"base-"), "{tag}");
    // A resident books: the planner's problem, and so its tag, stay.
    let slot = week_slots(&c, &s, "rozzano-sportello", "ar", 30, None).await[0].clone();
    let (status, hold) = post(&c, &s.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&slot)).await;
    assert_eq!(status, 201, "{hold}");
    let (_, again) = planner_base(&c, &s, &token).await;
    assert_eq!(again, tag);
    // Planner A pushes with the tag: accepted.
    let mut first = doc.clone();
    first["requests"].as_array_mut().unwrap().pop();
    let r = c.put(&url).bearer_auth(&token).header("if-match", &tag).json(&first).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "{}", r.text().await.unwrap());
    // Planner B pushes what it read before A: refused, nothing changed.
    let before: Value = c.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let r = c.put(&url).bearer_auth(&token).header("if-match", &tag).json(&doc).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "BASE_CHANGED", "{body}");
    assert_eq!(body["error"]["path"], "If-Match", "{body}");
    let after: Value = c.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(before, after);
    // Without If-Match the last push wins, as before.
    let r = c.put(&url).bearer_auth(&token).json(&doc).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
