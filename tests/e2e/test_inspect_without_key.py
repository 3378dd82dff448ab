"""End-to-end: reading a message with no key set loaded. The page sends it to the tools
module's long-lived worker (`ReadMessage`), not to a fresh worker per paste: pasted and dropped,
a hostile input answered with a sentence, and an answer to a read already replaced (the box
emptied) not shown."""
import base64
import json
import time

from selenium.webdriver.common.by import By

from harness import ROOT, by_id, console_errors, drop_files, open_console, wait_for

# A real Connect ciphertext. Source: crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json.
REAL = json.loads((ROOT / "crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json").read_text())
FETCHED = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"


def paste(driver, text):
    area = by_id(driver, "ciphertext-input")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, text)


def field(driver, name):
    return by_id(driver, "inspected-message").find_element(By.CSS_SELECTOR, f"[data-field={name}]").text


def read_key_id(driver):
    """The Key ID of the message shown, or None while none is shown."""
    found = driver.find_elements(By.CSS_SELECTOR, "#inspected-message [data-field=edk-key-id]")
    return found[0].text if found else None


def test_a_message_is_read_without_a_key_pasted_or_dropped(driver, server):
    open_console(driver, server)
    by_id(driver, "tab-inspect").click()
    assert "No key set is loaded" in by_id(driver, "ciphertext-status").text

    paste(driver, REAL["ciphertext_b64"])
    wait_for(driver, lambda d: read_key_id(d) == REAL["key_id"], 30, "the pasted message read")
    assert field(driver, "edk-provider") == "AmazonConnect"
    assert not driver.find_elements(By.ID, "opened-by") and not driver.find_elements(By.ID, "decrypt-error")
    # Read by the tools module (loaded for it: no key set has loaded it yet).
    assert "/flowkeys-tools_bg.wasm" in driver.execute_script(FETCHED)

    # The same message as a binary file, dropped.
    paste(driver, "")
    wait_for(driver, lambda d: read_key_id(d) is None, 10, "the empty box")
    zone = by_id(driver, "ciphertext-input").find_element(By.XPATH, "./ancestor::div[contains(@class,'dropzone')]")
    drop_files(driver, zone, [("stored-input.bin", base64.b64decode(REAL["ciphertext_b64"]))])
    wait_for(driver, lambda d: read_key_id(d) == REAL["key_id"], 30, "the dropped message read")
    assert "stored-input.bin" in zone.text
    assert console_errors(driver) == []


def test_hostile_input_gets_a_sentence_and_a_replaced_read_is_not_shown(driver, server):
    open_console(driver, server)
    by_id(driver, "tab-inspect").click()
    # Control characters and a message cut short: a sentence next to the box, nothing else.
    paste(driver, "AYAD\u0000\u0007\u001b[2J" + REAL["ciphertext_b64"][:40])
    wait_for(driver, lambda d: d.find_elements(By.ID, "inspect-error"), 30, "the error")
    error = by_id(driver, "inspect-error").text
    assert error and "panic" not in error.lower() and "\u0000" not in error, error
    assert by_id(driver, "generate-status")  # the console is still there

    # A message pasted and the box emptied at once: the answer to the paste, which the
    # long-lived worker still sends, must not fill the emptied screen.
    paste(driver, "")
    # (The emptying comes a task later, once the paste's read has been sent: the screen reacts to
    # input events a microtask after them.)
    driver.execute_script(
        "const a = document.getElementById('ciphertext-input');"
        "a.value = arguments[0]; a.dispatchEvent(new Event('input'));"
        "setTimeout(() => { a.value = ''; a.dispatchEvent(new Event('input')); }, 0);", REAL["ciphertext_b64"])
    # The read takes a few milliseconds (README benchmark); give it far longer to show up.
    time.sleep(2)
    assert read_key_id(driver) is None and not driver.find_elements(By.ID, "inspect-error")
    # And the next read is shown.
    paste(driver, REAL["ciphertext_b64"])
    wait_for(driver, lambda d: read_key_id(d) == REAL["key_id"], 30, "the next message read")
    assert console_errors(driver) == []
