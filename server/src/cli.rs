//! The command line: `import`, `token`, `serve`, `export`, `demo`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use ponte::format::{ProblemDoc, SolutionDoc};
use ponte::Problem;

use crate::api::{router, HttpConfig};
use crate::db::{database_url, Db};
use crate::model::{Loaded, BOOKING_PREFIX};
use crate::service::{valid_network_id, App, Config};
use crate::{now, random_hex, sha256_hex};

/// The bundled example week (the demo's network).
pub const VISCONTEO: &str = include_str!("../../examples/data/visconteo-week.json");

#[derive(Parser)]
#[command(name = "ponte-server", version, about = "Ponte's booking service")]
struct Cli {
    /// Set the service's clock to this instant at start (RFC 3339 with offset,
    /// e.g. 2026-04-24T08:00+02:00); it runs on from there. For tests and
    /// demos that serve a fixed week: never set it in production.
    #[arg(long, global = true, value_name = "RFC3339", env = "PONTE_NOW")]
    now: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Store {
    /// Folder of the SQLite database (created if needed).
    #[arg(long, value_name = "DIR", env = "PONTE_DATA")]
    data: Option<PathBuf>,
    /// PostgreSQL URL instead of --data (postgres://user@host:port/db).
    #[arg(long, value_name = "URL", env = "PONTE_DATABASE_URL")]
    database: Option<String>,
    /// SQLite's `synchronous`: full (default; an answered booking survives a
    /// power cut) or normal (survives a crash of the server; a power cut may
    /// lose the last commits).
    #[arg(long, default_value = "full", value_parser = ["full", "normal"], env = "PONTE_SQLITE_SYNCHRONOUS")]
    sqlite_synchronous: String,
    /// The server's secret, from which hold ids and cancel tokens are
    /// derived (the database keeps only their hashes). Default with --data:
    /// DIR/secret.key, created on first start. With --database every
    /// instance must read the same file, so it is required there.
    #[arg(long, value_name = "FILE", env = "PONTE_SECRET_FILE")]
    secret_file: Option<PathBuf>,
}

impl Store {
    /// The secret of `serve`: --secret-file, else DIR/secret.key beside the SQLite data.
    fn secret(&self) -> Result<crate::secret::Secret, String> {
        match (&self.secret_file, &self.data, &self.database) {
            (Some(file), _, _) => crate::secret::Secret::load(file, false),
            (None, Some(dir), None) => crate::secret::Secret::load(&dir.join("secret.key"), true),
            _ => Err("with --database give --secret-file FILE (or PONTE_SECRET_FILE): the same secret for every \
                 instance, kept outside the database (64 random hex digits: openssl rand -hex 32)"
                .into()),
        }
    }
}

#[derive(Args, Clone)]
struct ServeOptions {
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080", env = "PONTE_LISTEN")]
    listen: String,
    /// Serve the widget's files from this folder at /widget/ instead of the embedded ones.
    #[arg(long, value_name = "DIR", env = "PONTE_WIDGET_DIR")]
    widget_dir: Option<PathBuf>,
    /// Allow this origin to call the API from a browser (repeatable).
    #[arg(long = "cors-origin", value_name = "URL", env = "PONTE_CORS_ORIGIN", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Minutes a hold lasts.
    #[arg(long, default_value_t = 10, env = "PONTE_HOLD_MINUTES")]
    hold_minutes: i64,
    /// Seconds a hold lasts (overrides --hold-minutes; for tests).
    #[arg(long)]
    hold_seconds: Option<i64>,
    /// Days after the appointment that residents' personal data is kept.
    #[arg(long, default_value_t = 90, env = "PONTE_RETENTION_DAYS")]
    retention_days: i64,
    /// Public POSTs and DELETEs per second and client address (0: no limit).
    #[arg(long, default_value_t = 5, env = "PONTE_RATE_PER_SECOND")]
    rate_per_second: u32,
    /// Burst of public POSTs and DELETEs per client address.
    #[arg(long, default_value_t = 20, env = "PONTE_RATE_BURST")]
    rate_burst: u32,
    /// Largest public request body, bytes.
    #[arg(long, default_value_t = 16 * 1024, env = "PONTE_BODY_LIMIT")]
    body_limit: usize,
    /// Largest planner request body (a whole problem), bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024, env = "PONTE_PLANNER_BODY_LIMIT")]
    planner_body_limit: usize,
    /// Seconds between sweeps (expired holds, personal data past retention).
    #[arg(long, default_value_t = 5, env = "PONTE_SWEEP_SECONDS")]
    sweep_seconds: u64,
    /// Serve /metrics (and /healthz, /readyz) on this separate address
    /// instead of on --listen (where /metrics is then 404).
    #[arg(long, value_name = "ADDR", env = "PONTE_METRICS_LISTEN")]
    metrics_listen: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Imports a network's problem (and plan; without one, solves one).
    Import {
        #[command(flatten)]
        store: Store,
        /// Network id (lower-case letters, digits, - and _).
        #[arg(long)]
        network: String,
        /// The problem, `ponte-problem/1`.
        problem: PathBuf,
        /// Its plan, `ponte-solution/1`.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Time limit of the solve without --plan.
        #[arg(long, default_value_t = 2000)]
        time_limit_ms: u64,
        /// Iteration budget of the solve (deterministic; instead of the time limit).
        #[arg(long)]
        iterations: Option<u64>,
        /// Seed of the solve.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Move every date of the problem by whole weeks so that its horizon
        /// starts on or after this day (YYYY-MM-DD), or `next-week`: serve an
        /// example week as a coming one.
        #[arg(long, value_name = "DATE")]
        move_to: Option<String>,
    },
    /// Prints a new secret token once (only its hash is stored).
    Token {
        #[command(flatten)]
        store: Store,
        /// Network id.
        #[arg(long)]
        network: String,
        /// Role: planner.
        #[arg(long, default_value = "planner")]
        role: String,
    },
    /// Runs the HTTP service.
    Serve {
        #[command(flatten)]
        store: Store,
        #[command(flatten)]
        options: ServeOptions,
    },
    /// Writes a network's current plan (and problem) for ponte-check and the Python tools.
    Export {
        #[command(flatten)]
        store: Store,
        /// Network id.
        #[arg(long)]
        network: String,
        /// Where to write the plan.
        #[arg(long)]
        plan: PathBuf,
        /// Where to write the problem.
        #[arg(long)]
        problem: Option<PathBuf>,
    },
    /// Copies a SQLite store into a new file while the service may be serving
    /// (a consistent snapshot of the last commit). PostgreSQL: use pg_dump.
    Backup {
        #[command(flatten)]
        store: Store,
        /// The new file.
        out: PathBuf,
    },
    /// Installs a backup as the SQLite store of --data (a folder with no
    /// database yet) and applies this release's migrations. PostgreSQL: use pg_restore.
    Restore {
        #[command(flatten)]
        store: Store,
        /// The backup file.
        backup: PathBuf,
    },
    /// Serves the bundled Visconteo week with the widget (network `visconteo`).
    Demo {
        /// Data folder (default: a new temporary folder).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Keep the example's own dates (April 2026) instead of moving the week to the coming one.
        #[arg(long)]
        keep_dates: bool,
        #[command(flatten)]
        options: ServeOptions,
    },
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("ponte-server: {message}");
    ExitCode::from(2)
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(text) = &cli.now {
        if let Err(e) = crate::clock::parse(text).and_then(crate::clock::set) {
            return fail(e);
        }
        eprintln!("ponte-server: the clock is set to {text} (--now / PONTE_NOW): for tests and demos only");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start: {e}")),
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Import { store, network, problem, plan, time_limit_ms, iterations, seed, move_to } => {
                let mut text = std::fs::read_to_string(&problem).map_err(|e| format!("{}: {e}", problem.display()))?;
                if let Some(day) = move_to {
                    if plan.is_some() {
                        return Err("--move-to needs a problem without --plan (the plan is solved again)".into());
                    }
                    text = move_to_valid_week(&text, &day)?;
                }
                let plan = match plan {
                    Some(p) => Some(std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?),
                    None => None,
                };
                let db = open(&store).await?;
                import(&db, &network, &text, plan.as_deref(), time_limit_ms, iterations, seed).await
            }
            Command::Token { store, network, role } => {
                if role != "planner" {
                    return Err("the only role is planner".into());
                }
                let db = open(&store).await?;
                let token = token(&db, &network, &role).await?;
                println!("{token}");
                Ok(())
            }
            Command::Serve { store, options } => {
                init_logging();
                let secret = store.secret()?;
                let db = open(&store).await?;
                serve(db, options, secret).await
            }
            Command::Export { store, network, plan, problem } => {
                let db = open(&store).await?;
                export(db, &network, &plan, problem.as_deref()).await
            }
            Command::Backup { store, out } => {
                let dir = sqlite_only(&store, "backup", "pg_dump --format=custom")?;
                println!("{}", crate::backup::backup(&dir, &out).await?);
                Ok(())
            }
            Command::Restore { store, backup } => {
                let dir = sqlite_only(&store, "restore", "pg_restore into a new database")?;
                println!("{}", crate::backup::restore(&backup, &dir).await?);
                Ok(())
            }
            Command::Demo { data, keep_dates, options } => {
                init_logging();
                let dir =
                    data.unwrap_or_else(|| std::env::temp_dir().join(format!("ponte-demo-{}", std::process::id())));
                let url = database_url(Some(&dir), None)?;
                let db = Db::open(&url).await?;
                let exists: Option<(i64,)> = sqlx::query_as("SELECT version FROM networks WHERE id = 'visconteo'")
                    .fetch_optional(&db.pool)
                    .await
                    .map_err(|e| e.to_string())?;
                if exists.is_none() {
                    let text =
                        if keep_dates { VISCONTEO.to_string() } else { move_to_valid_week(VISCONTEO, "next-week")? };
                    import(&db, "visconteo", &text, None, 2000, Some(2000), 1).await?;
                }
                eprintln!("data in {}", dir.display());
                let secret = crate::secret::Secret::load(&dir.join("secret.key"), true)?;
                serve(db, options, secret).await
            }
        }
    });
    // A solve job still running in the background does not hold the exit up
    // (its result is not applied; the plan stays as committed).
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Moves every date and local date-time string of a problem by whole
/// weeks, so that the horizon starts on or after `day` (`next-week`: the
/// day after today). Weekdays stay; the holiday calendar applies to the new
/// dates.
pub fn move_dates(text: &str, day: &str) -> Result<String, String> {
    use chrono::NaiveDate;
    let target = if day == "next-week" {
        crate::clock::today_utc() + chrono::Duration::days(1)
    } else {
        NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| "--move-to takes YYYY-MM-DD or next-week".to_string())?
    };
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let start = value
        .pointer("/horizon/start")
        .and_then(|v| v.as_str())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or("the problem has no horizon.start")?;
    let days = (target - start).num_days();
    let shift = days.div_euclid(7) * 7 + if days.rem_euclid(7) > 0 { 7 } else { 0 };
    fn walk(v: &mut serde_json::Value, shift: i64) {
        match v {
            serde_json::Value::String(s) => {
                if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    if s.len() == 10 {
                        *s = (d + chrono::Duration::days(shift)).format("%Y-%m-%d").to_string();
                    }
                } else if let Some(t) = crate::model::parse_local(s) {
                    *s = (t + chrono::Duration::days(shift)).format(crate::model::LOCAL).to_string();
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, shift)),
            serde_json::Value::Object(o) => o.iter_mut().for_each(|(_, x)| walk(x, shift)),
            _ => {}
        }
    }
    walk(&mut value, shift);
    Ok(value.to_string())
}

/// [`move_dates`] to the first week from `day` on where the problem stays
/// valid (a locked request may fall on a holiday in some weeks).
pub fn move_to_valid_week(text: &str, day: &str) -> Result<String, String> {
    use chrono::NaiveDate;
    let first = if day == "next-week" {
        crate::clock::today_utc() + chrono::Duration::days(1)
    } else {
        NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| "--move-to takes YYYY-MM-DD or next-week".to_string())?
    };
    let mut last = String::new();
    for week in 0..16 {
        let target = (first + chrono::Duration::days(7 * week)).format("%Y-%m-%d").to_string();
        let moved = move_dates(text, &target)?;
        match Problem::from_json_str(&moved) {
            Ok(_) => return Ok(moved),
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!("no week in the 16 from {day} keeps the problem valid: {last}"))
}

/// The `--data` folder of a SQLite store; PostgreSQL has its own tools.
fn sqlite_only(store: &Store, what: &str, instead: &str) -> Result<PathBuf, String> {
    match (&store.database, &store.data) {
        (Some(_), _) => {
            Err(format!("{what} is for SQLite stores (--data DIR); for PostgreSQL use {instead} (README, Deploying)"))
        }
        (None, Some(dir)) => Ok(dir.clone()),
        (None, None) => Err(format!("{what}: give --data DIR")),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
}

async fn open(store: &Store) -> Result<Db, String> {
    let url = database_url(store.data.as_deref(), store.database.as_deref())?;
    Db::open_with(&url, store.sqlite_synchronous == "full").await
}

/// Imports a network: validates, solves when there is no plan, stores.
pub async fn import(
    db: &Db,
    network: &str,
    problem_text: &str,
    plan_text: Option<&str>,
    time_limit_ms: u64,
    iterations: Option<u64>,
    seed: u64,
) -> Result<(), String> {
    if !valid_network_id(network) {
        return Err("the network id must be 1 to 64 lower-case letters, digits, '-' or '_'".into());
    }
    let problem = match Problem::from_json_str(problem_text) {
        Ok(p) => p,
        Err(e) => {
            let errors = serde_json::to_string_pretty(&e.errors()).unwrap_or_default();
            return Err(format!("invalid problem ({}):\n{errors}", e.code()));
        }
    };
    let doc: ProblemDoc = problem.document().clone();
    if let Some(r) = doc.requests.iter().find(|r| r.id.starts_with(BOOKING_PREFIX)) {
        return Err(format!("request '{}': ids starting with '{BOOKING_PREFIX}' are reserved for bookings", r.id));
    }
    let plan: SolutionDoc = match plan_text {
        Some(text) => serde_json::from_str(text).map_err(|e| format!("invalid plan: {e}"))?,
        None => {
            let started = std::time::Instant::now();
            struct Clock(std::time::Instant);
            impl ponte::solve::SolveControl for Clock {
                fn elapsed_ms(&mut self) -> Option<f64> {
                    Some(self.0.elapsed().as_secs_f64() * 1000.0)
                }
            }
            let options = ponte::solve::SolveOptions {
                seed,
                max_iterations: iterations,
                time_limit_ms: if iterations.is_some() { None } else { Some(time_limit_ms) },
                threads: Some(std::thread::available_parallelism().map_or(1, |n| n.get())),
            };
            let outcome = ponte::solve::solve(&problem, &options, &mut Clock(started));
            outcome.solution
        }
    };
    let loaded = Loaded::build(1, Arc::new(doc.clone()), Arc::new(plan), Vec::new())
        .map_err(|e| format!("the plan does not fit the problem: {} {e}", e.code()))?;
    let t = now();
    let mut tx = db.pool.begin().await.map_err(|e| e.to_string())?;
    let exists: Option<(i64,)> = sqlx::query_as("SELECT version FROM networks WHERE id = $1")
        .bind(network)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    if exists.is_some() {
        return Err(format!(
            "network '{network}' exists; replace its problem through the planner API (PUT .../planner/problem)"
        ));
    }
    // The documents live apart from the version row, which every change updates.
    sqlx::query(
        "INSERT INTO networks (id, version, base_problem, base_plan, created_at, updated_at) VALUES ($1, 1, '', '', $2, $3)",
    )
    .bind(network)
    .bind(t)
    .bind(t)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    sqlx::query("INSERT INTO network_bases (network, base_problem, base_plan) VALUES ($1, $2, $3)")
        .bind(network)
        .bind(serde_json::to_string(&doc).map_err(|e| e.to_string())?)
        .bind(serde_json::to_string(loaded.plan()).map_err(|e| e.to_string())?)
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    crate::service::audit(&mut tx, network, "cli", "import", None, 0, 1).await.map_err(|e| e.message)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    let plan = loaded.plan();
    println!(
        "network {network}: {} requests, {} assigned, {} unassigned, cost {}; plan version 1",
        doc.requests.len(),
        plan.assignments.len(),
        plan.unassigned.len(),
        plan.cost.total
    );
    Ok(())
}

async fn token(db: &Db, network: &str, role: &str) -> Result<String, String> {
    let exists: Option<(i64,)> = sqlx::query_as("SELECT version FROM networks WHERE id = $1")
        .bind(network)
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    if exists.is_none() {
        return Err(format!("no network '{network}'; import it first"));
    }
    let token = format!("pt_{}", random_hex(24));
    sqlx::query("INSERT INTO tokens (hash, network, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(sha256_hex(token.as_bytes()))
        .bind(network)
        .bind(role)
        .bind(now())
        .execute(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    Ok(token)
}

async fn export(db: Db, network: &str, plan: &Path, problem: Option<&Path>) -> Result<(), String> {
    // Export derives no capability: a throwaway secret.
    let secret = Arc::new(crate::secret::Secret::from_bytes(random_hex(32).as_bytes()));
    let app = App::new(db, Config { hold_seconds: 600, retention_days: 90, secret });
    let loaded = app.current(network).await.map_err(|e| e.message)?;
    let text = serde_json::to_string_pretty(loaded.plan()).map_err(|e| e.to_string())?;
    std::fs::write(plan, text + "\n").map_err(|e| format!("{}: {e}", plan.display()))?;
    if let Some(path) = problem {
        let text = serde_json::to_string_pretty(loaded.problem.document()).map_err(|e| e.to_string())?;
        std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!(
        "network {network}: plan version {}, {} assigned, {} unassigned, cost {}",
        loaded.version,
        loaded.plan().assignments.len(),
        loaded.plan().unassigned.len(),
        loaded.plan().cost.total
    );
    Ok(())
}

async fn serve(db: Db, o: ServeOptions, secret: crate::secret::Secret) -> Result<(), String> {
    if let Some(dir) = &o.widget_dir {
        if !dir.is_dir() {
            return Err(format!("--widget-dir {}: not a folder", dir.display()));
        }
    }
    let hold_seconds = o.hold_seconds.unwrap_or(o.hold_minutes * 60);
    if hold_seconds <= 0 || o.retention_days < 0 {
        return Err("the hold time must be positive and the retention not negative".into());
    }
    let config = Config { hold_seconds, retention_days: o.retention_days, secret: Arc::new(secret) };
    let app = Arc::new(App::new(db, config));
    let http = HttpConfig {
        rate_per_second: o.rate_per_second,
        rate_burst: o.rate_burst,
        body_limit: o.body_limit,
        planner_body_limit: o.planner_body_limit,
        cors_origins: o.cors_origins.clone(),
        widget_dir: o.widget_dir.clone(),
        metrics_on_main: o.metrics_listen.is_none(),
    };
    crate::ops::warm(&app).await;
    let routes = router(app.clone(), &http);
    let listener =
        tokio::net::TcpListener::bind(&o.listen).await.map_err(|e| format!("cannot listen on {}: {e}", o.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let sweeper = app.clone();
    let every = std::time::Duration::from_secs(o.sweep_seconds.max(1));
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = sweeper.sweep().await {
                tracing::warn!(code = %e.code, "sweep failed");
            }
        }
    });
    {
        // Tests and scripts read this line; a closed stdout must not stop the server.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ponte-server listening on http://{addr}");
        let _ = out.flush();
    }
    eprintln!("ponte-server: the demo and the widget on http://{addr}/, the API under http://{addr}/v1/");
    if let Some(ops_addr) = &o.metrics_listen {
        let ops = tokio::net::TcpListener::bind(ops_addr)
            .await
            .map_err(|e| format!("cannot listen on {ops_addr} (--metrics-listen): {e}"))?;
        let ops_addr = ops.local_addr().map_err(|e| e.to_string())?;
        eprintln!("ponte-server: /metrics, /healthz and /readyz on http://{ops_addr}/");
        let ops_routes = crate::api::ops_router(app.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(ops, ops_routes).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    tracing::info!(%addr, "listening");
    let served = axum::serve(listener, routes.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| e.to_string());
    // Every request in flight has been answered (and its change committed);
    // close the database cleanly: SQLite moves its WAL into the database file.
    if app.db.backend == crate::db::Backend::Sqlite {
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&app.db.pool).await {
            tracing::warn!(error = %e, "final checkpoint");
        }
    }
    app.db.pool.close().await;
    tracing::info!("stopped");
    served
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: no new connections; finishing the requests in flight");
}
