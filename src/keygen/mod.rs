//! Key generation off the page's main thread.
//!
//! Every generation runs in a fresh dedicated Web Worker that is terminated afterwards, so a
//! 4096-bit prime search never freezes the page, Cancel is instant (`Worker.terminate()`), and
//! the worker's copy of the private key dies with its heap.

pub mod client;
pub mod protocol;
pub mod worker;

pub use protocol::Method;
pub mod engine_ops;
