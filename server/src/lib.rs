//! Ponte's booking service: holds a network's problem and plan in a
//! database (SQLite by default, PostgreSQL for several instances) and lets
//! residents hold, confirm and cancel appointments through an HTTP API,
//! every change going through the core's `book`, `replan`, `lock` and
//! `free_slots`. See server/README.md.

#![forbid(unsafe_code)]

pub mod api;
pub mod backup;
pub mod batch;
pub mod cli;
pub mod clock;
pub mod db;
pub mod error;
pub mod files;
pub mod jobs;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod secret;
pub mod service;

use sha2::{Digest, Sha256};

pub use clock::now;

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes from the OS, as hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("OS randomness");
    hex(&bytes)
}
