//! The inspector view of an Encryption SDK message (rendered from the worker's JSON, so the
//! page's module carries no message-format code).

use leptos::prelude::*;
use serde_json::Value;

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Everything visible in a message without a key.
#[component]
pub fn MessageView(
    /// The message as `flowkeys_esdk::MessageInfo` JSON.
    info: Value,
    /// Element id (for tests and labels).
    id: &'static str,
) -> impl IntoView {
    let suite = format!("{} {}", text(&info["suite"]["id"]), text(&info["suite"]["name"]));
    let signature = match &info["signature"] {
        Value::Null => "none (this suite does not sign)".to_owned(),
        s if s["valid"].as_bool() == Some(true) => format!(
            "present, valid ({} bytes, ECDSA) — it matches the signing key in the message's own header, which shows the message is intact, not who made it",
            text(&s["length"])
        ),
        s => format!("present, INVALID: {}", text(&s["problem"])),
    };
    let frames = match info["frames"].as_array() {
        Some(f) if !f.is_empty() => {
            let sizes: Vec<String> = f.iter().map(|x| text(&x["content_length"])).collect();
            format!("{} ({} bytes)", text(&info["frame_count"]), sizes.join(", "))
        }
        _ => "none (non-framed body)".to_owned(),
    };
    let context: Vec<(String, String)> = info["encryption_context"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
        .unwrap_or_default();
    let edks: Vec<Value> = info["encrypted_data_keys"].as_array().cloned().unwrap_or_default();
    let differences: Vec<String> = info["connect_profile_differences"]
        .as_array()
        .map(|a| a.iter().map(text).collect())
        .unwrap_or_default();
    let profile = if differences.is_empty() {
        "Matches what Amazon Connect produces (v1, suite 0x0378, framed 4096, provider AmazonConnect, one key).".to_owned()
    } else {
        format!("Differs from Amazon Connect's output: {}.", differences.join("; "))
    };
    let iv_style = if text(&info["iv_style"]) == "random" {
        "random (as Amazon Connect writes them)"
    } else {
        "deterministic (as the AWS SDKs write them)"
    };
    view! {
        <dl class="summary message" id=id aria-label="Message details">
            <dt>"Format"</dt><dd data-field="version">{format!("version {}", text(&info["version"]))}</dd>
            <dt>"Algorithm suite"</dt><dd data-field="suite">{suite}</dd>
            <dt>"Message ID"</dt><dd class="mono" data-field="message-id">{text(&info["message_id_hex"])}</dd>
            <dt>"Encryption context"</dt>
            <dd data-field="context">
                {if context.is_empty() { view! { <span>"empty"</span> }.into_any() } else {
                    view! { <ul class="plain">{context.into_iter().map(|(k, v)| view! { <li><span class="mono">{k}</span>" = "<span class="mono ellipsis">{v}</span></li> }).collect_view()}</ul> }.into_any()
                }}
            </dd>
            <dt>"Encrypted data keys"</dt>
            <dd data-field="edks">
                <ul class="plain">
                    {edks.into_iter().map(|e| view! {
                        <li data-field="edk">
                            "provider "<strong class="mono" data-field="edk-provider">{text(&e["provider_id"])}</strong>
                            ", key "<strong class="mono" data-field="edk-key-id">{text(&e["key_info"])}</strong>
                            {format!(", {} bytes wrapped (RSA-{})", text(&e["wrapped_key_length"]), text(&e["rsa_modulus_bits"]))}
                        </li>
                    }).collect_view()}
                </ul>
            </dd>
            <dt>"Body"</dt><dd data-field="body">{format!("{}, frame length {}", text(&info["content_type"]), text(&info["frame_length"]))}</dd>
            <dt>"Frames"</dt><dd data-field="frames">{frames}</dd>
            <dt>"Plaintext length"</dt><dd data-field="plaintext-length">{format!("{} bytes", text(&info["plaintext_length"]))}</dd>
            <dt>"IVs"</dt><dd data-field="iv-style">{iv_style}</dd>
            <dt>"Signature"</dt><dd data-field="signature">{signature}</dd>
            <dt>"Size"</dt><dd data-field="total-length">{format!("{} bytes", text(&info["total_length"]))}</dd>
            <dt>"Connect profile"</dt><dd data-field="profile">{profile}</dd>
        </dl>
    }
}
