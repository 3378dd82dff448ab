"""End-to-end: the inspector tries every loaded key set, not just the selected one, and names the
one that opened the message; when a Key ID matches but the key cannot open the message, it says
why (here: the message was made for an RSA-4096 key and the loaded key is RSA-2048)."""
import json

from selenium.webdriver.common.by import By

from harness import ROOT, await_key_set_focus, by_id, console_errors, generate_key_set, open_console, short_fingerprint, wait_for

# A real Connect ciphertext (made for an RSA-4096 key under this Key ID; its private key is not
# public). Source: crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json.
REAL = json.loads((ROOT / "crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json").read_text())
SECOND_ID = "66666666-7777-4888-9999-aaaaaaaaaaaa"


def generate(driver, key_id):
    generate_key_set(driver)
    await_key_set_focus(driver)
    by_id(driver, "key-id").send_keys(key_id)
    return by_id(driver, "public-key-pem").get_attribute("value")


def label(public_pem):
    return f"amazon-connect-secure-input (RSA 2048, {short_fingerprint(public_pem)})"


def paste(driver, text):
    area = by_id(driver, "ciphertext-input")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, text)


def test_every_key_set_is_tried_and_size_mismatch_is_explained(driver, server):
    assert REAL["expected"]["rsa_modulus_bits"] == 4096
    open_console(driver, server)
    # First set: registered (by mistake) under the Key ID of the real 4096-bit ciphertext.
    first = generate(driver, REAL["key_id"])
    second = generate(driver, SECOND_ID)

    # A preview for the second (selected) set...
    by_id(driver, "tab-preview").click()
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 60, "preview")
    ciphertext = by_id(driver, "preview-ciphertext").get_attribute("value")

    # ...then the first set is selected: the message is still opened, by the set it was made for.
    by_id(driver, "tab-keys").click()
    by_id(driver, "select-set-1").click()
    by_id(driver, "tab-inspect").click()
    assert "Trying all 2 loaded key sets" in by_id(driver, "ciphertext-status").text
    paste(driver, ciphertext)
    wait_for(driver, lambda d: d.find_elements(By.ID, "opened-by"), 30, "opened by")
    by_id(driver, "reveal-plaintext").click()
    assert driver.find_element(By.CSS_SELECTOR, "[data-field=plaintext]").text == "4111111111111111"
    opened = by_id(driver, "opened-by").text
    assert opened.startswith(f"Opened with key set {label(second)}, Key ID {SECOND_ID}."), opened
    assert f"not the selected key set: the other screens work on {label(first)}" in opened, opened

    # The real ciphertext names the first set's Key ID but was made for an RSA-4096 key.
    paste(driver, REAL["ciphertext_b64"])
    wait_for(driver, lambda d: d.find_elements(By.ID, "decrypt-error"), 30, "decrypt error")
    error = by_id(driver, "decrypt-error").text
    assert error.startswith(f"Key set {label(first)}: The Key ID {REAL['key_id']} matches"), error
    assert "made for an RSA-4096 key" in error and "the loaded key is RSA-2048" in error, error
    assert not driver.find_elements(By.ID, "opened-by")
    assert console_errors(driver) == []
