//! Rotation: the safe order for replacing a flow security key, with where each key set stands.

use crate::browser;
use crate::state::use_console;
use flowkeys_core::UnixTime;
use leptos::prelude::*;

/// The Rotation screen.
#[component]
pub fn RotationPanel() -> impl IntoView {
    let console = use_console();
    let now = move || UnixTime::from_js_millis(browser::now_ms());
    let registered = move || console.entries.with(|e| e.iter().filter(|x| x.active).count());
    let with_ids = move || console.entries.with(|e| e.iter().filter(|x| x.active && x.set.key_id().is_some()).count());
    let count = move || console.entries.with(Vec::len);
    let step = move |n: u8, title: &'static str, done: Signal<bool>, body: &'static str| {
        view! {
            <li class=move || if done.get() { "rotation-step done" } else { "rotation-step" } data-step=n.to_string() data-done=move || done.get().to_string()>
                <span class="mark" aria-hidden="true">{move || if done.get() { "✓".to_owned() } else { n.to_string() }}</span>
                <div><strong>{title}</strong><span class="visually-hidden">{move || if done.get() { " (done)" } else { "" }}</span><p>{body}</p></div>
            </li>
        }
    };
    view! {
        <section class="step" aria-labelledby="rotation-title">
            <h2 id="rotation-title">"Rotate a flow security key"</h2>
            <p class="lead">"Connect allows two flow security keys at a time, so a rotation never interrupts card capture if it follows this order. The steps tick themselves off from the key sets in this tab."</p>
            <div class="card">
                <h3>"Expiry of each key set"</h3>
                <ul class="plain expiries" id="rotation-expiries">
                    {move || console.entries.get().into_iter().map(|e| {
                        let s = e.set.summary().clone();
                        let days = s.days_remaining(now());
                        let class = if days < 0 { "expiry error" } else if days < 60 { "expiry warning-text" } else { "expiry" };
                        let name = e.nickname.clone();
                        view! {
                            <li class=class>
                                <span class="days">{if days < 0 { format!("expired {} days ago", -days) } else { format!("{days} days left") }}</span>
                                {format!(" — {name}, Key ID {}, expires {}{}", e.set.key_id().map(|k| k.to_string()).unwrap_or_else(|| "not entered".into()), s.not_after.date_string(), if e.active { ", registered in Connect" } else { "" })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="hint" hidden=move || !console.entries.with(Vec::is_empty)>"No key sets yet: generate or import one on the Keys screen."</p>
                <p class="hint">"A calendar reminder for the selected key set is on the Keys screen, under Expiry reminder."</p>
            </div>
            <ol class="plain rotation" id="rotation-steps">
                {step(1, "Generate or import the next key set", Signal::derive(move || count() >= 2), "On the Keys screen. Keep the current one: the old key must keep working until the flow is switched.")}
                {step(2, "Register the new public key", Signal::derive(move || registered() >= 2), "Paste its public key into Connect → Flows → Flow security keys → Add key (or run associate-security-key from the Flow screen's commands). Enter the Key ID Connect shows on the Keys screen: that marks the set “Registered” (the current key set stays registered too).")}
                {step(3, "Update the Lambda to accept both Key IDs", Signal::derive(move || with_ids() >= 2), "The Lambda code screen fills in the other registered Key ID by itself; store the new private key as its own Parameter Store parameter and deploy the new code before switching the flow.")}
                {step(4, "Switch the flow to the new Key ID and certificate", Signal::derive(|| false), "Select the new key set, then generate the flow again on the Flow screen (or paste the new certificate and Key ID into the Store customer input block), and publish it. Lint it first.")}
                {step(5, "Verify with a preview ciphertext", Signal::derive(|| false), "On the Preview screen, encrypt a test card number with the new key set and run the Lambda on it; then place a test call.")}
                {step(6, "Remove the old key", Signal::derive(|| false), "When no published flow uses the old Key ID: delete it in Connect (or aws connect disassociate-security-key --association-id <old Key ID>), remove its Key ID from the Lambda, delete its Parameter Store parameter, and untick “Registered” here.")}
            </ol>
            <p class="warning" role="alert" hidden=move || registered() <= 2>
                {move || format!("{} key sets are marked registered; Connect allows two. Finish step 6 for the oldest.", registered())}
            </p>
        </section>
    }
}
