//! Plan evaluation: the hard-rule violations and the cost breakdown of a
//! solution, exactly as the format and the independent checker define them.

pub mod cost;
