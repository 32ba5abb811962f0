//! Storage: SQLite (a file under `--data DIR`, WAL, foreign keys) by
//! default, PostgreSQL through a `postgres://` URL; one schema, migrations
//! embedded in the binary.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The pool and its kind.
#[derive(Clone, Debug)]
pub struct Db {
    /// Connections.
    pub pool: AnyPool,
    /// Which database.
    pub backend: Backend,
}

/// Embedded migrations: (version, SQLite text, PostgreSQL text).
/// Forward only: a released migration is never edited; a change of the
/// schema is a new one (server/tests/upgrade.rs opens a store of the
/// previous release).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql"), include_str!("../migrations/postgres/0001_init.sql")),
    (
        2,
        include_str!("../migrations/sqlite/0002_capabilities_hashed.sql"),
        include_str!("../migrations/postgres/0002_capabilities_hashed.sql"),
    ),
    (
        3,
        include_str!("../migrations/sqlite/0003_sweep_indexes.sql"),
        include_str!("../migrations/postgres/0003_sweep_indexes.sql"),
    ),
    (
        4,
        include_str!("../migrations/sqlite/0004_network_bases.sql"),
        include_str!("../migrations/postgres/0004_network_bases.sql"),
    ),
];

/// Where the data lives: `--database URL` wins over `--data DIR`.
pub fn database_url(data: Option<&Path>, database: Option<&str>) -> Result<String, String> {
    if let Some(url) = database {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") || url.starts_with("sqlite:") {
            return Ok(url.to_string());
        }
        return Err("--database must be a postgres:// (or sqlite:) URL".into());
    }
    let dir = data.ok_or("give --data DIR (SQLite) or --database postgres://... (or PONTE_DATABASE_URL)")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file = dir.join("ponte.sqlite3");
    Ok(format!("sqlite://{}?mode=rwc", file.display()))
}

impl Db {
    /// Opens the database and applies the migrations (SQLite: `synchronous = FULL`).
    pub async fn open(url: &str) -> Result<Db, String> {
        Db::open_with(url, true).await
    }

    /// Opens the database; `durable` false sets SQLite's `synchronous = NORMAL`
    /// (a crash loses nothing; a power cut may lose the last commits).
    pub async fn open_with(url: &str, durable: bool) -> Result<Db, String> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let options = AnyConnectOptions::from_str(url).map_err(|e| format!("bad database URL: {e}"))?;
        let pool = match backend {
            Backend::Sqlite => AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        // WAL: readers never wait for the writer. synchronous=FULL:
                        // a booking answered 201 survives a power cut, not only a crash.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        let sync = if durable { "PRAGMA synchronous = FULL" } else { "PRAGMA synchronous = NORMAL" };
                        conn.execute(sync).await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await
                .map_err(|e| format!("cannot open the database: {e}"))?,
            Backend::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await
                .map_err(|e| format!("cannot connect to the database: {e}"))?,
        };
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), String> {
        let err = |e: sqlx::Error| format!("migration failed: {e}");
        let mut conn = self.pool.acquire().await.map_err(err)?;
        if self.backend == Backend::Postgres {
            // Several instances may start at once.
            conn.execute("SELECT pg_advisory_lock(70736572)").await.map_err(err)?;
        }
        conn.execute(
            "CREATE TABLE IF NOT EXISTS ponte_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .await
        .map_err(err)?;
        for (version, sqlite, postgres) in MIGRATIONS {
            // SQLite: the write lock is taken before the check (BEGIN
            // IMMEDIATE), so that a second instance opening the same store
            // at once waits for the first (busy_timeout) and then finds the
            // migration done; PostgreSQL holds the advisory lock above.
            let begin = if self.backend == Backend::Sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
            conn.execute(begin).await.map_err(err)?;
            let text = if self.backend == Backend::Sqlite { sqlite } else { postgres };
            let applied = async {
                let done: Option<(i64,)> = sqlx::query_as("SELECT version FROM ponte_migrations WHERE version = $1")
                    .bind(*version)
                    .fetch_optional(&mut *conn)
                    .await?;
                if done.is_some() {
                    return Ok::<_, sqlx::Error>(());
                }
                for statement in text.split(';').map(str::trim).filter(|s| !s.is_empty() && !is_comment_only(s)) {
                    conn.execute(statement).await?;
                }
                sqlx::query("INSERT INTO ponte_migrations (version, applied_at) VALUES ($1, $2)")
                    .bind(*version)
                    .bind(crate::now())
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }
            .await;
            match applied {
                Ok(()) => {
                    conn.execute("COMMIT").await.map_err(err)?;
                }
                Err(e) => {
                    // The connection goes back to the pool: leave no transaction open.
                    let _ = conn.execute("ROLLBACK").await;
                    return Err(err(e));
                }
            }
        }
        // Hold ids of releases before version 2 were kept in plain text
        // (`h_` and 24 hex digits); a hash is 64 hex digits.
        let plain: Vec<(String,)> =
            sqlx::query_as("SELECT hold_id FROM reservations WHERE hold_id LIKE 'h\\_%' ESCAPE '\\'")
                .fetch_all(&mut *conn)
                .await
                .map_err(err)?;
        for (hold,) in plain {
            sqlx::query("UPDATE reservations SET hold_id = $1 WHERE hold_id = $2")
                .bind(crate::sha256_hex(hold.as_bytes()))
                .bind(&hold)
                .execute(&mut *conn)
                .await
                .map_err(err)?;
        }
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_unlock(70736572)").await.map_err(err)?;
        }
        Ok(())
    }
}

fn is_comment_only(statement: &str) -> bool {
    statement.lines().all(|l| l.trim().is_empty() || l.trim().starts_with("--"))
}
