//! Load generator for the booking service's benchmarks (benches/RESULTS.md,
//! "Booking service"): GET slots latencies, hold + confirm latencies and
//! confirmed bookings per second, from concurrent clients over loopback.
//!
//! cargo run --release -p ponte-server --example loadgen -- \
//!     --base http://127.0.0.1:8080 --network m1 --clients 16 --slot-queries 2000 --bookings 2000
//!
//! `--base` may be repeated: the clients are spread over the instances
//! (client k talks to instance k mod n, for its holds and confirmations
//! alike), and each figure is given per instance and in total.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Args {
    bases: Vec<String>,
    network: String,
    clients: usize,
    slot_queries: usize,
    bookings: usize,
    seed: u64,
}

fn args() -> Args {
    let mut a =
        Args { bases: Vec::new(), network: "m1".into(), clients: 16, slot_queries: 2000, bookings: 2000, seed: 1 };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i + 1 < v.len() {
        let x = v[i + 1].clone();
        match v[i].as_str() {
            "--base" => a.bases.push(x),
            "--network" => a.network = x,
            "--clients" => a.clients = x.parse().expect("--clients N"),
            "--slot-queries" => a.slot_queries = x.parse().expect("--slot-queries N"),
            "--bookings" => a.bookings = x.parse().expect("--bookings N"),
            "--seed" => a.seed = x.parse().expect("--seed N"),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    if a.bases.is_empty() {
        a.bases.push("http://127.0.0.1:8080".into());
    }
    a
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k].as_secs_f64() * 1000.0
}

/// Latencies by instance: in total, then per instance when there are several.
fn report_by(name: &str, v: &[(usize, Duration)], instances: usize) {
    report(name, v.iter().map(|x| x.1).collect());
    if instances > 1 {
        for i in 0..instances {
            report(&format!("  instance {i}: {name}"), v.iter().filter(|x| x.0 == i).map(|x| x.1).collect());
        }
    }
}

fn report(name: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "{name}: n={} p50={:.2} ms p90={:.2} ms p99={:.2} ms max={:.2} ms",
        v.len(),
        percentile(&v, 0.5),
        percentile(&v, 0.9),
        percentile(&v, 0.99),
        percentile(&v, 1.0)
    );
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Clone)]
struct Setup {
    bases: Vec<String>,
    net: String,
    offices: Vec<String>,
    languages: Vec<String>,
    days: Vec<String>,
}

impl Setup {
    fn slots_url(&self, base: &str, rng: &mut Rng, duration: i64) -> String {
        let office = &self.offices[rng.below(self.offices.len())];
        let language = &self.languages[rng.below(self.languages.len())];
        let day = &self.days[rng.below(self.days.len())];
        format!(
            "{base}/v1/networks/{}/slots?office={office}&language={language}&duration={duration}&from={day}T08:00&to={day}T19:00",
            self.net
        )
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let a = args();
    let c = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(256).build().unwrap();
    let snap: Value = c
        .get(format!("{}/v1/networks/{}/availability", a.bases[0], a.network))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let offices: Vec<String> =
        snap["offices"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_string()).collect();
    let mut languages: Vec<String> = snap["mediators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["languages"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap().to_string()))
        .collect();
    languages.sort();
    languages.dedup();
    let start = chrono::NaiveDate::parse_from_str(snap["horizon_start"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let end = chrono::NaiveDate::parse_from_str(snap["horizon_end"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let mut days = Vec::new();
    let mut d = start;
    while d <= end {
        if chrono::Datelike::weekday(&d).num_days_from_monday() < 5 {
            days.push(d.format("%Y-%m-%d").to_string());
        }
        d += chrono::Duration::days(1);
    }
    let instances = a.bases.len();
    let setup = Setup { bases: a.bases.clone(), net: a.network.clone(), offices, languages, days };
    println!(
        "network {}: {} offices, {} languages, {} weekdays; {} clients over {instances} instance(s)",
        a.network,
        setup.offices.len(),
        setup.languages.len(),
        setup.days.len(),
        a.clients
    );

    // Phase 1: GET slots.
    let lat: Arc<Mutex<Vec<(usize, Duration)>>> = Arc::default();
    let done = Arc::new(AtomicUsize::new(0));
    let nonempty = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..a.clients {
        let (c, setup, lat, done, nonempty) = (c.clone(), setup.clone(), lat.clone(), done.clone(), nonempty.clone());
        let total = a.slot_queries;
        let seed = a.seed * 1000 + k as u64;
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(seed);
            let instance = k % setup.bases.len();
            while done.fetch_add(1, Ordering::SeqCst) < total {
                let duration = [30, 45, 60][rng.below(3)];
                let url = setup.slots_url(&setup.bases[instance], &mut rng, duration);
                let t = Instant::now();
                let r = c.get(&url).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let body: Value = r.json().await.unwrap();
                lat.lock().unwrap().push((instance, t.elapsed()));
                if !body["slots"].as_array().unwrap().is_empty() {
                    nonempty.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let wall = t0.elapsed().as_secs_f64();
    let v = lat.lock().unwrap().clone();
    println!(
        "GET slots: {:.0} requests/s over {:.1} s; {} of {} answers had slots",
        v.len() as f64 / wall,
        wall,
        nonempty.load(Ordering::Relaxed),
        v.len()
    );
    report_by("GET slots latency", &v, instances);

    // Phase 2: hold + confirm. First the office-language pairs that have free
    // 30-minute slots (one GET per pair over the whole horizon; not timed);
    // then each client does as a resident: the free slots of a day, hold one, confirm.
    let t1 = Instant::now();
    let mut found = 0;
    let mut viable: Vec<(String, String)> = Vec::new();
    let first = setup.days.first().unwrap().clone();
    let last = setup.days.last().unwrap().clone();
    for office in &setup.offices {
        for language in &setup.languages {
            let url = format!(
                "{}/v1/networks/{}/slots?office={office}&language={language}&duration=30&from={first}T00:00&to={last}T23:00",
                setup.bases[0], setup.net
            );
            let body: Value = c.get(&url).send().await.unwrap().json().await.unwrap();
            let n = body["slots"].as_array().unwrap().len();
            if n > 0 {
                found += n;
                viable.push((office.clone(), language.clone()));
            }
        }
    }
    println!(
        "{found} free 30-minute slots in {} office-language pairs (found in {:.1} s)",
        viable.len(),
        t1.elapsed().as_secs_f64()
    );
    let viable = Arc::new(viable);
    let holdconfirm: Arc<Mutex<Vec<(usize, Duration)>>> = Arc::default();
    let holds: Arc<Mutex<Vec<(usize, Duration)>>> = Arc::default();
    let confirms: Arc<Mutex<Vec<(usize, Duration)>>> = Arc::default();
    let confirmed = Arc::new(AtomicUsize::new(0));
    let taken = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..a.clients {
        let (c, setup, holdconfirm, holds, confirms, confirmed, taken, viable) = (
            c.clone(),
            setup.clone(),
            holdconfirm.clone(),
            holds.clone(),
            confirms.clone(),
            confirmed.clone(),
            taken.clone(),
            viable.clone(),
        );
        let total = a.bookings;
        let seed = a.seed * 31 + k as u64;
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(seed);
            let instance = k % setup.bases.len();
            let base = setup.bases[instance].clone();
            let mut misses = 0;
            while confirmed.load(Ordering::SeqCst) < total && misses < 200 {
                let (office, language) = &viable[rng.below(viable.len())];
                let day = &setup.days[rng.below(setup.days.len())];
                let url = format!(
                    "{base}/v1/networks/{}/slots?office={office}&language={language}&duration=30&from={day}T08:00&to={day}T19:00",
                    setup.net
                );
                let body: Value = c.get(&url).send().await.unwrap().json().await.unwrap();
                let slots = body["slots"].as_array().unwrap();
                if slots.is_empty() {
                    misses += 1;
                    continue;
                }
                let slot = slots[rng.below(slots.len())].clone();
                let body = json!({"office": slot["office"], "language": slot["language"],
                    "duration_minutes": slot["duration_minutes"], "start": slot["start"], "modality": slot["modality"]});
                let t = Instant::now();
                let r = c.post(format!("{base}/v1/networks/{}/holds", setup.net)).json(&body).send().await.unwrap();
                let status = r.status().as_u16();
                let hold: Value = r.json().await.unwrap();
                holds.lock().unwrap().push((instance, t.elapsed()));
                if status == 409 {
                    taken.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                assert_eq!(status, 201, "{hold}");
                let tc = Instant::now();
                let r = c
                    .post(format!("{base}/v1/holds/{}/confirm", hold["hold"].as_str().unwrap()))
                    .json(&json!({"name": "Load Test", "contact": "load@example.org"}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 201);
                let _ = r.bytes().await;
                confirms.lock().unwrap().push((instance, tc.elapsed()));
                holdconfirm.lock().unwrap().push((instance, t.elapsed()));
                confirmed.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let wall = t0.elapsed().as_secs_f64();
    let n = confirmed.load(Ordering::SeqCst);
    println!(
        "bookings: {n} confirmed in {wall:.1} s = {:.0} confirmed bookings/s ({} holds refused SLOT_TAKEN)",
        n as f64 / wall,
        taken.load(Ordering::Relaxed)
    );
    let holdconfirm = holdconfirm.lock().unwrap().clone();
    if instances > 1 {
        for i in 0..instances {
            let mine = holdconfirm.iter().filter(|x| x.0 == i).count();
            println!("  instance {i}: {mine} confirmed = {:.0} confirmed bookings/s", mine as f64 / wall);
        }
    }
    report_by("hold latency", &holds.lock().unwrap(), instances);
    report_by("confirm latency", &confirms.lock().unwrap(), instances);
    report_by("hold + confirm latency", &holdconfirm, instances);
}
