//! # Flowkeys console
//!
//! The Leptos front end. Components stay thin: the key, certificate and message logic lives
//! in the `flowkeys-core` engine crate; slow work runs in a Web Worker (`worker`).
#![forbid(unsafe_code)]

pub mod app;
pub mod browser;
pub mod components;
pub mod state;
pub mod worker;

pub use app::App;
