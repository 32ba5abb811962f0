//! Metrics for `GET /metrics` (OpenMetrics text, which Prometheus scrapes):
//! counters of what residents and planners did, request latencies per route
//! template and status, the plan version per network, solve jobs and
//! database errors. Labels are route templates, methods, statuses, error
//! codes and network ids only: never a personal value, a booking code, a
//! hold id or a token.

use std::sync::LazyLock;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::{Family, MetricConstructor};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A request's route template, method and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// HTTP method.
    pub method: String,
    /// Route template (`/v1/holds/{hold}/confirm`), `-` for unmatched paths.
    pub route: String,
    /// HTTP status.
    pub status: u16,
}

/// A network.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct NetworkLabels {
    /// Network id.
    pub network: String,
}

/// An error code of the API.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabels {
    /// `UPPER_SNAKE` code.
    pub code: String,
}

/// A solve job's outcome (`started`, `done`, `stale`, `failed`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    /// What happened.
    pub outcome: String,
}

/// Latency buckets, 1 ms to about 33 s.
#[derive(Clone)]
pub struct Buckets;

impl MetricConstructor<Histogram> for Buckets {
    fn new_metric(&self) -> Histogram {
        Histogram::new(exponential_buckets(0.001, 2.0, 16))
    }
}

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    /// Holds answered 201 (new holds, per network).
    pub holds: Family<NetworkLabels, Counter>,
    /// Confirmations answered 201 (new bookings).
    pub confirmations: Family<NetworkLabels, Counter>,
    /// Bookings cancelled by their residents.
    pub cancellations: Family<NetworkLabels, Counter>,
    /// Holds released by their residents.
    pub releases: Family<NetworkLabels, Counter>,
    /// Holds and confirmations refused with `SLOT_TAKEN`.
    pub conflicts: Family<NetworkLabels, Counter>,
    /// Holds that expired (released by a write or the sweep).
    pub expiries: Family<NetworkLabels, Counter>,
    /// Versions written by another instance and applied to the plan kept
    /// loaded (residents' changes), not loaded from the documents.
    pub catch_ups: Family<NetworkLabels, Counter>,
    /// Requests refused with 429 `RATE_LIMITED`.
    pub rate_limited: Counter,
    /// Error answers per code (4xx and 5xx).
    pub errors: Family<CodeLabels, Counter>,
    /// Request latency in seconds per method, route template and status.
    pub requests: Family<RouteLabels, Histogram, Buckets>,
    /// The plan version each network is at (as this instance last saw it).
    pub plan_version: Family<NetworkLabels, Gauge>,
    /// Solve jobs started and finished, per outcome.
    pub solve_jobs: Family<JobLabels, Counter>,
    /// Database errors (each answered 500 `INTERNAL`, or a failed sweep).
    pub database_errors: Counter,
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("ponte");
        let m = Metrics {
            registry: Registry::default(),
            holds: Family::default(),
            confirmations: Family::default(),
            cancellations: Family::default(),
            releases: Family::default(),
            conflicts: Family::default(),
            expiries: Family::default(),
            catch_ups: Family::default(),
            rate_limited: Counter::default(),
            errors: Family::default(),
            requests: Family::new_with_constructor(Buckets),
            plan_version: Family::default(),
            solve_jobs: Family::default(),
            database_errors: Counter::default(),
        };
        registry.register("holds", "Holds answered 201", m.holds.clone());
        registry.register("confirmations", "Bookings confirmed (answered 201)", m.confirmations.clone());
        registry.register("cancellations", "Bookings cancelled by their residents", m.cancellations.clone());
        registry.register("releases", "Holds released by their residents", m.releases.clone());
        registry.register("conflicts", "Holds and confirmations refused with SLOT_TAKEN", m.conflicts.clone());
        registry.register("hold_expiries", "Holds that expired", m.expiries.clone());
        registry.register(
            "catch_ups",
            "Another instance's changes applied to the plan kept loaded (not loaded from the documents)",
            m.catch_ups.clone(),
        );
        registry.register("rate_limited", "Requests refused with 429 RATE_LIMITED", m.rate_limited.clone());
        registry.register("error_answers", "Error answers per code", m.errors.clone());
        registry.register(
            "http_request_duration_seconds",
            "Request latency per method, route template and status",
            m.requests.clone(),
        );
        registry.register("plan_version", "Plan version per network", m.plan_version.clone());
        registry.register("solve_jobs", "Solve jobs per outcome (started, done, stale, failed)", m.solve_jobs.clone());
        registry.register("database_errors", "Database errors", m.database_errors.clone());
        Metrics { registry, ..m }
    }

    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The labels of a network.
pub fn net(network: &str) -> NetworkLabels {
    NetworkLabels { network: network.to_string() }
}
