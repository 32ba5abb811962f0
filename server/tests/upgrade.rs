//! Upgrades: a store written by the previous release (the fixture in
//! tests/fixtures/release-0.1.0, made by that release's binary with its
//! make.py) opens with this binary, migrates forward, and serves every
//! booking it held, to its resident and to the planner, in a plan that
//! passes the checker.

mod support;

use std::collections::HashSet;

use serde_json::Value;
use support::*;

fn fixture() -> std::path::PathBuf {
    repo().join("server/tests/fixtures/release-0.1.0")
}

/// The migrations this binary knows (server/migrations/sqlite).
fn migrations() -> Vec<i64> {
    let mut v: Vec<i64> = std::fs::read_dir(repo().join("server/migrations/sqlite"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy()[..4].parse().unwrap())
        .collect();
    v.sort();
    v
}

async fn applied(store: &Store) -> Vec<i64> {
    use sqlx::Connection;
    let rows: Vec<(i64,)> = if store.postgres {
        let mut conn = sqlx::PgConnection::connect(&store.args[1]).await.unwrap();
        sqlx::query_as("SELECT version FROM ponte_migrations ORDER BY version").fetch_all(&mut conn).await.unwrap()
    } else {
        let url = format!("sqlite://{}/ponte.sqlite3", store.args[1]);
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_as("SELECT version FROM ponte_migrations ORDER BY version").fetch_all(&mut conn).await.unwrap()
    };
    rows.into_iter().map(|r| r.0).collect()
}

/// Released migrations are never edited (a store that applied one would not
/// get the edit): their SHA-256 as released. A change of the schema is a new
/// migration.
#[test]
fn released_migrations_are_unchanged() {
    let released = [
        ("sqlite/0001_init.sql", "d73ca2d7b3e42b0c59607f48ead03ca25f5bbc93681dab6b75895c3e17415e0e"),
        ("postgres/0001_init.sql", "7d5cf50cdae7cbb976f4840ab617ba2eb84f4660836c2a38d2ab1d2be58b1876"),
    ];
    for (file, hash) in released {
        let text = std::fs::read(repo().join("server/migrations").join(file)).unwrap();
        assert_eq!(ponte_server::sha256_hex(&text), hash, "{file} was released and must not change");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_of_the_previous_release_migrates_and_serves_its_bookings() {
    let store = fresh_store("upgrade");
    let kind = if store.postgres { "postgres" } else { "sqlite" };
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture().join(format!("{kind}/manifest.json"))).unwrap())
            .unwrap();
    if store.postgres {
        let out = std::process::Command::new(pg_tool("psql"))
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
            .arg(fixture().join("postgres/dump.sql"))
            .arg(&store.args[1])
            .output()
            .expect("psql");
        assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
    } else {
        let data = std::path::PathBuf::from(&store.args[1]);
        std::fs::create_dir_all(&data).unwrap();
        std::fs::copy(fixture().join("sqlite/ponte.sqlite3"), data.join("ponte.sqlite3")).unwrap();
    }
    let old = applied(&store).await;
    assert_eq!(old, vec![1], "the fixture is a store of schema 1");
    let s = Server::serve(&store, &[]);
    assert_eq!(applied(&store).await, migrations(), "the new binary applies its migrations");
    assert!(migrations().len() > old.len(), "this release has a migration to apply");
    let c = client();
    let (status, body) = get(&c, &s.url("/readyz")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["networks"][0]["version"].as_i64().unwrap() >= manifest["plan_version"].as_i64().unwrap());
    // Each resident finds their booking with their data; the cancelled one stays cancelled.
    let bookings = manifest["bookings"].as_array().unwrap();
    assert!(bookings.len() >= 5);
    for b in bookings {
        let code = b["code"].as_str().unwrap();
        let r = c.get(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(b["cancel_token"].as_str().unwrap());
        let r = r.send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "booking {code} of the previous release is lost");
        let got: Value = r.json().await.unwrap();
        assert_eq!(got["status"], b["status"], "{got}");
        assert_eq!(got["name"], b["name"]);
        assert_eq!(got["contact"], b["contact"]);
        assert_eq!(got["start"], b["start"]);
    }
    // The planner's token of the previous release still opens the network.
    let list: Value = c
        .get(s.url(&format!("/v1/networks/{NET}/planner/bookings")))
        .bearer_auth(manifest["planner_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: HashSet<&str> =
        list["bookings"].as_array().unwrap().iter().map(|b| b["booking"].as_str().unwrap()).collect();
    for b in bookings {
        assert!(listed.contains(b["code"].as_str().unwrap()), "{list}");
    }
    // The plan holds the confirmed bookings, not the cancelled one, and passes the checker.
    let (problem, plan, _, plan_json) = s.export("upgrade");
    check_plan(&problem, &plan);
    let in_plan: HashSet<String> = booked_codes(&plan_json).into_iter().collect();
    for b in bookings {
        let code = b["code"].as_str().unwrap().to_string();
        assert_eq!(in_plan.contains(&code), b["status"] == "confirmed", "booking {code}");
    }
    // And the service writes on it: a resident cancels, the planner locks.
    let first = &bookings[0];
    let r = c
        .delete(s.url(&format!("/v1/bookings/{}", first["code"].as_str().unwrap())))
        .bearer_auth(first["cancel_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

/// Two instances opening one new store at the same moment (as a systemd
/// restart of two units can): one applies the migrations, the other waits
/// for its lock and then finds them done; both open, and each migration is
/// applied once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_opening_one_new_store_at_once_both_start() {
    let store = fresh_store("migrate-race");
    let url = if store.postgres {
        store.args[1].clone()
    } else {
        std::fs::create_dir_all(&store.args[1]).unwrap();
        ponte_server::db::database_url(Some(std::path::Path::new(&store.args[1])), None).unwrap()
    };
    let (a, b) = tokio::join!(ponte_server::db::Db::open(&url), ponte_server::db::Db::open(&url));
    assert!(a.is_ok(), "first instance: {:?}", a.err());
    assert!(b.is_ok(), "second instance: {:?}", b.err());
    assert_eq!(applied(&store).await, migrations());
}
