//! Python bindings for Ponte (work in progress).
