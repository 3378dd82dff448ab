//! Work off the page's main thread, in a Web Worker.
//!
//! Everything that needs the message format, an RSA private-key operation or a password
//! derivation runs in a fresh dedicated worker that is terminated afterwards: a 4096-bit prime
//! search never freezes the page, Cancel is instant (`Worker.terminate()`), and the worker's
//! copy of a private key dies with its heap. Work that touches no secret (linting a flow) goes
//! to one long-lived worker instead, started on first use and reused, so its parsers (YAML,
//! HCL) and the linter are not in the page's module and a keystroke does not pay a worker's
//! start-up. The messages are `flowkeys_protocol`'s typed
//! requests and answers; [`transport`] carries them as JS values, [`client`] is the page side
//! (one function per operation), [`scope`] the worker side.

pub mod client;
pub mod scope;
pub mod transport;

pub use flowkeys_protocol::Method;
