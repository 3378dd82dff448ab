//! UI components. Each takes typed context or signals, never the whole state it does not need.

pub mod answer;
pub mod artefact;
pub mod cert_summary;
pub mod checklist;
pub mod code_block;
pub mod download_all;
pub mod drop_zone;
pub mod flow;
pub mod generate;
pub mod import;
pub mod inspect;
pub mod key_id;
pub mod key_sets;
pub mod lambda;
pub mod message_view;
pub mod nav;
pub mod outputs;
pub mod preview;
pub mod private_key;
pub mod rail;
pub mod renew;
pub mod rotation;
pub mod text_field;
