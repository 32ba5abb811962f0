//! Solve jobs: a full solve of a network's problem in the background, with
//! progress; the holds and bookings stay where they are (locked for the
//! solve). The result is applied only if nothing changed meanwhile.

use std::sync::Arc;
use std::time::Instant;

use ponte::solve::{solve, Progress, SolveControl, SolveOptions};
use ponte::Problem;

use crate::error::{ApiError, ApiResult};
use crate::service::{App, Job};

struct Control {
    app: Arc<App>,
    id: String,
    started: Instant,
}

impl SolveControl for Control {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.started.elapsed().as_secs_f64() * 1000.0)
    }

    fn on_progress(&mut self, progress: &Progress) {
        if let Some(job) = self.app.jobs.lock().expect("jobs").get_mut(&self.id) {
            job.iterations = progress.iteration;
            job.best_cost = Some(progress.best_cost);
        }
    }
}

fn job_outcome(outcome: &str) {
    crate::metrics::METRICS.solve_jobs.get_or_create(&crate::metrics::JobLabels { outcome: outcome.into() }).inc();
}

fn set(app: &App, id: &str, f: impl FnOnce(&mut Job)) {
    if let Some(job) = app.jobs.lock().expect("jobs").get_mut(id) {
        f(job);
    }
}

/// Starts a solve job.
pub async fn start(app: Arc<App>, net: &str, actor: &str, time_limit_ms: u64, seed: u64) -> ApiResult<Job> {
    let loaded = app.current(net).await?;
    let mut doc = loaded.problem.document().clone();
    for r in &mut doc.requests {
        if let Some(a) = loaded.assignment_of(&r.id).filter(|_| r.id.starts_with(crate::model::BOOKING_PREFIX)) {
            r.previous = Some(ponte::format::PreviousDoc {
                mediator: a.mediator.clone(),
                start: a.start.clone(),
                mediators: None,
            });
            r.locked = Some(true);
        }
    }
    let problem = Problem::from_doc(&doc).map_err(ApiError::from_core)?;
    let id = format!("job_{}", crate::random_hex(8));
    let job = Job {
        id: id.clone(),
        network: net.to_string(),
        status: "running".into(),
        iterations: 0,
        best_cost: None,
        from_version: loaded.version,
        version: None,
        message: None,
    };
    app.jobs.lock().expect("jobs").insert(id.clone(), job.clone());
    job_outcome("started");
    let base = (*loaded.base_doc).clone();
    let from = loaded.version;
    let net = net.to_string();
    let actor = actor.to_string();
    tokio::spawn(async move {
        let app2 = app.clone();
        let id2 = id.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let mut control = Control { app: app2, id: id2, started: Instant::now() };
            let options = SolveOptions {
                seed,
                max_iterations: None,
                time_limit_ms: Some(time_limit_ms),
                threads: Some(std::thread::available_parallelism().map_or(1, |n| n.get())),
            };
            solve(&problem, &options, &mut control)
        })
        .await;
        let Ok(outcome) = outcome else {
            set(&app, &id, |j| j.status = "failed".into());
            job_outcome("failed");
            return;
        };
        let result: ApiResult<Option<i64>> = async {
            let mut w = app.begin_write(&net, &actor).await?;
            if w.before != from {
                return Ok(None);
            }
            let (new, _) = app.apply_plan(&mut w, base, outcome.solution, &actor, "solve").await?;
            let v = w.after;
            app.commit(w, new).await?;
            Ok(Some(v))
        }
        .await;
        job_outcome(match &result {
            Ok(Some(_)) => "done",
            Ok(None) => "stale",
            Err(_) => "failed",
        });
        set(&app, &id, |j| {
            j.iterations = outcome.iterations;
            match result {
                Ok(Some(v)) => {
                    j.status = "done".into();
                    j.version = Some(v);
                }
                Ok(None) => {
                    j.status = "stale".into();
                    j.message = Some("the plan changed during the solve; the result was not applied".into());
                }
                Err(e) => {
                    j.status = "failed".into();
                    j.message = Some(e.message);
                }
            }
        });
    });
    Ok(job)
}
