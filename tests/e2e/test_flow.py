"""End-to-end: generate a secure-input flow and lint it clean; lint a leaky flow and see both
findings with their action identifiers; mark a stored input of unknown sensitivity secret / not
secret and see the verdict follow; lint CloudFormation templates (YAML) and Terraform pasted,
dropped and chosen as files, each flow under its logical ID or address; get the CLI set-up
sequence — in the real release build."""
import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import by_id, console_errors, drop_files, open_console, set_text, wait_for

CORPUS = Path(__file__).resolve().parents[2] / "crates" / "flowkeys-connect" / "tests" / "corpus"
KEY_ID = "0f0e0d0c-0b0a-4909-8807-060504030201"
ARN = "arn:aws:lambda:eu-west-2:123456789012:function:connect-decrypt"


def announced(driver) -> str:
    """What the live region (visually hidden, so not in WebElement.text) last said."""
    return by_id(driver, "announcer").get_attribute("textContent")


def paste(driver, element_id, text):
    el = by_id(driver, element_id)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", el, text)


def leaky_flow(certificate_pem: str) -> str:
    """Written for this test: logging explicitly on, then capture, then the ciphertext copied
    into a contact attribute."""
    actions = [
        {"Identifier": "log-on", "Type": "UpdateFlowLoggingBehavior", "Parameters": {"FlowLoggingBehavior": "Enabled"},
         "Transitions": {"NextAction": "capture-card"}},
        {"Identifier": "capture-card", "Type": "GetParticipantInput",
         "Parameters": {"Text": "Card number please.", "StoreInput": "True",
                        "InputValidation": {"CustomValidation": {"MaximumLength": "19"}},
                        "InputEncryption": {"EncryptionKeyId": KEY_ID, "Key": certificate_pem}},
         "Transitions": {"NextAction": "copy-to-attributes", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "copy-to-attributes", "Type": "UpdateContactAttributes",
         "Parameters": {"Attributes": {"card": "$.StoredCustomerInput"}},
         "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ]
    return json.dumps({"Version": "2019-10-30", "StartAction": "log-on", "Metadata": {}, "Actions": actions}, indent=2)


def test_generate_lint_and_setup(driver, server):
    open_console(driver, server)
    by_id(driver, "tab-flow").click()
    assert "Generate or import a key set first" in by_id(driver, "flow-not-ready").text
    by_id(driver, "tab-keys").click()
    by_id(driver, "size-2048").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, lambda d: by_id(d, "generate-status").get_attribute("data-phase") == "done", 60, "key set")
    by_id(driver, "key-id").send_keys(KEY_ID)
    cert = by_id(driver, "certificate-pem").get_attribute("value")

    by_id(driver, "tab-flow").click()
    by_id(driver, "flow-lambda-arn").send_keys("arn:aws:s3:::nope")
    assert by_id(driver, "flow-lambda-arn-error").is_displayed()
    set_text(driver, "flow-lambda-arn", ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "flow-json-text"), 10, "generated flow")
    flow = json.loads(by_id(driver, "flow-json-text").get_attribute("value"))

    # The generated flow keeps the required structure: logging off → encrypted capture → Lambda → logging on.
    assert flow["Version"] == "2019-10-30"
    actions = {a["Identifier"]: a for a in flow["Actions"]}
    first = actions[flow["StartAction"]]
    assert first["Type"] == "UpdateFlowLoggingBehavior" and first["Parameters"]["FlowLoggingBehavior"] == "Disabled"
    capture = actions[first["Transitions"]["NextAction"]]
    assert capture["Type"] == "GetParticipantInput"
    assert capture["Parameters"]["StoreInput"] == "True"
    assert capture["Parameters"]["InputEncryption"] == {"EncryptionKeyId": KEY_ID, "Key": cert}
    assert int(capture["Parameters"]["InputValidation"]["CustomValidation"]["MaximumLength"]) == 19
    lam = actions[capture["Transitions"]["NextAction"]]
    assert lam["Type"] == "InvokeLambdaFunction" and lam["Parameters"]["LambdaFunctionARN"] == ARN
    assert 1 <= int(lam["Parameters"]["InvocationTimeLimitSeconds"]) <= 8
    assert "$.StoredCustomerInput" in json.dumps(lam["Parameters"])
    assert not [a for a in flow["Actions"] if a["Type"] == "UpdateContactAttributes"]
    enabled = [a for a in flow["Actions"] if a["Type"] == "UpdateFlowLoggingBehavior" and a["Parameters"]["FlowLoggingBehavior"] == "Enabled"]
    assert enabled, "logging must be switched back on"
    assert set(flow["Metadata"]["ActionMetadata"]) == set(actions)

    # It lints clean. The result takes focus and is announced.
    by_id(driver, "lint-generated").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-summary"), 10, "lint result")
    assert by_id(driver, "lint-summary").text.startswith("No findings in"), by_id(driver, "lint-summary").text
    assert by_id(driver, "lint-result-title").text == "No security problems found"
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "lint-result-title", 10, "focus on the result")
    assert announced(driver).startswith("No security problems found. No findings in"), announced(driver)
    assert by_id(driver, "lint-result").get_attribute("data-verdict") == "clean"
    assert by_id(driver, "lint-flow-0").get_attribute("data-verdict") == "clean"
    # No security findings: the verdict sentence stands there, not an empty "Security" heading.
    assert driver.find_elements(By.ID, "lint-findings-0") == []
    assert not [h for h in driver.find_elements(By.CSS_SELECTOR, "#lint-result h4") if h.text == "Security"]
    note = by_id(driver, "lint-security-none-0").text
    assert note.startswith("No security problems found:") and "1 stored customer input" in note, note

    # A leaky flow: both findings, each with its action identifier.
    paste(driver, "lint-input", leaky_flow(cert))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#lint-findings-0 li"), 10, "findings")
    found = {(li.get_attribute("data-rule"), li.get_attribute("data-action")) for li in driver.find_elements(By.CSS_SELECTOR, "#lint-findings-0 li")}
    assert ("E-ATTR-CIPHERTEXT", "copy-to-attributes") in found, found
    assert ("E-LOG-ON-DURING-CAPTURE", "capture-card") in found, found
    text = by_id(driver, "lint-findings-0").text
    assert "copy-to-attributes" in text and "capture-card" in text and "Fix:" in text
    # The headline names what leaks, counted by the engine.
    assert by_id(driver, "lint-result-title").text.startswith("Leaks card data:"), by_id(driver, "lint-result-title").text
    assert by_id(driver, "lint-result").get_attribute("data-verdict") == "leaks"
    assert by_id(driver, "lint-security-0-title").text == "Security"
    assert driver.find_elements(By.ID, "lint-security-none-0") == []

    # Bad JSON: a specific message.
    paste(driver, "lint-input", '{"Version": "2019-10-30", "Actions": [')
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-error"), 10, "parse error")
    assert "line" in by_id(driver, "lint-error").text

    # The CLI set-up sequence, with the private-key commands marked.
    by_id(driver, "setup-instance").send_keys("12345678-1234-1234-1234-123456789012")
    wait_for(driver, lambda d: d.find_elements(By.ID, "setup-commands-text"), 10, "commands")
    script = by_id(driver, "setup-commands-text").get_attribute("value")
    for needle in ("aws connect associate-security-key", "aws ssm put-parameter", ".private-key.pem",
                   "aws connect create-contact-flow", "SecureString"):
        assert needle in script, needle
    marked = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#setup-command-list li[data-private-key=true]")]
    assert marked and all("handles the private key" in m.lower() for m in marked)
    assert console_errors(driver) == []


def unknown_input_flow() -> str:
    """Written for this test: a stored 4-digit input with no telling prompt words and no
    encryption (nothing says whether it is secret), and one action nothing leads to (a quality
    finding)."""
    actions = [
        {"Identifier": "ask-code", "Type": "GetParticipantInput",
         "Parameters": {"Text": "Please enter the four digits now.", "StoreInput": "True",
                        "InputValidation": {"CustomValidation": {"MaximumLength": "4"}}},
         "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}},
        {"Identifier": "orphan", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ]
    return json.dumps({"Version": "2019-10-30", "StartAction": "ask-code", "Metadata": {}, "Actions": actions}, indent=2)


def headline(driver) -> str:
    return by_id(driver, "lint-result-title").text


def security_rules(driver) -> set:
    return {(li.get_attribute("data-rule"), li.get_attribute("data-action"))
            for li in driver.find_elements(By.CSS_SELECTOR, "#lint-findings-0 > li")}


def choose(driver, select, label_text):
    """Picks an option the way a keyboard user does: focus the select, arrow to the option."""
    options = [o.text for o in select.find_elements(By.TAG_NAME, "option")]
    target = next(i for i, text in enumerate(options) if text.startswith(label_text))
    current = int(select.get_property("selectedIndex"))
    driver.execute_script("arguments[0].focus()", select)
    key = Keys.DOWN if target > current else Keys.UP
    for _ in range(abs(target - current)):
        select.send_keys(key)


def test_lint_per_block_sensitivity(driver, server):
    open_console(driver, server)
    by_id(driver, "tab-flow").click()
    paste(driver, "lint-input", unknown_input_flow())
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-result-title"), 10, "lint result")

    # Nothing shows whether the block is secret: one "mark it" warning, and the headline asks for review.
    assert headline(driver).startswith("Needs review"), headline(driver)
    assert ("W-INPUT-SENSITIVITY-UNKNOWN", "ask-code") in security_rules(driver), security_rules(driver)
    assert "mark" in headline(driver)

    # Quality findings sit in a closed <details>, with their count in its summary.
    details = by_id(driver, "lint-quality-0")
    assert details.tag_name == "details"
    assert details.get_attribute("open") is None
    assert "1" in details.find_element(By.TAG_NAME, "summary").text
    quality = driver.find_elements(By.CSS_SELECTOR, "#lint-quality-findings-0 > li")
    assert [q.get_attribute("data-rule") for q in quality] == ["I-UNREACHABLE-ACTION"]
    assert not quality[0].is_displayed()
    assert ("I-UNREACHABLE-ACTION", "orphan") not in security_rules(driver)

    # The per-block control: a select whose visible label is its accessible name.
    row = driver.find_element(By.CSS_SELECTOR, "#lint-inputs-0 li[data-action=ask-code]")
    select = row.find_element(By.TAG_NAME, "select")
    select_id = select.get_attribute("id")
    label = driver.find_element(By.CSS_SELECTOR, f"label[for='{select_id}']")
    assert label.is_displayed() and label.text == "Treat block ask-code as"
    assert select.accessible_name == label.text, select.accessible_name
    assert select.get_attribute("value") == "auto"
    assert "sensitivity unknown" in row.text

    # Marked secret (by keyboard): the unencrypted input is now a leak, with its evidence.
    choose(driver, select, "secret")
    wait_for(driver, lambda d: headline(d).startswith("Leaks"), 10, "leak headline")
    assert "problem" in headline(driver), headline(driver)
    assert ("E-ENC-MISSING", "ask-code") in security_rules(driver), security_rules(driver)
    enc = driver.find_element(By.CSS_SELECTOR, "#lint-findings-0 > li[data-rule=E-ENC-MISSING]")
    assert "Evidence:" in enc.text and "secret" in enc.find_element(By.CLASS_NAME, "evidence").text
    assert "Fix:" in enc.text
    # The control survived the re-lint: it keeps keyboard focus and shows the choice.
    assert driver.switch_to.active_element.get_attribute("id") == select_id
    select = driver.find_element(By.CSS_SELECTOR, "#lint-inputs-0 li[data-action=ask-code] select")
    assert select.get_attribute("value") == "secret"
    assert "treated as secret" in by_id(driver, f"{select_id}-evidence").text

    # Marked not secret: no security problems.
    choose(driver, select, "not secret")
    wait_for(driver, lambda d: headline(d) == "No security problems found", 10, "clean headline")
    assert not [r for r, _ in security_rules(driver) if r.startswith(("E-", "W-"))], security_rules(driver)
    assert "treated as not secret" in by_id(driver, f"{select_id}-evidence").text

    # Back to the flow's own evidence.
    choose(driver, select, "decide")
    wait_for(driver, lambda d: headline(d).startswith("Needs review"), 10, "review headline again")

    # A different flow starts without the previous flow's choices.
    choose(driver, select, "secret")
    wait_for(driver, lambda d: headline(d).startswith("Leaks"), 10, "leak headline again")
    paste(driver, "lint-input", unknown_input_flow().replace("ask-code", "ask-digits"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#lint-inputs-0 li[data-action=ask-digits]"), 10, "new block")
    assert headline(driver).startswith("Needs review"), headline(driver)
    assert console_errors(driver) == []





def flows_shown(driver) -> dict:
    """Each flow card: its name (logical ID or Terraform address) → its data-verdict, read in one
    script so a re-render between two reads can't leave a stale element."""
    return driver.execute_script(
        "const out = {};"
        "for (const a of document.querySelectorAll('#lint-result article.lint-flow'))"
        " out[a.dataset.flow] = a.dataset.verdict ?? null;"
        "return out;")


def wait_for_kind(driver, kind):
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-result")
             and by_id(d, "lint-result").get_attribute("data-kind") == kind, 10, f"{kind} result")


def terraform_inline(certificate_pem: str) -> str:
    """Written for this test (no public Terraform with an inline flow and a licence was found):
    the leaky flow inline in a heredoc, next to a resource whose file only Terraform can find."""
    return ('resource "aws_connect_contact_flow" "card_capture" {\n'
            '  instance_id = "11111111-2222-3333-4444-555555555555"\n'
            '  name        = "Card capture"\n'
            '  type        = "CONTACT_FLOW"\n'
            f'  content     = <<-EOT\n{leaky_flow(certificate_pem)}\n  EOT\n'
            '}\n\n'
            'resource "aws_connect_contact_flow_module" "elsewhere" {\n'
            '  instance_id = var.instance_id\n'
            '  name        = "Elsewhere"\n'
            '  filename    = "${var.flows}/module.json"\n'
            '}\n')


def test_lint_cloudformation_and_terraform(driver, server, tmp_path):
    """Outside material: AWS's Voicemail Express CloudFormation template (YAML, seven flows and a
    module in `!Sub` strings), the contact-surveys template (a flow module) and the GitLab CI/CD
    sample's Terraform (flows named by a `filename` only Terraform can evaluate); sources and
    licences in crates/flowkeys-connect/tests/corpus/SOURCES.md."""
    open_console(driver, server)
    by_id(driver, "tab-flow").click()

    # Pasted CloudFormation YAML: every flow of the template under its logical ID.
    paste(driver, "lint-input", (CORPUS / "voicemail-express" / "vmx3-contactflows.yaml").read_text())
    wait_for_kind(driver, "cloud_formation_yaml")
    shown = flows_shown(driver)
    expected = {"VMXAWSTestFlow", "VMXCoreFlowModule", "VMXDefaultGuidedTaskFlow", "VMXExampleGuidedTaskAgentFlow",
                "VMXExampleTaskFlow", "VMXInQueueAgentWhisper", "VMXInQueueCustomerWhisper", "VMXInQueueOption"}
    assert set(shown) == expected, shown
    assert set(shown.values()) == {"clean"}, shown
    assert by_id(driver, "lint-result-title").text == f"No security problems found in {len(expected)} flows"
    assert by_id(driver, "lint-summary").text == f"CloudFormation template (YAML): {len(expected)} flows found, {len(expected)} linted."
    assert by_id(driver, "lint-result").get_attribute("data-verdict") == "clean"
    titles = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#lint-result article.lint-flow > h4.mono")]
    assert sorted(titles) == sorted(expected), titles
    # A quality finding sits under its own flow.
    whisper = driver.find_element(By.CSS_SELECTOR, "article.lint-flow[data-flow=VMXInQueueAgentWhisper]")
    rules = [li.get_attribute("data-rule") for li in whisper.find_elements(By.CSS_SELECTOR, "details.quality li")]
    assert "W-ERROR-BRANCH-MISSING" in rules, rules

    # Chosen as a file: the surveys template's module, its 1-digit answer judged not secret;
    # the result takes focus, as after a drop.
    survey = CORPUS / "contact-surveys" / "contact-surveys-amazon-connect.yaml"
    by_id(driver, "lint-file").send_keys(str(survey))
    wait_for(driver, lambda d: flows_shown(d).keys() == {"ContactFlowModule"}, 10, "surveys template")
    assert by_id(driver, "lint-result").get_attribute("data-kind") == "cloud_formation_yaml"
    module = driver.find_element(By.CSS_SELECTOR, "article.lint-flow[data-flow=ContactFlowModule]")
    assert module.find_element(By.TAG_NAME, "h4").text == "ContactFlowModule"
    found = {li.get_attribute("data-rule") for li in module.find_elements(By.CSS_SELECTOR, "ol.findings > li")}
    assert "I-INPUT-NOT-SECRET" in found, found
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "lint-result-title", 10, "focus on the result")
    assert announced(driver).startswith("No security problems found."), announced(driver)

    # Pasted Terraform HCL: both resources named by address; their files are not guessed.
    paste(driver, "lint-input", (CORPUS / "gitlab-cicd-terraform" / "contact_flows.tf").read_text())
    wait_for_kind(driver, "terraform_hcl")
    assert set(flows_shown(driver)) == {"aws_connect_contact_flow.queue_transfer_flows",
                                        "aws_connect_contact_flow.outbound_whisper_flows"}, flows_shown(driver)
    assert by_id(driver, "lint-result-title").text == "2 flows found; none could be linted here"
    assert by_id(driver, "lint-result").get_attribute("data-verdict") == "not_linted"
    assert "Terraform variable" in by_id(driver, "lint-flow-0-error").text
    assert set(flows_shown(driver).values()) == {"not_linted"}, flows_shown(driver)

    # Dropped Terraform with an inline flow: the leak is found under the resource's address.
    tf = tmp_path / "main.tf"
    # The certificate only has to be text here: the leak is what is checked.
    tf.write_text(terraform_inline("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"))
    zone = by_id(driver, "lint-input").find_element(By.XPATH, "./ancestor::div[contains(@class,'dropzone')]")
    drop_files(driver, zone, [("main.tf", tf.read_bytes())])
    wait_for(driver, lambda d: "aws_connect_contact_flow.card_capture" in flows_shown(d), 10, "dropped Terraform")
    shown = flows_shown(driver)
    assert shown["aws_connect_contact_flow.card_capture"] == "leaks", shown
    card = driver.find_element(By.CSS_SELECTOR, "article.lint-flow[data-flow='aws_connect_contact_flow.card_capture']")
    found = {(li.get_attribute("data-rule"), li.get_attribute("data-action")) for li in card.find_elements(By.CSS_SELECTOR, "ol.findings > li")}
    assert ("E-ATTR-CIPHERTEXT", "copy-to-attributes") in found, found
    assert card.find_element(By.CLASS_NAME, "verdict-headline").text.startswith("Leaks card data:")
    assert by_id(driver, "lint-result-title").text == "Security problems in 1 of 1 linted flow; 1 not linted"
    assert by_id(driver, "lint-result").get_attribute("data-verdict") == "leaks"
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "lint-result-title", 10, "focus on the result")

    # Not a flow at all: a specific message.
    paste(driver, "lint-input", "just some notes")
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-error"), 10, "not a flow")
    assert by_id(driver, "lint-error").text.startswith("This is not a flow:"), by_id(driver, "lint-error").text
    assert console_errors(driver) == []
