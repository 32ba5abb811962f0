//! Retention: residents' personal data is purged after the configured days
//! past the appointment (the sweep run as if it were later), the booking
//! itself stays in the plan, and the purge is in the audit log.

mod support;

use ponte_server::model::SlotAsk;
use ponte_server::service::{App, Config, Personal};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_is_purged_after_the_retention() {
    set_test_clock();
    let store = fresh_store("retention");
    import_visconteo(&store);
    let url = if store.postgres {
        store.args[1].clone()
    } else {
        ponte_server::db::database_url(Some(std::path::Path::new(&store.args[1])), None).unwrap()
    };
    let db = ponte_server::db::Db::open(&url).await.unwrap();
    let app = std::sync::Arc::new(App::new(
        db,
        Config {
            hold_seconds: 600,
            retention_days: 30,
            secret: std::sync::Arc::new(ponte_server::secret::Secret::from_bytes(
                b"retention-test-secret-0123456789abcdef",
            )),
        },
    ));
    let loaded = app.current(NET).await.unwrap();
    let ask = SlotAsk { office: "rozzano-sportello".into(), language: "ar".into(), duration: 60, modality: None };
    let week = week_start();
    let end = chrono::NaiveDate::parse_from_str(&week, "%Y-%m-%d").unwrap() + chrono::Duration::days(6);
    let slots = loaded.slots(&ask, &format!("{week}T00:00"), &format!("{end}T23:00")).unwrap();
    assert!(!slots.is_empty());
    let (status, hold) = app.hold(NET, ask, slots[0].start.clone(), None).await.unwrap();
    assert_eq!(status.as_u16(), 201);
    let personal = Personal {
        name: "Retention Probe".into(),
        contact: "keep@example.org".into(),
        topic: None,
        details: None,
        locale: None,
    };
    let (_, booking) = app.confirm(hold["hold"].as_str().unwrap(), personal, None).await.unwrap();
    let code = booking["code"].as_str().unwrap();
    let token = booking["cancel_token"].as_str().unwrap();
    let end = ponte_server::model::unix_of("Europe/Rome", booking["end"].as_str().unwrap()).unwrap();
    app.sweep_at(end + 29 * 86_400).await.unwrap();
    let b = app.booking(code, Some(token)).await.unwrap();
    assert_eq!(b["name"], "Retention Probe", "kept within the retention");
    app.sweep_at(end + 30 * 86_400 + 1).await.unwrap();
    let b = app.booking(code, Some(token)).await.unwrap();
    assert!(b["name"].is_null() && b["contact"].is_null(), "purged: {b}");
    assert_eq!(b["personal_data_purged"], true);
    assert_eq!(b["status"], "confirmed");
    let audit = app.audit_log(NET, 100).await.unwrap();
    assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["action"] == "purge_personal_data"));
    let (problem_path, plan_path, _, plan) = export(&store, "retention");
    check_plan(&problem_path, &plan_path);
    assert_eq!(booked_codes(&plan), vec![code.to_string()], "the booking stays in the plan");
}
