"""End-to-end: preview a Connect ciphertext, decrypt it with the official SDK, inspect real and
foreign ciphertexts, and get the decrypt Lambda — in the real release build."""
import base64
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.common.keys import Keys

from harness import ROOT, by_id, console_errors, key_set_with_key_id, network_urls, open_console, set_text, wait_for
from official_sdk import decrypt_like_connect_lambda

REAL = json.loads((ROOT / "crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json").read_text())
KEY_ID = "1111aaaa-2222-4bbb-8ccc-333344445555"


def tab(driver, name):
    by_id(driver, f"tab-{name}").click()
    assert by_id(driver, f"tab-{name}").get_attribute("aria-selected") == "true"


def field(driver, scope_id, name):
    return by_id(driver, scope_id).find_element(By.CSS_SELECTOR, f"[data-field={name}]").text





def test_preview_decrypts_with_the_official_sdk_and_inspector_explains(driver, server):
    open_console(driver, server)
    # Keyboard: arrows move between tabs (WAI-ARIA tabs pattern), focus follows.
    by_id(driver, "tab-keys").send_keys(Keys.ARROW_RIGHT)
    assert by_id(driver, "tab-preview").get_attribute("aria-selected") == "true"
    assert driver.switch_to.active_element.get_attribute("id") == "tab-preview"
    assert by_id(driver, "tab-preview-panel").is_displayed() and not by_id(driver, "tab-keys-panel").is_displayed()
    driver.switch_to.active_element.send_keys(Keys.END)
    assert by_id(driver, "tab-rotation").get_attribute("aria-selected") == "true"
    driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    assert by_id(driver, "tab-keys").get_attribute("aria-selected") == "true"
    tab(driver, "preview")
    assert "Generate (or import) a key set first" in by_id(driver, "preview-not-ready").text
    assert by_id(driver, "preview-title").is_displayed()
    tab(driver, "keys")
    private = key_set_with_key_id(driver, KEY_ID)

    # Preview the default test card number.
    tab(driver, "preview")
    assert not by_id(driver, "preview-not-ready").is_displayed()
    assert by_id(driver, "test-card").get_attribute("value") == "4111 1111 1111 1111"
    assert not by_id(driver, "test-card-warning").is_displayed()
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 10, "ciphertext")
    ciphertext = by_id(driver, "preview-ciphertext").get_attribute("value")
    assert base64.b64decode(ciphertext)[:4] == bytes.fromhex("01800378")
    assert by_id(driver, "round-trip").text.startswith("Round trip OK")
    assert "••••••••••••1111" in by_id(driver, "round-trip").text
    assert field(driver, "preview-message", "suite").startswith("0x0378")
    assert field(driver, "preview-message", "edk-provider") == "AmazonConnect"
    assert field(driver, "preview-message", "edk-key-id") == KEY_ID
    assert "RSA-2048" in field(driver, "preview-message", "edks")
    assert field(driver, "preview-message", "signature").startswith("present, valid")
    assert field(driver, "preview-message", "profile").startswith("Matches what Amazon Connect produces")

    # The official Python SDK, configured as a Connect Lambda, decrypts what the page produced.
    assert decrypt_like_connect_lambda(ciphertext, private, KEY_ID) == b"4111111111111111"

    # Luhn: a warning, not a block. Non-digits: an error.
    set_text(driver, "test-card", "4111-1111-1111-1112")
    assert "fails the Luhn check" in by_id(driver, "test-card-warning").text
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: by_id(d, "preview-ciphertext").get_attribute("value") != ciphertext, 10, "new ciphertext")
    second = by_id(driver, "preview-ciphertext").get_attribute("value")
    assert decrypt_like_connect_lambda(second, private, KEY_ID) == b"4111111111111112"
    set_text(driver, "test-card", "4111 1111 abcd")
    assert "“a” cannot be keyed in" in by_id(driver, "test-card-error").text

    # Inspect the real Connect ciphertext: its Key ID and suite are shown, its signature verifies,
    # and decrypting with our key set names both Key IDs.
    tab(driver, "inspect")
    area = by_id(driver, "ciphertext-input")
    wrapped = "\n".join(REAL["ciphertext_b64"][i:i + 76] for i in range(0, len(REAL["ciphertext_b64"]), 76))
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, wrapped)
    wait_for(driver, lambda d: d.find_elements(By.ID, "inspected-message"), 10, "inspector")
    assert field(driver, "inspected-message", "edk-key-id") == REAL["key_id"]
    assert field(driver, "inspected-message", "suite").startswith("0x0378")
    assert field(driver, "inspected-message", "message-id") == REAL["expected"]["message_id_hex"]
    assert field(driver, "inspected-message", "signature").startswith("present, valid")
    assert "random" in field(driver, "inspected-message", "iv-style")
    error = by_id(driver, "decrypt-error").text
    assert REAL["key_id"] in error and KEY_ID in error, error

    # Our own preview ciphertext decrypts in the inspector.
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, second)
    wait_for(driver, lambda d: d.find_elements(By.ID, "plaintext"), 10, "plaintext")
    assert driver.find_element(By.CSS_SELECTOR, "[data-field=plaintext]").text == "••••••••••••1112"
    by_id(driver, "reveal-plaintext").click()
    assert driver.find_element(By.CSS_SELECTOR, "[data-field=plaintext]").text == "4111111111111112"

    # Malformed input: specific messages, and the page keeps working.
    for bad, words in [("not base64 at all!", "not"), (REAL["ciphertext_b64"][:200], "")]:
        driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, bad)
        wait_for(driver, lambda d: d.find_elements(By.ID, "inspect-error"), 10, "error")
        assert by_id(driver, "inspect-error").text.endswith("."), by_id(driver, "inspect-error").text
        assert not driver.find_elements(By.ID, "inspected-message")

    # Lambda code for this Key ID.
    tab(driver, "lambda")
    assert not by_id(driver, "lambda-not-ready").is_displayed()  # no ARN needed (test_lambda_screen.py)
    by_id(driver, "lambda-arn").send_keys("arn:aws:lambda:us-east-1:123456789012:function:decrypt")
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-node-text"), 10, "lambda code")
    node = by_id(driver, "lambda-node-text").get_attribute("value")
    python = by_id(driver, "lambda-python-text").get_attribute("value")
    for code in (node, python):
        assert KEY_ID in code and "AmazonConnect" in code
    assert "FORBID_ENCRYPT_ALLOW_DECRYPT" in python
    assert "ssm:GetParameter" in by_id(driver, "lambda-iam-text").get_attribute("value")
    assert "put-parameter" in by_id(driver, "lambda-ssm-text").get_attribute("value")
    # The one-step stack: the key set's public key as the flow security key, the Key ID wired
    # from it (not typed), and the deploy commands for the chosen runtime. The long-lived worker
    # makes it, so it arrives a moment after the screen opens.
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-stack-text")
             and by_id(d, "lambda-stack-text").get_attribute("value"), 10, "the stack")
    template = json.loads(by_id(driver, "lambda-stack-text").get_attribute("value"))
    types = {r["Type"] for r in template["Resources"].values()}
    assert {"AWS::Connect::SecurityKey", "AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::Connect::ContactFlow"} <= types, types
    assert "AssociationId" in json.dumps(template)
    assert "Runtime=rust" in by_id(driver, "lambda-stack-commands-text").get_attribute("value")
    Select(by_id(driver, "stack-runtime")).select_by_value("python")
    wait_for(driver, lambda d: "Runtime=python" in by_id(d, "lambda-stack-commands-text").get_attribute("value"), 10, "python stack")
    set_text(driver, "lambda-arn", "arn:aws:s3:::bucket")
    assert by_id(driver, "lambda-arn-error").is_displayed()

    urls = network_urls(driver)
    assert [u for u in urls if not u.startswith((server.origin + "/", "blob:", "data:"))] == []
    assert console_errors(driver) == []
