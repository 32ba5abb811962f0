//! # Ponte
//!
//! A scheduling engine for linguistic-cultural mediation services shared by
//! groups of municipalities: which mediator serves which appointment, when,
//! in which language and modality, with travel between towns, opening hours,
//! holidays, priorities and continuity for each family's case.
//!
//! The contract is the JSON format `ponte-problem/1` / `ponte-solution/1`
//! (see `docs/format.md`). The crate is pure Rust: no threads, no clock and no
//! OS randomness inside, so it runs the same natively and in WebAssembly.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod booking;
pub mod cost_terms;
pub mod error;
pub mod evaluate;
pub mod format;
pub mod interval;
pub mod json;
pub mod kinds;
pub mod model;
pub mod report;
pub mod solve;
pub mod time;
pub mod validate;

pub use error::{InputError, PonteError};
pub use model::Problem;
