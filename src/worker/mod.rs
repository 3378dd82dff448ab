//! Work off the page's main thread, in a Web Worker.
//!
//! Everything that needs the message format, an RSA private-key operation or a password
//! derivation runs in a fresh dedicated worker that is terminated afterwards: a 4096-bit prime
//! search never freezes the page, Cancel is instant (`Worker.terminate()`), and the worker's
//! copy of a private key dies with its heap. Work that touches no secret (linting a flow,
//! making a stack) goes to a long-lived worker instead, started on first use and reused, so a
//! keystroke does not pay a worker's start-up.
//!
//! The worker code is split into modules ([`flowkeys_protocol::Module`]: key sets, key files,
//! linting, tools), one WebAssembly binary each (`src/bin/`), so that none is over the size
//! goal and a click loads the code for what it asks only: each request type names its module,
//! and the page starts that module's worker for it. The messages are `flowkeys_protocol`'s typed
//! requests and answers; [`transport`] carries them as JS values, [`client`] is the page side
//! (one function per operation), [`scope`] the worker side.

pub mod client;
pub mod scope;
pub mod transport;

pub use flowkeys_protocol::Method;
