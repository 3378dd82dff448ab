//! A screen's request to the long-lived worker, sent again whenever what it is made of changes;
//! only the answer to the latest request is kept (an older answer arriving late is dropped).

use crate::worker::client::WorkerError;
use leptos::prelude::*;

/// The answer to the latest `request`: `None` while it is on its way, the request's own error
/// (a field the screen refused) or the worker's, or the worker's result. `send` is the client
/// function that posts it (`client::stack`, `client::lambda`).
pub fn latest_answer<S, T>(
    request: Memo<Result<S, String>>,
    send: impl Fn(S, Box<dyn FnOnce(Result<T, WorkerError>)>) + 'static,
) -> RwSignal<Option<Result<T, String>>>
where
    S: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let answer = RwSignal::new(None);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let serial = asked.get_value() + 1;
        asked.set_value(serial);
        match request.get() {
            Err(e) => answer.set(Some(Err(e))),
            Ok(request) => send(
                request,
                Box::new(move |reply| {
                    if asked.get_value() == serial {
                        answer.set(Some(reply.map_err(|e| e.to_string())));
                    }
                }),
            ),
        }
    });
    answer
}
