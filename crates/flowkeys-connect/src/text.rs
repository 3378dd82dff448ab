//! Small text helpers shared by error messages (the engine's own).

pub(crate) use flowkeys_core::text::shorten;
