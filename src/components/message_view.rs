//! The inspector view of an Encryption SDK message (rendered from the worker's JSON, so the
//! page's module carries no message-format code).

use flowkeys_protocol::views::MessageSummary;
use leptos::prelude::*;

/// Everything visible in a message without a key.
#[component]
pub fn MessageView(
    /// The message's summary (made in the worker).
    info: MessageSummary,
    /// Element id (for tests and labels).
    id: &'static str,
) -> impl IntoView {
    let suite = format!("{} {}", info.suite_id, info.suite_name);
    let signature = match &info.signature {
        None => "none (this suite does not sign)".to_owned(),
        Some(s) if s.valid => format!(
            "present, valid ({} bytes, ECDSA) — it matches the signing key in the message's own header, which shows the message is intact, not who made it",
            s.length
        ),
        Some(s) => format!("present, INVALID: {}", s.problem.clone().unwrap_or_default()),
    };
    let frames = if info.frame_sizes.is_empty() {
        "none (non-framed body)".to_owned()
    } else {
        let sizes: Vec<String> = info.frame_sizes.iter().map(usize::to_string).collect();
        format!("{} ({} bytes)", info.frame_sizes.len(), sizes.join(", "))
    };
    let context = info.encryption_context;
    let edks = info.data_keys;
    let differences = info.connect_profile_differences;
    let profile = if differences.is_empty() {
        "Matches what Amazon Connect produces (v1, suite 0x0378, framed 4096, provider AmazonConnect, one key)."
            .to_owned()
    } else {
        format!("Differs from Amazon Connect's output: {}.", differences.join("; "))
    };
    let iv_style = if info.random_ivs {
        "random (as Amazon Connect writes them)"
    } else {
        "deterministic (as the AWS SDKs write them)"
    };
    view! {
        <dl class="summary message" id=id aria-label="Message details">
            <dt>"Format"</dt><dd data-field="version">{format!("version {}", info.version)}</dd>
            <dt>"Algorithm suite"</dt><dd data-field="suite">{suite}</dd>
            <dt>"Message ID"</dt><dd class="mono" data-field="message-id">{info.message_id_hex}</dd>
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
                            "provider "<strong class="mono" data-field="edk-provider">{e.provider_id}</strong>
                            ", key "<strong class="mono" data-field="edk-key-id">{e.key_info}</strong>
                            {format!(", {} bytes wrapped (RSA-{})", e.wrapped_key_length, e.rsa_modulus_bits)}
                        </li>
                    }).collect_view()}
                </ul>
            </dd>
            <dt>"Body"</dt><dd data-field="body">{format!("{}, frame length {}", info.content_type, info.frame_length)}</dd>
            <dt>"Frames"</dt><dd data-field="frames">{frames}</dd>
            <dt>"Plaintext length"</dt><dd data-field="plaintext-length">{format!("{} bytes", info.plaintext_length)}</dd>
            <dt>"IVs"</dt><dd data-field="iv-style">{iv_style}</dd>
            <dt>"Signature"</dt><dd data-field="signature">{signature}</dd>
            <dt>"Size"</dt><dd data-field="total-length">{format!("{} bytes", info.total_length)}</dd>
            <dt>"Connect profile"</dt><dd data-field="profile">{profile}</dd>
        </dl>
    }
}
