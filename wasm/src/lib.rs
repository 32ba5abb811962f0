//! WebAssembly bindings for Ponte (work in progress).
