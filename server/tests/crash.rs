//! Crash test: SIGKILL in the middle of a booking load; after a restart every
//! booking answered 201 is there, nothing half-written shows, and the plan
//! passes the checker.

mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_load_loses_no_answered_booking() {
    let mut s = Server::start("crash", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let offices = office_ids(&c, &s).await;
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = booking_load(&c, &s.base, &offices, &answered, &stop, 8, 7);
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
        assert_eq!(b["name"], LOAD_RESIDENT);
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
            assert_eq!(b["name"], LOAD_RESIDENT, "{b}");
            assert_eq!(b["assigned"], true);
            b["booking"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(confirmed.is_subset(&in_plan));
    assert!(confirmed.len() >= answered.len());
}
