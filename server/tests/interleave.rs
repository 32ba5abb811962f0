//! Residents' bookings interleaved with a planner's changes on a large
//! network: 16 residents book at random on an l network (`ponte-gen --size
//! l --load 0.5`, 1,200 requests, 60 mediators, four weeks) while a planner
//! gives a mediator a day's absence, takes it back and re-plans. Afterwards
//! every booking answered 201 is assigned exactly once, no changes were
//! lost, and the exported plan passes `ponte-check`.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use support::*;

/// A planner's call with the token; status, body and `ETag`.
async fn planner_call(
    c: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<&Value>,
    if_match: Option<&str>,
) -> (u16, Value, Option<String>) {
    let mut r = c.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(b);
    }
    if let Some(tag) = if_match {
        r = r.header("If-Match", tag);
    }
    let r = r.send().await.expect("planner call");
    let status = r.status().as_u16();
    let etag = r.headers().get("etag").and_then(|v| v.to_str().ok()).map(String::from);
    (status, r.json().await.unwrap_or(Value::Null), etag)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn planner_changes_interleave_with_sixteen_residents_on_an_l_network() {
    let Some(tools) = ponte_suite::shared_tools("server interleaving test on an l network (ponte-gen)") else {
        return;
    };
    let store = fresh_store("interleave");
    let network = store.dir.join("l.json");
    std::fs::write(&network, tools.generate("l", 5, &["--load", "0.5"])).unwrap();
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(store.args.clone());
    args.extend(["--network", NET, &network.display().to_string(), "--iterations", "300"].map(String::from));
    run(&args);
    let s = Server::serve(&store, &[]);
    let token = planner_token(&store);
    let c = client();
    let offices = office_ids(&c, &s).await;
    assert!(offices.len() > 30, "an l network: {} offices", offices.len());

    let answered = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let residents = booking_load(&c, &s.base, &offices, &answered, &stop, 16, 2323);

    // The planner: a day's absence for a busy mediator, then back as it was,
    // each followed by a re-plan; read-modify-write with If-Match.
    let (original, _) = planner_base(&c, &s, &token).await;
    let (mut applied, mut refused_for_bookings, mut raced) = (0, 0, 0);
    for round in 0..6 {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        let (mut base, etag) = planner_base(&c, &s, &token).await;
        if round % 2 == 0 {
            let url = s.url(&format!("/v1/networks/{NET}/planner/plan"));
            let (status, plan, _) = planner_call(&c, reqwest::Method::GET, url, &token, None, None).await;
            assert_eq!(status, 200, "{plan}");
            // A mediator with a planner's (not a booking's) appointment in the first week.
            let busy = plan["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| !a["request"].as_str().unwrap().starts_with("bk-"))
                .filter(|a| a["start"].as_str().unwrap() < "2026-05-01")
                .nth(round * 7)
                .expect("a busy mediator")
                .clone();
            let day = &busy["start"].as_str().unwrap()[..10];
            let locked_that_day = base["requests"].as_array().unwrap().iter().any(|r| {
                r["locked"] == true
                    && r["previous"]["mediator"] == busy["mediator"]
                    && r["previous"]["start"].as_str().is_some_and(|t| t.starts_with(day))
            });
            if locked_that_day {
                continue;
            }
            for m in base["mediators"].as_array_mut().unwrap() {
                if m["id"] == busy["mediator"] {
                    let mut absences = m["absences"].as_array().cloned().unwrap_or_default();
                    absences.push(json!({"from": format!("{day}T00:00"), "to": format!("{day}T23:59")}));
                    m["absences"] = json!(absences);
                }
            }
        } else {
            base = original.clone();
        }
        let url = s.url(&format!("/v1/networks/{NET}/planner/problem"));
        let (status, body, _) = planner_call(&c, reqwest::Method::PUT, url, &token, Some(&base), Some(&etag)).await;
        match (status, body["error"]["code"].as_str()) {
            (200, _) => applied += 1,
            (409, Some("BOOKINGS_WOULD_BE_DROPPED")) => {
                assert!(!body["bookings"].as_array().unwrap().is_empty(), "{body}");
                refused_for_bookings += 1;
            }
            (412, Some("BASE_CHANGED")) => raced += 1,
            _ => panic!("planner's change answered {status}: {body}"),
        }
        let url = s.url(&format!("/v1/networks/{NET}/planner/replan"));
        let replan = json!({"iterations": 50});
        let (status, body, _) = planner_call(&c, reqwest::Method::POST, url, &token, Some(&replan), None).await;
        assert!(
            status == 200 || (status == 409 && body["error"]["code"] == "BOOKINGS_WOULD_BE_DROPPED"),
            "re-plan answered {status}: {body}"
        );
    }
    stop.store(true, Ordering::SeqCst);
    for task in residents {
        task.await.unwrap();
    }
    eprintln!(
        "planner changes: {applied} applied, {refused_for_bookings} refused (bookings), {raced} raced; \
         bookings answered 201: {}",
        answered.lock().unwrap().len()
    );
    assert!(applied >= 2, "the planner's changes went through ({applied} of 6)");
    assert_eq!(raced, 0, "only the planner changes the planner's problem, so If-Match never fails");

    let answered: Vec<String> = answered.lock().unwrap().iter().map(|(code, _)| code.clone()).collect();
    assert!(answered.len() >= 16, "the residents booked while the planner worked: {}", answered.len());
    let (problem_path, plan_path, _, plan) = s.export("interleaved");
    let booked = booked_codes(&plan);
    for code in &answered {
        let n = booked.iter().filter(|b| *b == code).count();
        assert_eq!(n, 1, "booking {code} answered 201 is assigned {n} times");
    }
    tools.assert_accepts(&problem_path, &plan_path);
}
