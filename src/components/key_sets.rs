//! The key sets the console holds: pick the one to work on, mark which are registered in
//! Connect, see when each expires, remove the ones you are done with.

use crate::browser;
use crate::state::use_console;
use flowkeys_connect::nickname::clean_nickname;
use flowkeys_core::UnixTime;
use leptos::prelude::*;

/// Connect allows this many flow security keys per instance.
const CONNECT_KEY_LIMIT: usize = 2;

/// The list of key sets.
#[component]
pub fn KeySetList() -> impl IntoView {
    let console = use_console();
    let nickname = move || {
        let id = console.selected.get();
        console.entries.with(|e| e.iter().find(|x| Some(x.id) == id).map(|x| x.nickname.clone()).unwrap_or_default())
    };
    let rename = move |ev: leptos::ev::Event| {
        if let Some(name) = clean_nickname(&event_target_value(&ev)) {
            console.update_selected_entry(|e| e.nickname = name);
        }
    };
    let active_count = move || console.entries.with(|e| e.iter().filter(|x| x.active).count());
    view! {
        <section class="card" aria-labelledby="key-sets-title" id="key-sets" hidden=move || console.entries.with(Vec::is_empty)>
            <h2 id="key-sets-title">"Key sets in this tab"</h2>
            <p class="hint">"The screens work on the selected key set; the arrow keys move the selection. Mark the ones registered in Connect (it allows two at a time, which is what makes a rotation possible)."</p>
            <p class="warning" id="too-many-active" role="alert" hidden=move || active_count() <= CONNECT_KEY_LIMIT>
                {move || format!("{} key sets are marked as registered, but Connect allows only {CONNECT_KEY_LIMIT} flow security keys per instance. Remove the old key from Connect and unmark it here.", active_count())}
            </p>
            <div class="field nickname">
                <label for="nickname">"Nickname of the selected key set"</label>
                <input id="nickname" type="text" autocomplete="off" spellcheck="false" maxlength="60" aria-describedby="nickname-hint"
                    prop:value=nickname on:change=rename />
                <p class="hint" id="nickname-hint">"Shown on every screen that uses this key set. Starts as its Common Name and the first digits of its public key's fingerprint."</p>
            </div>
            <table class="key-sets">
                <thead><tr><th scope="col">"Selected"</th><th scope="col">"Key set"</th><th scope="col">"Key ID"</th><th scope="col">"Expires"</th><th scope="col">"In Connect"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
                <tbody>
                    <For each=move || console.entries.get() key=|e| (e.id, e.active, e.set.key_id().cloned(), e.set.summary().serial_hex.clone(), e.nickname.clone(), e.saved) let:entry>
                        {
                            let id = entry.id;
                            let summary = entry.set.summary().clone();
                            let name = entry.nickname.clone();
                            let days = summary.days_remaining(UnixTime::from_js_millis(browser::now_ms()));
                            let expiry_class = if days < 0 { "error" } else if days < 60 { "warning-text" } else { "" };
                            let expiry = if days < 0 { format!("expired {} days ago", -days) } else { format!("in {days} days ({})", summary.not_after.date_string()) };
                            let label = format!("{name}, RSA {}", summary.key_bits);
                            let fp = summary.public_key_sha256.to_string();
                            let saved = if entry.saved { "private key saved" } else { "private key not saved yet" };
                            let detail = format!("{} · {saved} · public key {}…", entry.source, fp.get(..23).unwrap_or(&fp));
                            let radio_id = format!("select-set-{id}");
                            let active_id = format!("active-set-{id}");
                            let active_for = active_id.clone();
                            // Roving focus: the radios are one tab stop (arrow keys move between
                            // them, as for any radio group) and only the selected set's own
                            // controls are in the tab order, so each added set adds no tab stop.
                            let roving = move || if console.selected.get() == Some(id) { "0" } else { "-1" };
                            view! {
                                <tr data-key-set=id.to_string()>
                                    <td data-label="Selected"><input type="radio" name="selected-key-set" id=radio_id.clone() prop:checked=move || console.selected.get() == Some(id)
                                        on:change=move |_| console.selected.set(Some(id)) /></td>
                                    <td data-label="Key set"><label for=radio_id>{label}</label><div class="hint">{detail}</div></td>
                                    <td class="mono" data-label="Key ID">{entry.set.key_id().map(|k| k.to_string()).unwrap_or_else(|| "not entered".into())}</td>
                                    <td class=expiry_class data-label="Expires">{expiry}</td>
                                    <td data-label="In Connect"><label class="choice" for=active_for><input type="checkbox" id=active_id tabindex=roving prop:checked=entry.active
                                        on:change=move |ev| { let on = event_target_checked(&ev); console.update_entry(id, |e| e.active = on); } />
                                        <span>"Registered"<span class="visually-hidden">{format!(" ({name})")}</span></span></label></td>
                                    <td><button type="button" class="small" tabindex=roving on:click=move |_| console.request_remove(id)>"Remove"<span class="visually-hidden">{format!(" {name}")}</span></button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </section>
    }
}
