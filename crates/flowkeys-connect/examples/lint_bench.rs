//! Lint speed: a 250-action flow (the flow-language maximum) with branches, merges and a retry
//! loop, linted repeatedly; and 1000 flows through the source reader, as the CLI does for a
//! folder. Goal: < 20 ms per 250-action flow natively.
//!
//! `cargo run --release -p flowkeys-connect --example lint_bench [-- --write-flow PATH]`
//!
//! `--write-flow PATH` also writes the 250-action flow, so scripts/bench.py lints the same flow
//! in the page and with the CLI. The last line is `key=value` pairs for that script; the
//! reference beside the lint time is parsing the same text with serde_json (what any reader of
//! the flow must do at least).
// An example run by hand, not library code: a panic ends the run with its message.
#![allow(clippy::arithmetic_side_effects)]

use std::time::{Duration, Instant};

use flowkeys_connect::flow::source::lint_source;
use flowkeys_connect::{lint_flow, LintContext, Overrides};
use serde_json::{json, Value};

/// A block of ten actions; `next` is where its last action goes, `retry` where a failed check
/// loops back to.
fn block(i: usize, next: &str, retry: &str) -> Vec<Value> {
    let id = |s: &str| format!("b{i}-{s}");
    let err = |to: &str| json!([{ "ErrorType": "NoMatchingError", "NextAction": to }]);
    vec![
        json!({ "Identifier": id("off"), "Type": "UpdateFlowLoggingBehavior", "Parameters": { "FlowLoggingBehavior": "Disabled" }, "Transitions": { "NextAction": id("store") } }),
        json!({ "Identifier": id("store"), "Type": "GetParticipantInput",
                "Parameters": { "Text": "Please enter your card number.", "StoreInput": "True",
                                "InputValidation": { "CustomValidation": { "MaximumLength": "19" } } },
                "Transitions": { "NextAction": id("save"), "Errors": err(&id("on-err")) } }),
        json!({ "Identifier": id("save"), "Type": "UpdateContactAttributes", "Parameters": { "Attributes": { format!("card{i}"): "$.StoredCustomerInput", "step": format!("{i}") } },
                "Transitions": { "NextAction": id("call"), "Errors": err(&id("on-err")) } }),
        json!({ "Identifier": id("call"), "Type": "InvokeLambdaFunction",
                "Parameters": { "LambdaFunctionARN": "arn:aws:lambda:eu-west-2:123456789012:function:check", "InvocationTimeLimitSeconds": "8",
                                "LambdaInvocationAttributes": { "value": "$.StoredCustomerInput", "prev": format!("$.Attributes.card{}", i.saturating_sub(1)) },
                                "ResponseValidation": { "ResponseType": "STRING_MAP" } },
                "Transitions": { "NextAction": id("check"), "Errors": err(&id("on-err")) } }),
        json!({ "Identifier": id("check"), "Type": "Compare", "Parameters": { "ComparisonValue": "$.External.status" },
                "Transitions": { "NextAction": id("on-err"),
                                 "Conditions": [ { "NextAction": id("on"), "Condition": { "Operator": "Equals", "Operands": ["OK"] } } ],
                                 "Errors": [ { "ErrorType": "NoMatchingCondition", "NextAction": id("on-err") } ] } }),
        json!({ "Identifier": id("on"), "Type": "UpdateFlowLoggingBehavior", "Parameters": { "FlowLoggingBehavior": "Enabled" }, "Transitions": { "NextAction": id("say") } }),
        json!({ "Identifier": id("say"), "Type": "MessageParticipant", "Parameters": { "Text": "Card ending $.External.last4 accepted." },
                "Transitions": { "NextAction": id("clear"), "Errors": err(&id("clear")) } }),
        json!({ "Identifier": id("clear"), "Type": "UpdateContactAttributes", "Parameters": { "Attributes": { format!("card{i}"): "" } },
                "Transitions": { "NextAction": next, "Errors": err(next) } }),
        json!({ "Identifier": id("on-err"), "Type": "UpdateFlowLoggingBehavior", "Parameters": { "FlowLoggingBehavior": "Enabled" }, "Transitions": { "NextAction": id("sorry") } }),
        json!({ "Identifier": id("sorry"), "Type": "MessageParticipant", "Parameters": { "Text": "Sorry, let's try again." },
                "Transitions": { "NextAction": retry, "Errors": err(next) } }),
    ]
}

/// 25 blocks of 10 actions = 250 actions; each failure loops back to the first block.
fn flow_250() -> String {
    let mut actions = Vec::new();
    for i in 0..25 {
        let next = if i == 24 { "b24-end".to_owned() } else { format!("b{}-off", i + 1) };
        actions.extend(block(i, &next, "b0-off"));
    }
    // The last block's "next" is its own end: replace its final clear's target with a Disconnect
    // by reusing the slot of the last action (keeps exactly 250).
    if let Some(last) = actions.last_mut() {
        *last =
            json!({ "Identifier": "b24-end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} });
    }
    serde_json::to_string(
        &json!({ "Version": "2019-10-30", "StartAction": "b0-off", "Metadata": {}, "Actions": actions }),
    )
    .unwrap_or_default()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let min = times.iter().min().copied().unwrap_or_default();
    (median(times).as_secs_f64() * 1e3, min.as_secs_f64() * 1e3)
}

fn main() {
    let text = flow_250();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--write-flow" {
            let Some(path) = args.next() else {
                eprintln!("--write-flow needs a path");
                std::process::exit(2);
            };
            if let Err(e) = std::fs::write(&path, &text) {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        }
    }
    let ctx = LintContext::default();
    let report = match lint_flow(&text, &ctx) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("the benchmark flow does not parse: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "250-action flow: {} actions, {} findings, verdict “{}”",
        report.actions,
        report.findings.len(),
        report.verdict.headline
    );
    let (lint_ms, lint_min) = median_ms(50, || {
        let _ = lint_flow(&text, &ctx);
    });
    println!("lint_flow, 250 actions: median {lint_ms:.2} ms, min {lint_min:.2} ms over 50 runs (goal < 20 ms)");
    let (parse_ms, _) = median_ms(50, || {
        let _ = serde_json::from_str::<Value>(&text);
    });
    println!("serde_json parse of the same text: median {parse_ms:.3} ms");
    // 1000 flows through the source reader (what `flowkeys lint DIR` does per file, minus I/O).
    let small: String = {
        let mut actions = block(0, "end", "b0-off");
        actions
            .push(json!({ "Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }));
        serde_json::to_string(&json!({ "Version": "2019-10-30", "StartAction": "b0-off", "Actions": actions }))
            .unwrap_or_default()
    };
    let load = |_: &str| Err("none".to_owned());
    let t = Instant::now();
    for i in 0..1000 {
        let name = format!("flows/{i}.json");
        let _ = lint_source(&name, small.as_bytes(), &ctx, &Overrides::new(), &load);
    }
    let thousand_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("lint_source, 1000 flows of 11 actions: {thousand_ms:.1} ms in total");
    println!(
        "lint_ms={lint_ms:.3} lint_min_ms={lint_min:.3} parse_ms={parse_ms:.4} actions={} source_1000_ms={thousand_ms:.1}",
        report.actions
    );
}
