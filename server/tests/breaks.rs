//! Format 1.1 breaks (rule 9) in the service: a resident's cancellation
//! that merges two of a mediator's work blocks still goes through, and the
//! plan left behind is repaired, not refused.
//!
//! Removing an engagement can break rule 9 when the travel between the
//! in-person engagements around it is longer than the two legs through it
//! (a travel table need not keep the triangle inequality): the long drive
//! is then taken from the one gap left, which stops being a break. Here a
//! mediator has an hour at office A at 09:00 and an hour at office B at
//! 11:40, 80 minutes' drive apart, with breaks after 90 minutes of work: the
//! two only fit together around a short appointment at office X, five
//! minutes from both, which splits the morning into three blocks.

mod support;

use serde_json::{json, Value};
use support::*;

fn problem() -> Value {
    let open = json!([{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "18:00"}]);
    let office = |id: &str, municipality: &str| json!({"id": id, "municipality": municipality, "opening": open});
    let request = |id: &str, office: &str, start: &str| {
        json!({"id": id, "office": office, "languages": ["ar"], "duration_minutes": 60, "start": start,
               "modalities": ["in_person"]})
    };
    json!({
        "format": "ponte-problem/1",
        "network": {"name": "Breaks", "timezone": "Europe/Rome", "slot_minutes": 10,
                    "breaks": {"after_minutes": 90, "break_minutes": 30}},
        "horizon": {"start": "2026-04-27", "end": "2026-04-29"},
        "municipalities": [{"id": "a"}, {"id": "x"}, {"id": "b"}],
        "travel": {"minutes": {"a": {"x": 5, "b": 80}, "x": {"b": 5}}},
        "offices": [office("oa", "a"), office("ox", "x"), office("ob", "b")],
        "mediators": [{"id": "m1", "home": "x", "languages": [{"code": "ar", "level": "native"}],
                       "modalities": ["in_person"], "availability": open}],
        "requests": [request("r-a", "oa", "2026-04-27T09:00"), request("r-b", "ob", "2026-04-27T11:40")],
    })
}

async fn planner(c: &reqwest::Client, s: &Server, token: &str, method: reqwest::Method, what: &str) -> (u16, Value) {
    let r = c
        .request(method, s.url(&format!("/v1/networks/{NET}/planner/{what}")))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn assigned(plan: &Value, request: &str) -> bool {
    plan["assignments"].as_array().unwrap().iter().any(|a| a["request"] == request)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_that_merges_work_blocks_is_accepted_and_the_plan_repaired() {
    let store = fresh_store("breaks-cancel");
    let path = store.dir.join("breaks.json");
    std::fs::write(&path, serde_json::to_string_pretty(&problem()).unwrap()).unwrap();
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(store.args.clone());
    args.extend(["--network", NET, &path.display().to_string(), "--iterations", "200"].map(String::from));
    run(&args);
    let s = Server::serve(&store, &[]);
    let token = planner_token(&store);
    let c = client();
    let (_, plan) = planner(&c, &s, &token, reqwest::Method::GET, "plan").await;
    assert!(assigned(&plan, "r-a") != assigned(&plan, "r-b"), "alone, only one of the two fits: {plan}");

    // A resident books 20 minutes at X at 10:40, between the two.
    let url = s.url(&format!(
        "/v1/networks/{NET}/slots?office=ox&language=ar&duration=20&from=2026-04-27T10:40&to=2026-04-27T11:00"
    ));
    let (status, slots) = get(&c, &url).await;
    assert_eq!(status, 200, "{slots}");
    let slot = slots["slots"].as_array().unwrap().first().expect("10:40 is free").clone();
    assert_eq!(slot["start"], "2026-04-27T10:40");
    let booking = book_slot(&c, &s, &slot, "A B").await;

    // With the booking in between, a re-plan serves both planner's requests.
    let (status, r) = planner(&c, &s, &token, reqwest::Method::POST, "replan").await;
    assert_eq!(status, 200, "{r}; log: {}", s.log_text());
    let (_, plan) = planner(&c, &s, &token, reqwest::Method::GET, "plan").await;
    assert!(assigned(&plan, "r-a") && assigned(&plan, "r-b"), "both served around the booking: {plan}");

    // The resident cancels: the morning would be one block of 220 minutes.
    let code = booking["code"].as_str().unwrap();
    let r = c
        .delete(s.url(&format!("/v1/bookings/{code}")))
        .bearer_auth(booking["cancel_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!((status, body["status"].as_str()), (200, Some("cancelled")), "{body}");
    let (status, plan) = planner(&c, &s, &token, reqwest::Method::GET, "plan").await;
    assert_eq!(status, 200, "{plan}");
    assert!(!assigned(&plan, &format!("bk-{code}")));
    assert!(assigned(&plan, "r-a") != assigned(&plan, "r-b"), "the repair leaves one of the two out: {plan}");
    let (problem_path, plan_path, _, _) = s.export("after-cancel");
    check_plan(&problem_path, &plan_path);

    // The network still takes bookings, also after a restart (the repair is rebuilt the same).
    let (status, slots) = get(&c, &url).await;
    assert_eq!(status, 200, "{slots}");
    drop(s);
    let s = Server::serve(&store, &[]);
    let (status, again) = planner(&c, &s, &token, reqwest::Method::GET, "plan").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["assignments"], plan["assignments"], "the same repaired plan after a restart");
}
