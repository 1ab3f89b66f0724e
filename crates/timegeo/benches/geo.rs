//! Placeholder until the geo stage exists.
fn main() {}
