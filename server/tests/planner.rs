//! The planner's API: replace the problem (a mediator's absence), re-plan
//! with few moves, lock, a solve job; every change in the audit log.

mod support;

use serde_json::{json, Value};
use support::*;

async fn authed(
    c: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut r = c.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planner_replaces_the_problem_replans_locks_and_solves() {
    let s = Server::start("planner", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let p = |x: &str| s.url(&format!("/v1/networks/{NET}/planner/{x}"));
    // Two bookings by residents.
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, Some("in_person")).await;
    let mut codes = Vec::new();
    for slot in spread(&slots, 2) {
        let b = book_slot(&c, &s, &slot, "P Q").await;
        codes.push(b["code"].as_str().unwrap().to_string());
    }
    // The planner's problem: the service's problem without the bookings, plus an absence.
    let (status, problem) = authed(&c, reqwest::Method::GET, p("problem"), &token, None).await;
    assert_eq!(status, 200);
    let mut base = without_bookings(&problem);
    let (_, plan) = authed(&c, reqwest::Method::GET, p("plan"), &token, None).await;
    let requests = problem["requests"].as_array().unwrap();
    let locked_on = |m: &str, day: &str| {
        plan["assignments"].as_array().unwrap().iter().any(|a| {
            a["mediator"] == m
                && a["start"].as_str().unwrap().starts_with(day)
                && requests.iter().any(|r| r["id"] == a["request"] && r["locked"] == true)
        })
    };
    let busy = plan["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            !a["request"].as_str().unwrap().starts_with("bk-")
                && !locked_on(a["mediator"].as_str().unwrap(), &a["start"].as_str().unwrap()[..10])
        })
        .unwrap();
    let mediator = busy["mediator"].as_str().unwrap();
    let day = &busy["start"].as_str().unwrap()[..10];
    for m in base["mediators"].as_array_mut().unwrap() {
        if m["id"] == mediator {
            m["absences"] = json!([{"from": format!("{day}T00:00"), "to": format!("{day}T23:59")}]);
        }
    }
    // A booking id in the planner's problem is refused.
    let mut bad = base.clone();
    bad["requests"].as_array_mut().unwrap()[0]["id"] = json!("bk-XYZ");
    let (status, e) = authed(&c, reqwest::Method::PUT, p("problem"), &token, Some(bad)).await;
    assert_eq!((status, e["error"]["code"].as_str()), (422, Some("RESERVED_ID")));
    let mut bad = base.clone();
    bad["offices"] = json!("nope");
    let (status, _) = authed(&c, reqwest::Method::PUT, p("problem"), &token, Some(bad)).await;
    assert!(status == 422 || status == 400);
    let (status, r) = authed(&c, reqwest::Method::PUT, p("problem"), &token, Some(base)).await;
    assert_eq!(status, 200, "{r}");
    assert!(r["kept"].as_u64().unwrap() > 40, "{r}");
    let (status, plan) = authed(&c, reqwest::Method::GET, p("plan"), &token, None).await;
    assert_eq!(status, 200);
    assert!(!plan["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["mediator"] == mediator && a["start"].as_str().unwrap().starts_with(day)));
    let (problem_path, plan_path, _, plan_json) = s.export("replaced");
    check_plan(&problem_path, &plan_path);
    let booked = booked_codes(&plan_json);
    for code in &codes {
        assert!(booked.contains(code), "booking {code} kept");
    }
    // Lock a request, re-plan, solve.
    let first = plan["assignments"][0]["request"].as_str().unwrap().to_string();
    let (status, r) = authed(&c, reqwest::Method::POST, p("lock"), &token, Some(json!({"request": first}))).await;
    assert_eq!(status, 200, "{r}");
    let (_, problem) = authed(&c, reqwest::Method::GET, p("problem"), &token, None).await;
    assert!(problem["requests"].as_array().unwrap().iter().any(|r| r["id"] == first.as_str() && r["locked"] == true));
    let (status, r) = authed(&c, reqwest::Method::POST, p("replan"), &token, Some(json!({"iterations": 100}))).await;
    assert_eq!(status, 200, "{r}");
    let (status, job) =
        authed(&c, reqwest::Method::POST, p("solve"), &token, Some(json!({"time_limit_ms": 500, "seed": 3}))).await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    let mut done = Value::Null;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let (_, j) = authed(&c, reqwest::Method::GET, p(&format!("solve/{id}")), &token, None).await;
        if j["status"] != "running" {
            done = j;
            break;
        }
    }
    assert_eq!(done["status"], "done", "{done}");
    let (problem_path, plan_path, _, plan_json) = s.export("solved");
    check_plan(&problem_path, &plan_path);
    let booked = booked_codes(&plan_json);
    for code in &codes {
        assert!(booked.contains(code), "booking {code} kept by the solve");
    }
    let (_, audit) = authed(&c, reqwest::Method::GET, p("audit"), &token, None).await;
    let actions: Vec<&str> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for a in ["import", "hold", "confirm", "replan", "lock", "solve"] {
        assert!(actions.contains(&a), "audit has {a}: {actions:?}");
    }
    for e in audit["entries"].as_array().unwrap() {
        if e["action"] != "import" && e["action"] != "purge_personal_data" {
            assert_eq!(e["version_after"].as_i64().unwrap(), e["version_before"].as_i64().unwrap() + 1, "{e}");
        }
    }
}

/// A planner's change that would leave a confirmed booking without a
/// mediator is refused whole (409 `BOOKINGS_WOULD_BE_DROPPED`, naming the
/// booking), and nothing changes: a booking answered 201 is never lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_would_drop_a_confirmed_booking_is_refused() {
    let s = Server::start("planner-drop", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let p = |x: &str| s.url(&format!("/v1/networks/{NET}/planner/{x}"));
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 45, Some("in_person")).await;
    let slot = slots.first().expect("a free slot").clone();
    let booked = book_slot(&c, &s, &slot, "R S").await;
    let code = booked["code"].as_str().unwrap().to_string();
    let (_, problem) = authed(&c, reqwest::Method::GET, p("problem"), &token, None).await;
    let (_, before) = authed(&c, reqwest::Method::GET, p("plan"), &token, None).await;
    // Every mediator absent on the booking's day: nobody can keep it.
    let day = &slot["start"].as_str().unwrap()[..10];
    let mut base = without_bookings(&problem);
    base["requests"]
        .as_array_mut()
        .unwrap()
        .retain(|r| !(r["locked"] == true && r["previous"]["start"].as_str().is_some_and(|t| t.starts_with(day))));
    for m in base["mediators"].as_array_mut().unwrap() {
        m["absences"] = json!([{"from": format!("{day}T00:00"), "to": format!("{day}T23:59")}]);
    }
    let (status, e) = authed(&c, reqwest::Method::PUT, p("problem"), &token, Some(base)).await;
    assert_eq!((status, e["error"]["code"].as_str()), (409, Some("BOOKINGS_WOULD_BE_DROPPED")), "{e}");
    assert_eq!(e["bookings"], json!([code]), "{e}");
    let (_, after) = authed(&c, reqwest::Method::GET, p("plan"), &token, None).await;
    assert_eq!(after["version"], before["version"], "nothing changed");
    assert!(
        after["assignments"].as_array().unwrap().iter().any(|a| a["request"] == format!("bk-{code}").as_str()),
        "the booking is still assigned"
    );
    let (_, after_problem) = authed(&c, reqwest::Method::GET, p("problem"), &token, None).await;
    assert_eq!(after_problem, problem, "the planner's problem is unchanged");
}
