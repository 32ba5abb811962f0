//! No capability is readable at rest: after holds, confirmations and
//! replays (Idempotency-Key), neither the SQLite files (database, WAL) nor
//! a PostgreSQL dump hold any hold id, cancel token or planner token the
//! test received; a replay still answers the same token, the token still
//! opens its booking, and a server restarted on the same store (and secret)
//! still honours it.

mod support;

use serde_json::{json, Value};
use support::*;

/// Every byte of the store as text: the SQLite files, or `pg_dump`'s.
fn store_bytes(store: &Store) -> Vec<u8> {
    if !store.postgres {
        let mut all = Vec::new();
        let dir = std::path::PathBuf::from(&store.args[1]);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n != "secret.key") {
                all.extend(std::fs::read(&path).unwrap());
            }
        }
        assert!(all.len() > 10_000, "the database files were read");
        return all;
    }
    let pg_dump = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path().join("bin").join("pg_dump"))
        .filter(|p| p.is_file())
        .max()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "pg_dump".into());
    let out = std::process::Command::new(pg_dump).args(["--data-only", &store.args[1]]).output().expect("pg_dump");
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.len() > 10_000, "the dump has the data");
    out.stdout
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hold_id_cancel_token_or_planner_token_is_readable_at_rest() {
    let mut s = Server::start("secrets", &[]);
    let planner = planner_token(&s.store);
    let c = client();
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    let mut received: Vec<String> = vec![planner.clone()];
    let mut booked: Vec<(String, String)> = Vec::new();
    // Four bookings, each slot at least an hour after the last one taken.
    let mut after = String::new();
    for (i, slot) in slots.iter().enumerate() {
        if booked.len() == 4 {
            break;
        }
        if slot["start"].as_str().unwrap() < after.as_str() {
            continue;
        }
        let hold_key = format!("hold-key-{i}");
        let hold_url = s.url(&format!("/v1/networks/{NET}/holds"));
        let mut holds = Vec::new();
        for _ in 0..2 {
            let r = c.post(&hold_url).header("Idempotency-Key", &hold_key).json(&hold_body(slot)).send().await.unwrap();
            holds.push((r.status().as_u16(), r.json::<Value>().await.unwrap()));
        }
        if holds[0].0 == 409 {
            continue; // Taken by an earlier booking of this test (one mediator's day).
        }
        assert_eq!((holds[0].0, holds[1].0), (201, 201), "{holds:?}");
        let holds: Vec<Value> = holds.into_iter().map(|h| h.1).collect();
        after = slot["end"].as_str().unwrap().to_string();
        assert_eq!(holds[0]["hold"], holds[1]["hold"], "the replay answers the same hold id");
        let hold = holds[0]["hold"].as_str().unwrap().to_string();
        received.push(hold.clone());
        let confirm = s.url(&format!("/v1/holds/{hold}/confirm"));
        let body = json!({"name": "Secret Probe", "contact": "secret@example.org"});
        let mut answers = Vec::new();
        for _ in 0..2 {
            let r = c
                .post(&confirm)
                .header("Idempotency-Key", format!("confirm-key-{i}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 201);
            answers.push(r.json::<Value>().await.unwrap());
        }
        assert_eq!(answers[0], answers[1], "the replay answers the first answer, token included");
        let code = answers[0]["code"].as_str().unwrap().to_string();
        let token = answers[0]["cancel_token"].as_str().unwrap().to_string();
        assert!(token.len() >= 32);
        received.push(token.clone());
        booked.push((code, token));
    }
    assert_eq!(booked.len(), 4);
    // Tokens open their bookings, on this server and after a restart on the same store.
    let (code, token) = &booked[0];
    let (status, b) = {
        let r = c.get(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(token).send().await.unwrap();
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    };
    assert_eq!((status, b["status"].as_str()), (200, Some("confirmed")), "{b}");
    s.kill();
    let s = Server::serve(&s.store, &[]);
    let (code, token) = &booked[1];
    let r = c.delete(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "the token cancels after a restart");
    let r = c.get(s.url(&format!("/v1/bookings/{}", booked[2].0))).bearer_auth(&booked[3].1).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404, "a token opens only its own booking");
    // Nothing the test received is in the store; the booking codes are
    // (the search finds what is there).
    let store = s.store.clone();
    drop(s);
    let bytes = store_bytes(&store);
    for (code, _) in &booked {
        assert!(contains(&bytes, code), "the booking {code} is stored");
    }
    for secret in &received {
        assert!(!contains(&bytes, secret), "a capability the test received is readable at rest");
    }
}
