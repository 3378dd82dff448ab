//! UI components. Each takes typed context or signals, never the whole state it does not need.

pub mod artefact;
pub mod cert_summary;
pub mod generate;
pub mod key_id;
pub mod outputs;
pub mod private_key;
pub mod text_field;
pub mod inspect;
pub mod message_view;
pub mod nav;
pub mod preview;
pub mod code_block;
pub mod lambda;
pub mod flow;
pub mod drop_zone;
pub mod key_sets;
pub mod checklist;
pub mod import;
pub mod renew;
pub mod rotation;
