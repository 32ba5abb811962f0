//! `backup` and `restore` of a SQLite store: a consistent copy taken while
//! the service serves (`VACUUM INTO`, one read transaction: a snapshot of
//! the last commit), checked, and written atomically. PostgreSQL: `pg_dump`
//! and `pg_restore` (README, "Deploying"). The server's secret
//! (`secret.key`) is not copied: it is backed up apart, so that a backup
//! alone derives no capability.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

/// The database file of a `--data` folder.
pub fn sqlite_file(dir: &Path) -> std::path::PathBuf {
    dir.join("ponte.sqlite3")
}

async fn connect(file: &Path, create: bool) -> Result<SqliteConnection, String> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", file.display()))
        .map_err(|e| e.to_string())?
        .create_if_missing(create)
        .busy_timeout(std::time::Duration::from_secs(10));
    options.connect().await.map_err(|e| format!("{}: {e}", file.display()))
}

/// What a checked database holds: (networks, confirmed bookings).
async fn check(conn: &mut SqliteConnection, what: &Path) -> Result<(i64, i64), String> {
    let (ok,): (String,) =
        sqlx::query_as("PRAGMA integrity_check").fetch_one(&mut *conn).await.map_err(|e| e.to_string())?;
    if ok != "ok" {
        return Err(format!("{}: the integrity check failed: {ok}", what.display()));
    }
    let counts: Result<(i64, i64), sqlx::Error> = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM networks), (SELECT COUNT(*) FROM reservations WHERE status = 'confirmed')",
    )
    .fetch_one(&mut *conn)
    .await;
    counts.map_err(|_| format!("{}: not a ponte-server database", what.display()))
}

/// Copies the store of `dir` to the new file `out` while the service may be serving.
pub async fn backup(dir: &Path, out: &Path) -> Result<String, String> {
    let file = sqlite_file(dir);
    if !file.is_file() {
        return Err(format!("{}: no database here", file.display()));
    }
    if out.exists() {
        return Err(format!("{}: exists; give a new file", out.display()));
    }
    let partial = out.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = connect(&file, false).await?;
    let target = partial.to_str().ok_or("the output path is not UTF-8")?.replace('\'', "''");
    sqlx::query(&format!("VACUUM INTO '{target}'"))
        .execute(&mut conn)
        .await
        .map_err(|e| format!("backup failed: {e}"))?;
    conn.close().await.map_err(|e| e.to_string())?;
    let mut copy = connect(&partial, false).await?;
    let (networks, bookings) = check(&mut copy, &partial).await?;
    copy.close().await.map_err(|e| e.to_string())?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
    std::fs::rename(&partial, out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(format!("backup of {networks} network(s), {bookings} confirmed booking(s) in {}", out.display()))
}

/// Installs the backup `from` as the store of `dir`, which must hold none.
pub async fn restore(from: &Path, dir: &Path) -> Result<String, String> {
    let file = sqlite_file(dir);
    if file.exists() {
        return Err(format!(
            "{}: a database is already there; restore into an empty folder (stop the service, move the old folder away)",
            file.display()
        ));
    }
    if !from.is_file() {
        return Err(format!("{}: no such file", from.display()));
    }
    let mut conn = connect(from, false).await?;
    let (networks, bookings) = check(&mut conn, from).await?;
    conn.close().await.map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let partial = dir.join("ponte.sqlite3.partial");
    std::fs::copy(from, &partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
    std::fs::rename(&partial, &file).map_err(|e| format!("{}: {e}", file.display()))?;
    // Opening it applies the migrations of this release and WAL mode.
    let url = crate::db::database_url(Some(dir), None)?;
    let db = crate::db::Db::open(&url).await?;
    db.pool.close().await;
    let mut done = format!("restored {networks} network(s), {bookings} confirmed booking(s) into {}", file.display());
    if !dir.join("secret.key").exists() {
        // The secret is not in the backup (a backup alone opens no booking).
        done.push_str(&format!(
            "\nnote: copy the store's secret.key into {} (or give --secret-file) before serving: without it a \
             retried request of before the backup replays a hold id or cancel token that opens nothing",
            dir.display()
        ));
    }
    Ok(done)
}
