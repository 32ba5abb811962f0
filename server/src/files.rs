//! The widget's files under `/widget/`, the demo pages under `/demo/`
//! (both embedded in the binary), `--widget-dir` from disk instead, and the
//! widget's WebAssembly build under `/pkg-widget/` when there is one.

use std::path::{Path, PathBuf};

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use include_dir::{include_dir, Dir};

use crate::api::{Path as UrlPath, Shared};
use crate::error::ApiError;

static WIDGET: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../wasm/widget");
static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../examples/widget");

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ts" => "text/plain; charset=utf-8",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Checks a relative path from a URL: no `..`, `.`, empty or hidden
/// segments, no backslashes, NUL or absolute paths.
pub fn safe_relative(path: &str) -> Result<&str, ApiError> {
    let bad = || ApiError::bad("BAD_PATH", "this path is not allowed");
    if path.is_empty() {
        return Ok("index.html");
    }
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err(bad());
    }
    for segment in path.split('/') {
        if segment.is_empty() || segment.starts_with('.') {
            return Err(bad());
        }
    }
    Ok(path)
}

fn file(path: &str, bytes: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type(path))),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        bytes,
    )
        .into_response()
}

fn missing() -> Response {
    ApiError::not_found("NOT_FOUND", "no such file").into_response()
}

/// A file under `root` on disk, refusing anything that leaves it (symlinks included).
pub fn from_disk(root: &Path, path: &str) -> Response {
    let rel = match safe_relative(path) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let (Ok(root), Ok(full)) = (root.canonicalize(), root.join(rel).canonicalize()) else { return missing() };
    if !full.starts_with(&root) || !full.is_file() {
        return missing();
    }
    match std::fs::read(&full) {
        Ok(bytes) => file(rel, bytes),
        Err(_) => missing(),
    }
}

fn embedded(dir: &Dir<'static>, path: &str) -> Response {
    let rel = match safe_relative(path) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    match dir.get_file(rel) {
        Some(f) => file(rel, f.contents().to_vec()),
        None => missing(),
    }
}

async fn widget(State(s): State<Shared>, UrlPath(path): UrlPath<String>) -> Response {
    match s.widget_dir() {
        Some(root) => from_disk(root, &path),
        None => embedded(&WIDGET, &path),
    }
}

async fn pkg(State(s): State<Shared>, UrlPath(path): UrlPath<String>) -> Response {
    match pkg_dir(s.widget_dir()) {
        Some(root) => from_disk(&root, &path),
        None => missing(),
    }
}

/// `pkg-widget` beside the widget folder (or in the source tree this binary was built from).
fn pkg_dir(widget_dir: Option<&Path>) -> Option<PathBuf> {
    let candidates = [
        widget_dir.and_then(|d| d.parent()).map(|p| p.join("pkg-widget")),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("wasm").join("pkg-widget")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

async fn demo(UrlPath(path): UrlPath<String>) -> Response {
    embedded(&DEMO, &path)
}

async fn demo_index() -> Response {
    embedded(&DEMO, "index.html")
}

async fn widget_index() -> Response {
    missing()
}

async fn root() -> Response {
    if DEMO.get_file("live.html").is_some() {
        Redirect::temporary("/demo/live.html").into_response()
    } else {
        Redirect::temporary("/demo/").into_response()
    }
}

/// The routes of the files.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(root))
        .route("/demo/", get(demo_index))
        .route("/demo/{*path}", get(demo))
        .route("/widget/", get(widget_index))
        .route("/widget/{*path}", get(widget))
        .route("/pkg-widget/{*path}", get(pkg))
        // The repository's layout too, for pages written against it
        // (examples/widget/index.html loads ../../wasm/widget/...).
        .route("/wasm/widget/{*path}", get(widget))
        .route("/wasm/pkg-widget/{*path}", get(pkg))
}
