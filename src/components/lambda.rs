//! Lambda code: the decrypt function for Node.js and Python, its IAM policy, a test event with
//! the preview ciphertext, and the commands that put the private key into Parameter Store. None
//! of it waits for the function's ARN: the function is created from this code.

use super::answer::latest_answer;
use super::code_block::CodeBlock;
use super::flow::DEFAULT_PARAMETER;
use super::text_field::TextField;
use crate::browser;
use crate::state::use_console;
use crate::worker::client;
use flowkeys_connect::commands::render_script;
use flowkeys_connect::lambda::{test_event, TestEventSpec};
use flowkeys_connect::stack::LambdaRuntime;
use flowkeys_connect::{
    parameter_for, AwsRegion, CollectKind, FileKind, KeySetFiles, KmsKeyArn, LambdaArn, LambdaCode, LambdaKey,
    LambdaSpec, SsmParameterName,
};
use flowkeys_core::naming::Artefact;
use flowkeys_core::KeyId;
use flowkeys_protocol::MakeStack;
use leptos::prelude::*;

/// The Lambda code screen.
#[component]
pub fn LambdaPanel() -> impl IntoView {
    let console = use_console();
    let arn = console.lambda_arn;
    let parameter = RwSignal::new(DEFAULT_PARAMETER.to_owned());
    let second_key_id = RwSignal::new(String::new());
    let second_parameter = RwSignal::new(format!("{DEFAULT_PARAMETER}_PREVIOUS"));
    let kms = console.kms_key;
    let region = console.region;
    let full_value = RwSignal::new(false);

    let opt_err =
        |text: String, f: &dyn Fn(&str) -> Option<String>| if text.trim().is_empty() { None } else { f(&text) };
    let arn_error = Signal::derive(move || opt_err(arn.get(), &|t| LambdaArn::parse(t).err().map(|e| e.to_string())));
    let parameter_error =
        Signal::derive(move || SsmParameterName::parse(&parameter.get()).err().map(|e| e.to_string()));
    let second_id_error =
        Signal::derive(move || opt_err(second_key_id.get(), &|t| KeyId::parse(t).err().map(|e| e.to_string())));
    let second_parameter_error = Signal::derive(move || {
        if second_key_id.get().trim().is_empty() {
            None
        } else {
            SsmParameterName::parse(&second_parameter.get()).err().map(|e| e.to_string())
        }
    });
    let kms_error = Signal::derive(move || opt_err(kms.get(), &|t| KmsKeyArn::parse(t).err().map(|e| e.to_string())));
    let region_error =
        Signal::derive(move || opt_err(region.get(), &|t| AwsRegion::parse(t).err().map(|e| e.to_string())));

    // Each key's parameter follows its role in a rotation: the live (current) key keeps the
    // base name, the next key gets a name of its own, so neither put-parameter overwrites.
    let name_for = move |id: u64, files: &KeySetFiles| {
        SsmParameterName::parse(DEFAULT_PARAMETER)
            .map(|base| parameter_for(&base, console.role(id), files).as_str().to_owned())
            .ok()
    };
    // A memo, so a name the admin typed is replaced only when the rule's answer changes.
    let default_parameter = Memo::new(move |_| {
        let id = console.selected.get()?;
        console.files().and_then(|files| name_for(id, &files))
    });
    Effect::new(move |_| {
        if let Some(name) = default_parameter.get() {
            parameter.set(name);
        }
    });
    // During a rotation the other registered key set's Key ID fills the second slot by itself.
    let other_active = Memo::new(move |_| {
        let selected = console.selected.get();
        let other = console.entries.with(|e| {
            e.iter()
                .filter(|x| Some(x.id) != selected && x.active)
                .find_map(|x| x.set.key_id().map(|k| (x.id, k.to_string(), KeySetFiles::of(&x.set))))
        });
        other.map(|(id, key_id, files)| (key_id, name_for(id, &files)))
    });
    Effect::new(move |_| {
        if let Some((key_id, name)) = other_active.get() {
            let current = second_key_id.get_untracked();
            if current.trim().is_empty() || current == key_id {
                second_key_id.set(key_id);
                if let Some(name) = name {
                    second_parameter.set(name);
                }
            }
        }
    });
    // The private key file each put-parameter reads (the name the console downloads it under)
    // and the key's size, for the notes.
    let key_file = move |key_id: &KeyId| {
        console.entries.with(|e| {
            e.iter()
                .find(|x| x.set.key_id() == Some(key_id))
                .map(|x| KeySetFiles::of(&x.set).artefact(Artefact::PrivateKey))
        })
    };
    let key_bits = move |key_id: &KeyId| {
        console.entries.with(|e| {
            e.iter().find(|x| x.set.key_id() == Some(key_id)).and_then(|x| u32::try_from(x.set.summary().key_bits).ok())
        })
    };
    // What the admin entered, checked here field by field; the long-lived worker writes the code.
    let spec = Memo::new(move |_| -> Result<LambdaSpec, String> {
        let key_id = console.key_set.with(|k| k.as_ref().and_then(|s| s.key_id().cloned())).ok_or(
            "Generate a key set and enter its Key ID on the Keys screen: the Lambda only accepts that Key ID.",
        )?;
        // Optional: the code, policy and test event come before the function exists.
        let lambda_arn = LambdaArn::parse(&arn.get()).ok();
        let mut keys = vec![LambdaKey {
            private_key_file: key_file(&key_id),
            key_bits: key_bits(&key_id),
            key_id,
            ssm_parameter: SsmParameterName::parse(&parameter.get()).map_err(|e| e.to_string())?,
        }];
        if !second_key_id.get().trim().is_empty() {
            let key_id = KeyId::parse(&second_key_id.get()).map_err(|e| e.to_string())?;
            keys.push(LambdaKey {
                private_key_file: key_file(&key_id),
                key_bits: key_bits(&key_id),
                key_id,
                ssm_parameter: SsmParameterName::parse(&second_parameter.get()).map_err(|e| e.to_string())?,
            });
        }
        let kms_key_arn = match kms.get().trim() {
            "" => None,
            t => Some(KmsKeyArn::parse(t).map_err(|e| e.to_string())?),
        };
        let region = AwsRegion::parse(&region.get()).ok();
        Ok(LambdaSpec { keys, lambda_arn, region, kms_key_arn, return_full_value: full_value.get() })
    });
    let code = latest_answer(spec, client::lambda);
    let code_ok = move || code.with(|c| matches!(c, Some(Ok(_))));
    let code_error = move || code.with(|c| c.as_ref().and_then(|r| r.as_ref().err().cloned()));
    let part = move |f: fn(&LambdaCode) -> String| Signal::derive(move || made(code, f).unwrap_or_default());
    let commands = part(|c| render_script(&c.ssm_commands));
    // Connect's event around the selected key set's last preview ciphertext.
    let event = Memo::new(move |_| {
        console.preview_ciphertext.with(|c| c.as_deref().map(|c| test_event(&TestEventSpec::card_number(c))))
    });
    // Download all on the Keys screen bundles the files the set-up commands read.
    Effect::new(move |_| {
        let files = made(code, |c| {
            let mut files = vec![
                (FileKind::LambdaNode, c.node.clone()),
                (FileKind::LambdaPython, c.python.clone()),
                (FileKind::LambdaPolicy, c.iam_policy.clone()),
            ];
            if let Some(event) = event.get() {
                files.push((FileKind::LambdaTestEvent, event));
            }
            files
        });
        let kinds = [FileKind::LambdaNode, FileKind::LambdaPython, FileKind::LambdaPolicy, FileKind::LambdaTestEvent];
        console.offer_files(&kinds, files.unwrap_or_default());
    });
    let file_name =
        move |kind: FileKind| Signal::derive(move || console.files().map(|f| f.name(kind)).unwrap_or_default());
    // The one-step deployment: needs only the certificate (the Key ID comes from the security
    // key the stack registers), so it is offered before any ARN exists. The long-lived worker
    // makes it (generating it lints the embedded flow, and the linter is not in this module).
    let stack_runtime = RwSignal::new(LambdaRuntime::Rust);
    let stack_spec = Memo::new(move |_| -> Result<MakeStack, String> {
        let certificate_pem = console
            .key_set
            .with(|k| k.as_ref().map(|s| s.certificate_pem().map(|c| c.as_str().to_owned())))
            .ok_or("Generate or import a key set first: the stack registers its public key.")?
            .map_err(|_| "The certificate could not be encoded.".to_owned())?;
        let now_unix = Some(flowkeys_core::UnixTime::from_js_millis(browser::now_ms()));
        Ok(MakeStack { certificate_pem, collect: CollectKind::CardNumber, runtime: stack_runtime.get(), now_unix })
    });
    let stack = latest_answer(stack_spec, client::stack);
    let stack_ok = move || stack.with(|s| matches!(s, Some(Ok(_))));
    let stack_error = move || stack.with(|s| s.as_ref().and_then(|r| r.as_ref().err().cloned()));
    let stack_part = move |script: bool| {
        Signal::derive(move || {
            stack.with(|s| match s {
                Some(Ok(made)) => (if script { &made.script } else { &made.template }).clone(),
                _ => String::new(),
            })
        })
    };
    view! {
        <section class="step" aria-labelledby="lambda-title">
            <h2 id="lambda-title">"Decrypt Lambda"</h2>
            <p class="lead">
                "A complete Lambda that reads the private key from a Parameter Store SecureString, accepts only your Key ID(s) under provider AmazonConnect, unwraps with RSA-OAEP-SHA512, and allows Connect's non-committing suite 0x0378. It returns a masked value by default; the flow reads it as $.External.… — never copy it into contact attributes."
            </p>
            <form class="card" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <div class="stack">
                    <TextField id="lambda-region" label="AWS Region of the function and the parameter" value=region error=region_error
                        hint="For example eu-west-2: the commands pass it as --region and the policy names it." class="mono" />
                    <TextField id="lambda-arn" label="Lambda function ARN, optional (fill it in once create-function has printed it)" value=arn error=arn_error
                        hint="arn:aws:lambda:REGION:ACCOUNT:function:NAME — pins the policy to the function's account." class="mono" />
                    <TextField id="ssm-parameter" label="Parameter Store name for the private key" value=parameter error=parameter_error class="mono" />
                    <TextField id="kms-key" label="KMS key ARN of the SecureString, optional" value=kms error=kms_error
                        hint="Leave empty for Parameter Store's AWS managed key." class="mono" />
                </div>
                <fieldset>
                    <legend>"Rotation: also accept a second Key ID (optional)"</legend>
                    <div class="grid">
                        <TextField id="second-key-id" label="Other active Key ID" value=second_key_id error=second_id_error class="mono" />
                        <TextField id="second-parameter" label="Its Parameter Store name" value=second_parameter error=second_parameter_error class="mono" />
                    </div>
                </fieldset>
                <label class="choice" for="full-value">
                    <input type="checkbox" id="full-value" prop:checked=move || full_value.get() on:change=move |ev| full_value.set(event_target_checked(&ev)) />
                    <span>"Return the full decrypted value (only if the flow must pass it on; it then exists in the Lambda's response)"</span>
                </label>
            </form>
            <p class="warning" id="lambda-not-ready" role="status" hidden=move || code_error().is_none()>
                {move || code_error().unwrap_or_default()}
            </p>
            <Show when=code_ok>
                <CodeBlock id="lambda-node" title="Node.js 20+ (index.js, @aws-crypto/client-node 5)" what="Node.js code" text=part(|c| c.node.clone()) file_name=file_name(FileKind::LambdaNode) rows=18 />
                <CodeBlock id="lambda-python" title="Python 3.11+ (lambda_function.py, aws-encryption-sdk 4)" what="Python code" text=part(|c| c.python.clone()) file_name=file_name(FileKind::LambdaPython) rows=18 />
                <CodeBlock id="lambda-iam" title="IAM policy for the function's role" what="IAM policy" text=part(|c| c.iam_policy.clone()) file_name=file_name(FileKind::LambdaPolicy) rows=12 />
                <Show when=move || event.with(Option::is_some)
                    fallback=|| view! { <p class="hint" id="lambda-test-event-missing">"Encrypt a test number on the Preview screen to get a ready test event for this Lambda (Connect's event with that ciphertext)."</p> }>
                    <CodeBlock id="lambda-test-event" title="Test event (Lambda console → Test, or aws lambda invoke --payload fileb://…)" what="test event" text=Signal::derive(move || event.get().unwrap_or_default()) file_name=file_name(FileKind::LambdaTestEvent) rows=12 />
                </Show>
                <CodeBlock id="lambda-ssm" title="Put the private key into Parameter Store (run on your machine)" what="commands" text=commands file_name=file_name(FileKind::ParameterScript) rows=8 />
                <ul class="notes" id="lambda-notes">{move || made(code, |c| c.notes.clone()).unwrap_or_default().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </Show>
            <h3 id="stack-title">"One-step deployment: CloudFormation stack"</h3>
            <p class="lead">"Registers the public key as the flow security key, creates the decrypt Lambda with a least-privilege role, lets your instance invoke it and imports the secure-input flow — the Key ID is wired from the key to the Lambda and the flow, never copied by hand. Store the private key with put-parameter first (above)."</p>
            <label for="stack-runtime">"Lambda runtime in the stack"</label>
            <select id="stack-runtime" on:change=move |ev| {
                if let Some(r) = LambdaRuntime::parse(&event_target_value(&ev)) {
                    stack_runtime.set(r);
                }
            }>
                {LambdaRuntime::ALL.into_iter().map(|r| view! { <option value=r.name() selected=move || stack_runtime.get() == r>{r.name()}</option> }).collect_view()}
            </select>
            <p class="warning" id="stack-not-ready" role="status" hidden=move || stack_error().is_none()>
                {move || stack_error().unwrap_or_default()}
            </p>
            <Show when=stack_ok>
                <CodeBlock id="lambda-stack" title="CloudFormation template (flowkeys-stack.json)" what="template" text=stack_part(false) file_name="flowkeys-stack.json" rows=14 />
                <CodeBlock id="lambda-stack-commands" title="Deploy it (run on your machine)" what="commands" text=stack_part(true) file_name="deploy-stack.sh" rows=8 />
            </Show>
        </section>
    }
}

/// Something of the Lambda code, once the long-lived worker has made it.
fn made<T>(code: RwSignal<Option<Result<LambdaCode, String>>>, f: impl FnOnce(&LambdaCode) -> T) -> Option<T> {
    code.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).map(f))
}
