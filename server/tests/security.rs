//! Security of the service: planner tokens, cancel tokens, no personal data
//! in public answers or logs, hostile requests, path traversal, rate limits, CORS.

mod support;

use std::io::{Read, Write};

use serde_json::{json, Value};
use support::*;

const NAME: &str = "Zofia Qwertyname";
const CONTACT: &str = "zofia.probe@example.org";
const DETAILS: &str = "probe-details-4711";
const TOPIC: &str = "probe-topic-0815";

async fn book(c: &reqwest::Client, s: &Server, slot: &Value) -> Value {
    let (status, hold) = post(c, &s.url(&format!("/v1/networks/{NET}/holds")), &hold_body(slot)).await;
    assert_eq!(status, 201, "{hold}");
    let (status, b) = post(
        c,
        &s.url(&format!("/v1/holds/{}/confirm", hold["hold"].as_str().unwrap())),
        &json!({"name": NAME, "contact": CONTACT, "details": DETAILS, "topic": TOPIC, "locale": "ar"}),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planner_endpoints_refuse_missing_wrong_and_resident_tokens() {
    let s = Server::start("auth", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    let booking = book(&c, &s, &slots[0]).await;
    let resident = booking["cancel_token"].as_str().unwrap().to_string();
    let routes = ["problem", "plan", "bookings", "audit"];
    for r in routes {
        let url = s.url(&format!("/v1/networks/{NET}/planner/{r}"));
        let none = c.get(&url).send().await.unwrap();
        assert_eq!(none.status().as_u16(), 401, "{r} without a token");
        let wrong = c.get(&url).bearer_auth("pt_0123456789abcdef").send().await.unwrap();
        assert_eq!(wrong.status().as_u16(), 403, "{r} with a wrong token");
        let res = c.get(&url).bearer_auth(&resident).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "{r} with a resident's token");
        let ok = c.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(ok.status().as_u16(), 200, "{r} with the planner token");
    }
    for (method, r, body) in [("POST", "replan", json!({})), ("POST", "lock", json!({"request": "r-0001"}))] {
        let url = s.url(&format!("/v1/networks/{NET}/planner/{r}"));
        let req = c.request(method.parse().unwrap(), &url).json(&body);
        assert_eq!(req.send().await.unwrap().status().as_u16(), 401);
        let req = c.request(method.parse().unwrap(), &url).json(&body).bearer_auth(&resident);
        assert_eq!(req.send().await.unwrap().status().as_u16(), 403);
    }
    // A token of another network does not open this one.
    let other = s.url("/v1/networks/elsewhere/planner/plan");
    assert_eq!(c.get(&other).bearer_auth(&token).send().await.unwrap().status().as_u16(), 403);
    // The planner sees the booking with its personal data.
    let b: Value = c
        .get(s.url(&format!("/v1/networks/{NET}/planner/bookings")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(b["bookings"][0]["name"], NAME);
    assert_eq!(b["bookings"][0]["contact"], CONTACT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_token_opens_only_its_own_booking() {
    let s = Server::start("cancel", &[]);
    let c = client();
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    let spread = spread(&slots, 2);
    let a = book(&c, &s, &spread[0]).await;
    let b = book(&c, &s, &spread[1]).await;
    let (ca, ta) = (a["code"].as_str().unwrap(), a["cancel_token"].as_str().unwrap());
    let (cb, tb) = (b["code"].as_str().unwrap(), b["cancel_token"].as_str().unwrap());
    let get = |code: &str, token: Option<&str>| {
        let mut r = c.get(s.url(&format!("/v1/bookings/{code}")));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    assert_eq!(get(ca, Some(ta)).await.unwrap().status().as_u16(), 200);
    assert_eq!(get(ca, Some(tb)).await.unwrap().status().as_u16(), 404);
    assert_eq!(get(cb, Some(ta)).await.unwrap().status().as_u16(), 404);
    assert_eq!(get(ca, None).await.unwrap().status().as_u16(), 401);
    assert_eq!(get("NOSUCHCODE", Some(ta)).await.unwrap().status().as_u16(), 404);
    let wrong = c.delete(s.url(&format!("/v1/bookings/{cb}"))).bearer_auth(ta).send().await.unwrap();
    assert_eq!(wrong.status().as_u16(), 404);
    let right = c.delete(s.url(&format!("/v1/bookings/{cb}"))).bearer_auth(tb).send().await.unwrap();
    assert_eq!(right.status().as_u16(), 200);
    let (problem_path, plan_path, _, plan) = s.export("cancel");
    check_plan(&problem_path, &plan_path);
    assert_eq!(booked_codes(&plan), vec![ca.to_string()], "only the cancelled booking left the plan");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_in_public_answers_or_logs() {
    let s = Server::start("privacy", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let problem: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("examples/data/visconteo-week.json")).unwrap())
            .unwrap();
    let mut secrets: Vec<String> = vec![NAME.into(), CONTACT.into(), DETAILS.into(), TOPIC.into(), "Qwertyname".into()];
    for m in problem["mediators"].as_array().unwrap() {
        if let Some(n) = m["name"].as_str() {
            secrets.push(n.to_string());
        }
    }
    for r in problem["requests"].as_array().unwrap() {
        if let Some(case) = r["case"].as_str() {
            secrets.push(format!("\"{case}\""));
        }
    }
    assert!(secrets.len() > 10);
    let mut public = String::new();
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    public.push_str(&serde_json::to_string(&slots).unwrap());
    let (status, hold) = post(&c, &s.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&slots[0])).await;
    assert_eq!(status, 201);
    public.push_str(&hold.to_string());
    let (status, confirm) = post(
        &c,
        &s.url(&format!("/v1/holds/{}/confirm", hold["hold"].as_str().unwrap())),
        &json!({"name": NAME, "contact": CONTACT, "details": DETAILS, "topic": TOPIC}),
    )
    .await;
    assert_eq!(status, 201);
    public.push_str(&confirm.to_string());
    for path in ["availability", "offices"] {
        let text = c.get(s.url(&format!("/v1/networks/{NET}/{path}"))).send().await.unwrap().text().await.unwrap();
        assert!(text.len() > 100);
        public.push_str(&text);
    }
    let (_, taken) = post(&c, &s.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&slots[0])).await;
    public.push_str(&taken.to_string());
    // The planner's views have the data (and must not leak it into the log either).
    let planner = c
        .get(s.url(&format!("/v1/networks/{NET}/planner/bookings")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(planner.contains(NAME) && planner.contains(CONTACT));
    let audit = c
        .get(s.url(&format!("/v1/networks/{NET}/planner/audit")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(audit.contains("confirm"));
    let log = s.log_text();
    assert!(log.contains("/v1/holds/{hold}/confirm"), "the log has the requests: {log}");
    for secret in &secrets {
        assert!(!public.contains(secret.as_str()), "public answers contain {secret}");
        assert!(!log.contains(secret.as_str()), "the log contains {secret}");
        assert!(!audit.contains(secret.as_str()), "the audit log contains {secret}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_get_typed_errors_and_change_nothing() {
    let s = Server::start("hostile", &[]);
    let token = planner_token(&s.store);
    let c = client();
    let plan_url = s.url(&format!("/v1/networks/{NET}/planner/plan"));
    let version = |c: reqwest::Client, url: String, token: String| async move {
        let v: Value = c.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        v["version"].as_i64().unwrap()
    };
    let before = version(c.clone(), plan_url.clone(), token.clone()).await;
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    let holds = s.url(&format!("/v1/networks/{NET}/holds"));
    let raw = |body: Vec<u8>| c.post(&holds).header("content-type", "application/json").body(body).send();
    let expect = |r: reqwest::Response, status: u16, code: &'static str| async move {
        let got = r.status().as_u16();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        assert_eq!(got, status, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        body
    };
    expect(raw(b"{\"office\": ".to_vec()).await.unwrap(), 400, "BAD_JSON").await;
    expect(raw(b"[1,2,3]".to_vec()).await.unwrap(), 422, "INVALID_FIELD").await;
    // The server answers 413 before reading the whole body and closes the
    // connection: a client of its own, so that no later request reuses it.
    let huge = client().post(&holds).header("content-type", "application/json").body(vec![b' '; 200_000]).send();
    expect(huge.await.unwrap(), 413, "BODY_TOO_LARGE").await;
    let mut body = hold_body(&slots[0]);
    body["mediator"] = json!("m-001-mustapha");
    let e = expect(raw(body.to_string().into_bytes()).await.unwrap(), 400, "UNKNOWN_FIELD").await;
    assert_eq!(e["error"]["path"], "mediator");
    for bad in ["2026-13-45T99:99", "tomorrow", "2026-12-01 10:00", "2026-12-01T10:00:00Z", ""] {
        let mut body = hold_body(&slots[0]);
        body["start"] = json!(bad);
        let e = expect(raw(body.to_string().into_bytes()).await.unwrap(), 422, "BAD_DATETIME").await;
        assert_eq!(e["error"]["path"], "start");
    }
    let mut body = hold_body(&slots[0]);
    body["start"] = json!("2020-01-06T10:00");
    expect(raw(body.to_string().into_bytes()).await.unwrap(), 422, "SLOT_IN_PAST").await;
    let mut body = hold_body(&slots[0]);
    body["office"] = json!("../../etc/passwd");
    expect(raw(body.to_string().into_bytes()).await.unwrap(), 404, "UNKNOWN_OFFICE").await;
    let mut body = hold_body(&slots[0]);
    body["duration_minutes"] = json!(-5);
    expect(raw(body.to_string().into_bytes()).await.unwrap(), 422, "INVALID_FIELD").await;
    let slot_url = |q: &str| s.url(&format!("/v1/networks/{NET}/slots?{q}"));
    let e = expect(
        c.get(slot_url("office=rozzano-sportello&language=ar&duration=60&from=yesterday&to=2026-12-01T10:00"))
            .send()
            .await
            .unwrap(),
        400,
        "BAD_QUERY",
    )
    .await;
    assert_eq!(e["error"]["path"], "from");
    let e =
        expect(c.get(slot_url("office=rozzano-sportello&duration=60")).send().await.unwrap(), 400, "BAD_QUERY").await;
    assert_eq!(e["error"]["path"], "language");
    expect(c.get(s.url("/v1/networks/nowhere/slots?office=x")).send().await.unwrap(), 400, "BAD_QUERY").await;
    expect(c.get(s.url("/v1/networks/nowhere/availability")).send().await.unwrap(), 404, "UNKNOWN_NETWORK").await;
    // Confirmations with bad personal data.
    let (status, hold) = post(&c, &holds, &hold_body(&slots[0])).await;
    assert_eq!(status, 201);
    let confirm = s.url(&format!("/v1/holds/{}/confirm", hold["hold"].as_str().unwrap()));
    for (body, path) in [
        (json!({"name": "", "contact": "a@b.example"}), "name"),
        (json!({"name": "x".repeat(201), "contact": "a@b.example"}), "name"),
        (json!({"name": "A", "contact": "not a contact"}), "contact"),
        (json!({"name": "A", "contact": "a@b.example", "details": "d".repeat(201)}), "details"),
        (json!({"name": "A", "contact": "a@b.example", "locale": "xx"}), "locale"),
        (json!({"name": "A\u{0007}", "contact": "a@b.example"}), "name"),
    ] {
        let (status, e) = post(&c, &confirm, &body).await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["error"]["code"], "INVALID_FIELD");
        assert_eq!(e["error"]["path"], path);
    }
    let (status, e) = post(&c, &confirm, &json!({"name": "A", "contact": "a@b.example", "admin": true})).await;
    assert_eq!((status, e["error"]["code"].as_str()), (400, Some("UNKNOWN_FIELD")));
    let (status, e) =
        post(&c, &s.url("/v1/holds/h_nope/confirm"), &json!({"name": "A", "contact": "a@b.example"})).await;
    assert_eq!((status, e["error"]["code"].as_str()), (404, Some("UNKNOWN_HOLD")));
    // Only the one hold changed the plan: its version moved by one.
    let after = version(c.clone(), plan_url.clone(), token.clone()).await;
    assert_eq!(after, before + 1, "hostile requests changed the plan");
    let (problem_path, plan_path, _, plan) = s.export("hostile");
    check_plan(&problem_path, &plan_path);
    assert_eq!(booked_codes(&plan).len(), 1);
}

fn raw_get(base: &str, path: &str) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widget_dir_refuses_path_traversal() {
    let store = fresh_store("files");
    import_visconteo(&store);
    let root = store.dir.join("site");
    let widget = root.join("widget");
    std::fs::create_dir_all(widget.join("sub")).unwrap();
    std::fs::write(widget.join("ponte.js"), "export const ok = 1;").unwrap();
    std::fs::write(widget.join("sub").join("x.css"), "a{}").unwrap();
    std::fs::write(root.join("secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink(root.join("secret.txt"), widget.join("link.txt")).unwrap();
    let s = Server::serve(&store, &["--widget-dir", &widget.display().to_string()]);
    let c = client();
    let ok = c.get(s.url("/widget/ponte.js")).send().await.unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert!(ok.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(c.get(s.url("/widget/sub/x.css")).send().await.unwrap().status().as_u16(), 200);
    for path in [
        "/widget/../secret.txt",
        "/widget/%2e%2e/secret.txt",
        "/widget/%2E%2E%2Fsecret.txt",
        "/widget/sub/../../secret.txt",
        "/widget//etc/passwd",
        "/widget/%2fetc%2fpasswd",
        "/widget/link.txt",
        "/widget/..%5csecret.txt",
        "/widget/.hidden",
        "/widget/nothing.js",
    ] {
        let status = raw_get(&s.base, path);
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let body = c.get(s.url("/widget/%2e%2e/secret.txt")).send().await.unwrap().text().await.unwrap();
    assert!(!body.contains("SECRET"));
    // The same folder under the repository's layout.
    assert_eq!(c.get(s.url("/wasm/widget/ponte.js")).send().await.unwrap().status().as_u16(), 200);
    assert_eq!(raw_get(&s.base, "/wasm/widget/%2e%2e/secret.txt") / 100, 4);
    // The embedded demo is served too.
    let demo = c.get(s.url("/demo/")).send().await.unwrap();
    assert_eq!(demo.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_posts_are_rate_limited_and_cors_is_only_for_configured_origins() {
    let s = Server::start(
        "limits",
        &["--rate-per-second", "1", "--rate-burst", "3", "--cors-origin", "https://comune.example"],
    );
    let c = client();
    let url = s.url(&format!("/v1/networks/{NET}/holds"));
    let mut limited = 0;
    for _ in 0..10 {
        let r = c.post(&url).body("{}").send().await.unwrap();
        if r.status().as_u16() == 429 {
            let b: Value = r.json().await.unwrap();
            assert_eq!(b["error"]["code"], "RATE_LIMITED");
            limited += 1;
        }
    }
    assert!(limited >= 5, "{limited} of 10 limited");
    // GETs are not limited.
    for _ in 0..10 {
        assert_eq!(c.get(s.url(&format!("/v1/networks/{NET}/offices"))).send().await.unwrap().status().as_u16(), 200);
    }
    let pre = |origin: &'static str| {
        c.request(reqwest::Method::OPTIONS, &url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let allowed = pre("https://comune.example").await.unwrap();
    assert_eq!(allowed.headers().get("access-control-allow-origin").unwrap(), "https://comune.example");
    let other = pre("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_that_is_not_utf8_gets_the_typed_json_error() {
    let s = Server::start("badpath", &[]);
    let c = client();
    for path in [
        "/demo/%c0%ae%c0%ae/secret",
        "/widget/%ff.js",
        "/pkg-widget/%c3%28",
        "/v1/bookings/%c0%ae",
        "/v1/networks/%ff%fe/slots?office=x&language=ar&duration=30&from=2026-04-27T08:00&to=2026-04-27T18:00",
        "/v1/networks/%ff/planner/plan",
    ] {
        let r = c.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "BAD_PATH", "{path}: {body}");
        assert!(!body.to_string().contains("%c0") && !body.to_string().contains('\u{fffd}'), "{path}: {body}");
    }
    let r = c.post(s.url("/v1/holds/%c0%ae/confirm")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "BAD_PATH");
}
