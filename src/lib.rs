//! Support for Ponte's top-level examples, benchmarks and cross-layer tests.
