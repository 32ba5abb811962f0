//! The time zones this build knows.
//!
//! The wasm build keeps only part of chrono-tz's database, to save about
//! 900 KB: `scripts/ci/wasm` sets `CHRONO_TZ_TIMEZONE_FILTER` to
//! [`KEPT_ZONES_FILTER`] for that build only (native builds keep every
//! zone). A problem naming another zone is refused with `BAD_TIMEZONE`.

/// The regular expression given to chrono-tz's `filter-by-regex` (kept in
/// step with `scripts/ci/wasm`, which a Node test compares with this one).
pub const KEPT_ZONES_FILTER: &str = "^(Europe/.*|UTC|Etc/UTC|Etc/GMT|GMT)$";

/// Said in every time-zone error of this build.
pub const KEPT_ZONES_NOTE: &str =
    "this WebAssembly build knows only the Europe/* zones, UTC and Etc/GMT; use the native library for others";

/// The IANA names of the zones this build knows, sorted.
pub fn kept_zones() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}
