//! The booking flow against the real binary: races for the same slots,
//! a long random run of holds, confirmations, cancellations and expiries,
//! idempotency, expiry, and two server instances sharing one database.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{json, Value};
use support::*;

/// 64 clients race (all at once) for one slot a day (the week's open days:
/// 4 in the bundled week, whose Friday is 1 May) that only one mediator can serve.
async fn race(servers: &[&Server]) {
    let c = client();
    // zh is spoken by one mediator of the example: each start has one place.
    let slots = week_slots(&c, servers[0], "rozzano-sportello", "zh", 30, Some("in_person")).await;
    let targets = spread(&slots, 5);
    let n = targets.len();
    assert!(n >= 3, "the example has zh slots on at least 3 days: {slots:?}");
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = Vec::new();
    for i in 0..64 {
        let url = servers[i % servers.len()].url(&format!("/v1/networks/{NET}/holds"));
        let body = hold_body(&targets[i % n]);
        let barrier = barrier.clone();
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let (status, answer) = post(&c, &url, &body).await;
            (i % n, status, answer)
        }));
    }
    let mut wins = vec![0; n];
    let mut losses = 0;
    for t in tasks {
        let (slot, status, answer) = t.await.unwrap();
        match status {
            201 => wins[slot] += 1,
            409 => {
                assert_eq!(answer["error"]["code"], "SLOT_TAKEN", "{answer}");
                losses += 1;
            }
            other => panic!("unexpected {other}: {answer}"),
        }
    }
    assert_eq!(wins, vec![1; n], "exactly one hold per slot");
    assert_eq!(losses, 64 - n);
    // Each server now shows the starts taken.
    for s in servers {
        let now = week_slots(&c, s, "rozzano-sportello", "zh", 30, Some("in_person")).await;
        for t in &targets {
            assert!(!now.iter().any(|x| x["start"] == t["start"]), "{} still offered", t["start"]);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_clients_race_for_one_slot_a_day() {
    let s = Server::start("race", &[]);
    race(&[&s]).await;
    let (problem, plan, _, _) = s.export("race");
    check_plan(&problem, &plan);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_race_with_one_winner_per_slot() {
    let a = Server::start("two", &[]);
    let b = Server::serve(&a.store, &[]);
    race(&[&a, &b]).await;
    // A booking made on one instance is seen by the other.
    let c = client();
    let slots = week_slots(&c, &a, "rozzano-sportello", "en", 45, None).await;
    let (status, hold) = post(&c, &a.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&slots[0])).await;
    assert_eq!(status, 201, "{hold}");
    let (status, again) = post(&c, &b.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&slots[0])).await;
    // Another mediator may take the same start; never the same one twice (checked by ponte-check below).
    assert!(status == 201 || status == 409, "{again}");
    let (problem, plan, _, _) = export(&a.store, "two");
    check_plan(&problem, &plan);
}

/// The plan of `s` as its planner reads it, without the version.
async fn planner_plan(c: &reqwest::Client, s: &Server, token: &str) -> Value {
    let r = c.get(s.url(&format!("/v1/networks/{NET}/planner/plan"))).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let mut plan: Value = r.json().await.unwrap();
    plan.as_object_mut().unwrap().remove("version");
    plan
}

/// Another instance's residents' changes are applied to the plan an
/// instance keeps loaded (the catch-up from the reservations): after holds,
/// confirmations, a release and a cancellation made on either instance,
/// each instance's plan equals the plan loaded from the documents.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_catches_up_with_the_other_instances_changes() {
    let a = Server::start("catchup", &[]);
    let b = Server::serve(&a.store, &[]);
    let token = planner_token(&a.store);
    let c = client();
    let slots = spread(&week_slots(&c, &a, "rozzano-sportello", "en", 45, None).await, 6);
    assert!(slots.len() >= 4, "{slots:?}");
    let servers = [&a, &b];
    let same = |tag: &'static str| {
        let store = &a.store;
        move || export(store, tag).3
    };
    // Both instances hold the first version.
    for s in servers {
        planner_plan(&c, s, &token).await;
    }
    let mut bookings = Vec::new();
    for (k, slot) in slots.iter().enumerate() {
        let (writer, reader) = (servers[k % 2], servers[(k + 1) % 2]);
        if k == 3 {
            // A hold released on one instance.
            let (status, hold) = post(&c, &writer.url(&format!("/v1/networks/{NET}/holds")), &hold_body(slot)).await;
            assert_eq!(status, 201, "{hold}");
            let release = writer.url(&format!("/v1/holds/{}", hold["hold"].as_str().unwrap()));
            assert_eq!(c.delete(release).send().await.unwrap().status().as_u16(), 204);
        } else {
            bookings.push(book_slot(&c, writer, slot, "Resident").await);
        }
        assert_eq!(planner_plan(&c, reader, &token).await, same("catchup")(), "after change {k}");
    }
    // A booking cancelled on the instance that did not make it.
    let first = &bookings[0];
    let cancel = b.url(&format!("/v1/bookings/{}", first["code"].as_str().unwrap()));
    let r = c.delete(cancel).bearer_auth(first["cancel_token"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(planner_plan(&c, &a, &token).await, same("catchup")());
    assert_eq!(planner_plan(&c, &b, &token).await, same("catchup")());
    let (problem, plan, _, _) = export(&a.store, "catchup");
    check_plan(&problem, &plan);
    // Each instance caught up with the other's changes from the reservations.
    for s in servers {
        let text = c.get(s.url("/metrics")).send().await.unwrap().text().await.unwrap();
        let line = text.lines().find(|l| l.starts_with("ponte_catch_ups_total{")).unwrap_or_else(|| panic!("{text}"));
        let n: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(n >= 2.0, "{line}");
    }
}

#[derive(Default)]
struct Tally {
    booked: HashMap<String, String>,
    cancelled: HashSet<String>,
    statuses: HashMap<String, usize>,
}

/// One client's random operations.
async fn random_client(
    s: String,
    seed: u64,
    ops: usize,
    offices: Vec<(String, String)>,
    tally: Arc<std::sync::Mutex<Tally>>,
) {
    let c = client();
    let mut rng = ponte_suite::SplitMix(seed);
    let mut mine: Vec<(String, String)> = Vec::new();
    let mut abandoned: Vec<String> = Vec::new();
    let week = week_start();
    let count = |k: &str| *tally.lock().unwrap().statuses.entry(k.to_string()).or_default() += 1;
    for _ in 0..ops {
        let roll = rng.below(100);
        let kind = match roll {
            0..=74 => 0,
            75..=89 if !mine.is_empty() => 1,
            90.. if !abandoned.is_empty() => 2,
            _ => 0,
        };
        if kind == 0 {
            let (office, language) = rng.pick(&offices).unwrap().clone();
            let duration = [30, 45, 60][rng.below(3)];
            let day = chrono::NaiveDate::parse_from_str(&week, "%Y-%m-%d").unwrap()
                + chrono::Duration::days(rng.below(5) as i64);
            let url = format!(
                "{s}/v1/networks/{NET}/slots?office={office}&language={language}&duration={duration}&from={}T08:00&to={}T19:00",
                day, day
            );
            let (status, body) = get(&c, &url).await;
            assert_eq!(status, 200, "{body}");
            let slots = body["slots"].as_array().unwrap();
            let Some(slot) = rng.pick(slots) else {
                count("no-slot");
                continue;
            };
            let (status, hold) = post(&c, &format!("{s}/v1/networks/{NET}/holds"), &hold_body(slot)).await;
            count(&format!("hold-{status}"));
            if status == 409 {
                assert_eq!(hold["error"]["code"], "SLOT_TAKEN");
                continue;
            }
            assert_eq!(status, 201, "{hold}");
            let id = hold["hold"].as_str().unwrap().to_string();
            let what = rng.below(100);
            if what < 65 {
                let (status, b) = post(
                    &c,
                    &format!("{s}/v1/holds/{id}/confirm"),
                    &json!({"name": "Random Resident", "contact": "+39 02 1234567"}),
                )
                .await;
                count(&format!("confirm-{status}"));
                if status == 201 {
                    let code = b["code"].as_str().unwrap().to_string();
                    let token = b["cancel_token"].as_str().unwrap().to_string();
                    tally.lock().unwrap().booked.insert(code.clone(), token.clone());
                    mine.push((code, token));
                } else {
                    assert_eq!(status, 410, "{b}");
                }
            } else if what < 80 {
                let r = c.delete(format!("{s}/v1/holds/{id}")).send().await.unwrap();
                count(&format!("release-{}", r.status().as_u16()));
                assert!(r.status().as_u16() == 204 || r.status().as_u16() == 404);
            } else {
                abandoned.push(id);
            }
        } else if kind == 1 {
            let k = rng.below(mine.len());
            let (code, token) = mine.swap_remove(k);
            let r = c.delete(format!("{s}/v1/bookings/{code}")).bearer_auth(&token).send().await.unwrap();
            count(&format!("cancel-{}", r.status().as_u16()));
            assert_eq!(r.status().as_u16(), 200);
            tally.lock().unwrap().cancelled.insert(code);
        } else {
            let id = abandoned.swap_remove(rng.below(abandoned.len()));
            let (status, b) = post(
                &c,
                &format!("{s}/v1/holds/{id}/confirm"),
                &json!({"name": "Late Resident", "contact": "late@example.org"}),
            )
            .await;
            count(&format!("late-confirm-{status}"));
            match status {
                201 => {
                    let code = b["code"].as_str().unwrap().to_string();
                    let token = b["cancel_token"].as_str().unwrap().to_string();
                    tally.lock().unwrap().booked.insert(code.clone(), token.clone());
                    mine.push((code, token));
                }
                410 => assert_eq!(b["error"]["code"], "HOLD_EXPIRED"),
                other => panic!("late confirm: {other} {b}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_random_operations_keep_every_booking_exactly_once() {
    let s = Server::start("random", &["--hold-seconds", "2"]);
    let c = client();
    let (_, offices) = get(&c, &s.url(&format!("/v1/networks/{NET}/offices"))).await;
    let mut pairs = Vec::new();
    for o in offices["offices"].as_array().unwrap().iter().take(12) {
        for l in ["ar", "en", "fr", "zh", "uk", "es", "ur", "sq"] {
            pairs.push((o["id"].as_str().unwrap().to_string(), l.to_string()));
        }
    }
    let tally = Arc::new(std::sync::Mutex::new(Tally::default()));
    let mut tasks = Vec::new();
    for k in 0..16 {
        tasks.push(tokio::spawn(random_client(s.base.clone(), 1000 + k, 63, pairs.clone(), tally.clone())));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Let the abandoned holds expire and the sweeper release them.
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    eprintln!("operations: {:?}", tally.statuses);
    let ops: usize = tally.statuses.values().sum();
    assert!(ops >= 1000, "{ops} operations");
    assert!(tally.booked.len() >= 50, "few bookings: {:?}", tally.statuses);
    let (problem, plan, _, plan_json) = s.export("random");
    check_plan(&problem, &plan);
    let codes = booked_codes(&plan_json);
    let expected: HashSet<String> = tally.booked.keys().filter(|c| !tally.cancelled.contains(*c)).cloned().collect();
    let got: HashSet<String> = codes.iter().cloned().collect();
    assert_eq!(codes.len(), got.len(), "a booking is assigned twice");
    assert_eq!(got, expected, "the plan's bookings are the confirmed, not cancelled ones");
    // Each booking answers its holder with its state.
    for (code, token) in tally.booked.iter().take(20) {
        let r = c.get(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(token).send().await.unwrap();
        let b: Value = r.json().await.unwrap();
        let want = if tally.cancelled.contains(code) { "cancelled" } else { "confirmed" };
        assert_eq!(b["status"], want, "{b}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_replay_the_first_answer_and_holds_expire() {
    let s = Server::start("idem", &["--hold-seconds", "1"]);
    let c = client();
    let slots = week_slots(&c, &s, "opera-sportello", "fr", 60, Some("in_person")).await;
    let url = s.url(&format!("/v1/networks/{NET}/holds"));
    let send = |key: &'static str, body: Value| {
        let c = c.clone();
        let url = url.clone();
        async move {
            let r = c.post(&url).header("Idempotency-Key", key).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s1, a) = send("k-1", hold_body(&slots[0])).await;
    let (s2, b) = send("k-1", hold_body(&slots[0])).await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(a, b, "the same key replays the first answer");
    let (s3, e) = send("k-1", hold_body(&slots[1])).await;
    assert_eq!(s3, 422, "{e}");
    assert_eq!(e["error"]["code"], "IDEMPOTENCY_KEY_REUSED");
    // The hold expires after a second: confirming answers 410 and the slot is free again.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let hold = a["hold"].as_str().unwrap();
    let (status, body) =
        post(&c, &s.url(&format!("/v1/holds/{hold}/confirm")), &json!({"name": "A B", "contact": "a@b.example"})).await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body["error"]["code"], "HOLD_EXPIRED");
    let again = week_slots(&c, &s, "opera-sportello", "fr", 60, Some("in_person")).await;
    assert!(again.iter().any(|x| x["start"] == slots[0]["start"]), "the expired hold's slot is offered again");
    // A confirmation with a key is replayed, without one it is HOLD_USED.
    let (status, h) = post(&c, &url, &hold_body(&slots[0])).await;
    assert_eq!(status, 201, "{h}");
    let confirm_url = s.url(&format!("/v1/holds/{}/confirm", h["hold"].as_str().unwrap()));
    let body = json!({"name": "A B", "contact": "a@b.example", "locale": "it"});
    let r1 = c.post(&confirm_url).header("Idempotency-Key", "c-1").json(&body).send().await.unwrap();
    assert_eq!(r1.status().as_u16(), 201);
    let first: Value = r1.json().await.unwrap();
    let r2 = c.post(&confirm_url).header("Idempotency-Key", "c-1").json(&body).send().await.unwrap();
    assert_eq!(r2.status().as_u16(), 201);
    assert_eq!(first, r2.json::<Value>().await.unwrap());
    let (status, used) = post(&c, &confirm_url, &body).await;
    assert_eq!(status, 409);
    assert_eq!(used["error"]["code"], "HOLD_USED");
    let (problem, plan, _, plan_json) = s.export("idem");
    check_plan(&problem, &plan);
    assert_eq!(booked_codes(&plan_json), vec![first["code"].as_str().unwrap().to_string()]);
}
