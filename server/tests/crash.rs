//! Crash test: SIGKILL in the middle of a booking load; after a restart every
//! booking answered 201 is there, nothing half-written shows, and the plan
//! passes the checker.

mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_load_loses_no_answered_booking() {
    let mut s = Server::start("crash", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let (_, offices) = get(&c, &s.url(&format!("/v1/networks/{NET}/offices"))).await;
    let offices: Vec<String> =
        offices["offices"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_string()).collect();
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for k in 0..8u64 {
        let (c, base, answered, stop, offices) =
            (c.clone(), s.base.clone(), answered.clone(), stop.clone(), offices.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = ponte_suite::SplitMix(k + 7);
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
                let Ok(r) = c.post(format!("{base}/v1/networks/{NET}/holds")).json(&hold_body(&slot)).send().await else {
                    break;
                };
                if r.status().as_u16() != 201 {
                    continue;
                }
                let Ok(hold) = r.json::<Value>().await else { break };
                let confirm = format!("{base}/v1/holds/{}/confirm", hold["hold"].as_str().unwrap());
                let Ok(r) = c.post(&confirm).json(&json!({"name": "Crash Resident", "contact": "crash@example.org"})).send().await
                else {
                    break;
                };
                if r.status().as_u16() == 201 {
                    let Ok(b) = r.json::<Value>().await else { break };
                    answered
                        .lock()
                        .unwrap()
                        .push((b["code"].as_str().unwrap().to_string(), b["cancel_token"].as_str().unwrap().to_string()));
                }
            }
        }));
    }
    // Kill once a good number of bookings were answered, while the clients keep going.
    for _ in 0..600 {
        if answered.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    s.kill();
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        let _ = t.await;
    }
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 40, "only {} bookings before the kill", answered.len());
    let s = Server::serve(&s.store.clone(), &[]);
    for (code, token) in &answered {
        let r = c.get(s.url(&format!("/v1/bookings/{code}"))).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "booking {code} answered 201 is lost");
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["status"], "confirmed");
        assert_eq!(b["name"], "Crash Resident");
    }
    let (problem, plan, _, plan_json) = s.export("crash");
    check_plan(&problem, &plan);
    let in_plan: HashSet<String> = booked_codes(&plan_json).into_iter().collect();
    for (code, _) in &answered {
        assert!(in_plan.contains(code), "booking {code} is not in the plan");
    }
    // No half-written state: every confirmed booking has its personal data and
    // its place; the plan's other bookings are holds still running.
    let list: Value = c
        .get(s.url(&format!("/v1/networks/{NET}/planner/bookings")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let confirmed: HashSet<String> = list["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            assert_eq!(b["status"], "confirmed");
            assert_eq!(b["name"], "Crash Resident", "{b}");
            assert_eq!(b["assigned"], true);
            b["booking"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(confirmed.is_subset(&in_plan));
    assert!(confirmed.len() >= answered.len());
}
