"""End-to-end: generate a secure-input flow and lint it clean; lint a leaky flow and see both
findings with their action identifiers; get the CLI set-up sequence — in the real release build."""
import json

from selenium.webdriver.common.by import By

from harness import by_id, console_errors, open_console, set_text, wait_for

KEY_ID = "0f0e0d0c-0b0a-4909-8807-060504030201"
ARN = "arn:aws:lambda:eu-west-2:123456789012:function:connect-decrypt"


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

    # It lints clean.
    by_id(driver, "lint-generated").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-summary"), 10, "lint result")
    assert by_id(driver, "lint-summary").text.startswith("No findings in"), by_id(driver, "lint-summary").text
    assert driver.find_elements(By.CSS_SELECTOR, "#lint-findings li") == []

    # A leaky flow: both findings, each with its action identifier.
    paste(driver, "lint-input", leaky_flow(cert))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#lint-findings li"), 10, "findings")
    found = {(li.get_attribute("data-rule"), li.get_attribute("data-action")) for li in driver.find_elements(By.CSS_SELECTOR, "#lint-findings li")}
    assert ("E-ATTR-CIPHERTEXT", "copy-to-attributes") in found, found
    assert ("E-LOG-ON-DURING-CAPTURE", "capture-card") in found, found
    text = by_id(driver, "lint-findings").text
    assert "copy-to-attributes" in text and "capture-card" in text and "Fix:" in text

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
