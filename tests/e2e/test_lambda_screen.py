"""End-to-end: the Lambda screen gives code, IAM policy and a ready test event before any
function ARN exists; the policy asks for kms:Decrypt only with a customer-managed key; its notes
speak of the key that is there; and the set-up commands create the Lambda's role, function and
invoke permission, with --region, before the flow — reading the files under their download names."""
import json
import re

from selenium.webdriver.common.by import By

from harness import by_id, console_errors, file_stem, key_set_with_key_id, open_console, set_text, wait_for
from official_sdk import decrypt_like_connect_lambda

KEY_ID = "1111aaaa-2222-4bbb-8ccc-333344445555"
INSTANCE = "12345678-1234-1234-1234-123456789012"
KMS = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def tab(driver, name):
    by_id(driver, f"tab-{name}").click()


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("value")





def public_pem(driver):
    return by_id(driver, "public-key-pem").get_attribute("value")


def policy(driver):
    return json.loads(text_of(driver, "lambda-iam-text"))


def test_code_policy_and_test_event_come_without_an_arn(driver, server, downloads):
    open_console(driver, server)
    private = key_set_with_key_id(driver, KEY_ID)
    stem = file_stem(public_pem(driver))

    # No ARN anywhere: the code and the policy are there all the same.
    tab(driver, "lambda")
    assert text_of(driver, "lambda-arn") == ""
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-node-text"), 10, "lambda code without an ARN")
    assert not by_id(driver, "lambda-not-ready").is_displayed()
    assert KEY_ID in text_of(driver, "lambda-node-text") and KEY_ID in text_of(driver, "lambda-python-text")

    # Parameter Store's AWS managed key: no kms:Decrypt statement, no placeholder.
    statements = policy(driver)["Statement"]
    assert [s["Action"] for s in statements] == ["ssm:GetParameter"], statements
    assert "REPLACE" not in text_of(driver, "lambda-iam-text")
    notes = by_id(driver, "lambda-notes").text
    assert "no kms:Decrypt statement" in notes, notes

    # A customer-managed key adds the statement, scoped to the parameter; removing it removes it.
    set_text(driver, "kms-key", KMS)
    wait_for(driver, lambda d: len(policy(d)["Statement"]) == 2, 10, "kms statement")
    kms = policy(driver)["Statement"][1]
    assert kms["Action"] == "kms:Decrypt" and kms["Resource"] == KMS, kms
    assert kms["Condition"]["StringEquals"]["kms:EncryptionContext:PARAMETER_ARN"] == [
        "arn:aws:ssm:eu-west-2:123456789012:parameter/CONNECT_INPUT_DECRYPTION_KEY"]
    set_text(driver, "kms-key", "")
    wait_for(driver, lambda d: len(policy(d)["Statement"]) == 1, 10, "kms statement gone")

    # The Parameter Store note speaks of this 2048-bit key.
    ssm = text_of(driver, "lambda-ssm-text")
    assert "2048-bit private key PEM is about 1.7 KB" in ssm, ssm
    assert "4096-bit" not in ssm, ssm
    assert f"file://{stem}.private-key.pem" in ssm

    # No preview yet: the screen says how to get a test event.
    assert by_id(driver, "lambda-test-event-missing").is_displayed()
    assert not driver.find_elements(By.ID, "lambda-test-event")

    # After a preview: Connect's event carrying that very ciphertext, which the key opens.
    tab(driver, "preview")
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 60, "preview")
    ciphertext = text_of(driver, "preview-ciphertext")
    tab(driver, "lambda")
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-test-event-text"), 10, "test event")
    event = json.loads(text_of(driver, "lambda-test-event-text"))
    assert event["Name"] == "ContactFlowEvent"
    assert event["Details"]["ContactData"]["Attributes"] == {}
    params = event["Details"]["Parameters"]
    assert params["EncryptedInput"] == ciphertext
    assert (params["InputKind"], params["MinimumLength"], params["MaximumLength"]) == ("card_number", "12", "19")
    # The generated Lambda reads that parameter (the flow's contract), and the key opens it.
    assert "params.EncryptedInput" in text_of(driver, "lambda-node-text")
    assert decrypt_like_connect_lambda(params["EncryptedInput"], private, KEY_ID) == b"4111111111111111"

    # Downloads under the one naming rule.
    for block, what, suffix in [("lambda-iam", "IAM policy", "lambda-policy.json"),
                                ("lambda-node", "Node.js code", "lambda.index.js"),
                                ("lambda-test-event", "test event", "lambda-test-event.json")]:
        by_id(driver, block).find_element(By.XPATH, f".//button[.='Download {what}']").click()
        wait_for(driver, lambda d: (downloads / f"{stem}.{suffix}").exists(), 10, f"{stem}.{suffix}")
    downloaded = json.loads((downloads / f"{stem}.lambda-test-event.json").read_text())
    assert downloaded["Details"]["Parameters"]["EncryptedInput"] == ciphertext
    assert console_errors(driver) == []


def aws_step(line):
    words = line.split()
    return " ".join(words[1:3]) if words and words[0] == "aws" else None


def test_setup_commands_create_the_lambda_in_order_with_region(driver, server, downloads):
    open_console(driver, server)
    key_set_with_key_id(driver, KEY_ID)
    stem = file_stem(public_pem(driver))
    tab(driver, "flow")
    by_id(driver, "setup-instance").send_keys(INSTANCE)
    assert by_id(driver, "setup-not-ready").is_displayed()  # the Region is still missing
    by_id(driver, "setup-region").send_keys("eu-west-2")
    wait_for(driver, lambda d: d.find_elements(By.ID, "setup-commands-text"), 10, "commands")
    script = text_of(driver, "setup-commands-text")
    lines = [l for l in script.splitlines() if l and not l.startswith("#")]
    steps = [aws_step(l) or "package" for l in lines]
    assert steps == [
        "connect associate-security-key", "connect list-security-keys", "ssm put-parameter",
        "iam create-role", "iam attach-role-policy", "iam put-role-policy", "package",
        "lambda create-function", "lambda add-permission", "connect associate-lambda-function",
        "connect create-contact-flow",
    ], steps
    for line in lines:
        if line.startswith("aws "):
            assert line.endswith("--region eu-west-2"), line
    permission = next(l for l in lines if "add-permission" in l)
    assert "--principal connect.amazonaws.com" in permission and INSTANCE in permission, permission
    # Every file the commands read is named as its download is.
    assert f"--zip-file fileb://{stem}.lambda.zip" in script
    assert f"cp {stem}.lambda.index.js" in script
    assert f"--policy-document file://{stem}.lambda-policy.json" in script
    assert f"--content file://{stem}.flow.json" in script
    # The set-up's put-parameter speaks of this key's size too.
    assert "2048-bit private key PEM is about 1.7 KB" in script and "4096-bit" not in script

    # The policy the commands attach is the one the Lambda screen downloads.
    tab(driver, "lambda")
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-iam"), 10, "policy")
    # The Region typed on the Flow screen is the Lambda screen's too, and scopes the policy.
    assert text_of(driver, "lambda-region") == "eu-west-2"
    assert policy(driver)["Statement"][0]["Resource"] == ["arn:aws:ssm:eu-west-2:*:parameter/CONNECT_INPUT_DECRYPTION_KEY"]
    by_id(driver, "lambda-iam").find_element(By.XPATH, ".//button[.='Download IAM policy']").click()
    named = re.search(r"--policy-document file://(\S+)", script).group(1)
    wait_for(driver, lambda d: (downloads / named).exists(), 10, named)
    assert console_errors(driver) == []
