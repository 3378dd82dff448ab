//! The console's shared state, provided as context.
//!
//! Components take only what they need from it. Private material lives only here, in memory:
//! nothing is written to storage, cookies or the URL.

use crate::keygen::Method;
use flowkeys_core::KeySet;
use leptos::prelude::*;

/// How the current key set was made (shown next to the outputs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Provenance {
    /// Which generator ran.
    pub method: Method,
    /// Key generation time, milliseconds.
    pub keygen_ms: f64,
    /// Whole job time, milliseconds.
    pub total_ms: f64,
    /// `Date.now()` when it finished (dates the file names).
    pub made_at_ms: f64,
}

/// The key set the console is working on, and how it was made.
#[derive(Clone, Copy)]
pub struct Console {
    /// The current key set. Replacing or clearing it drops the old one, which wipes its
    /// private key (the engine keeps it in zeroizing buffers).
    pub key_set: RwSignal<Option<KeySet>>,
    /// Where the current key set came from.
    pub provenance: RwSignal<Option<Provenance>>,
    /// Bumped by Clear so every field resets its own local state.
    pub generation: RwSignal<u64>,
    /// The decrypt Lambda's ARN, shared by the Lambda and Flow screens (not secret).
    pub lambda_arn: RwSignal<String>,
}

impl Console {
    /// Fresh, empty state.
    pub fn new() -> Console {
        Console {
            key_set: RwSignal::new(None),
            provenance: RwSignal::new(None),
            generation: RwSignal::new(0),
            lambda_arn: RwSignal::new(String::new()),
        }
    }

    /// Drops every piece of private material and resets the page.
    pub fn clear(&self) {
        self.key_set.set(None);
        self.provenance.set(None);
        self.lambda_arn.set(String::new());
        self.generation.update(|g| *g += 1);
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

/// The console state from context.
pub fn use_console() -> Console {
    use_context::<Console>().unwrap_or_default()
}
