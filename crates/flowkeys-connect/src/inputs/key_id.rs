//! The Key ID Amazon Connect assigns to a flow security key: the engine's own type, shared so a
//! Key ID validated anywhere in Flowkeys means the same thing everywhere.

pub use flowkeys_core::key_id::{is_placeholder as is_placeholder_key_id, is_uuid, KeyId, KeyIdError};
