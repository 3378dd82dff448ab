"""End-to-end: an admin generates a key set in the real release build, in headless Chromium.

Everything is checked by value: the PEMs are parsed and compared with OpenSSL, messages are
matched by their words, and the network and storage are inspected after the run.
"""
import re
import subprocess
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import file_stem, by_id, confirm_loss, console_errors, network_urls, open_console, set_text, static_files, wait_for


def openssl(*args, stdin=None, cwd=None) -> str:
    out = subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True, cwd=cwd)
    assert out.returncode == 0, f"openssl {args}: {out.stdout}{out.stderr}"
    return out.stdout


def status(driver):
    el = by_id(driver, "generate-status")
    return el.get_attribute("data-phase"), el.text


def generate(driver, bits: int, method: str, timeout=120):
    """Choose size and generator, press Generate, wait for the result."""
    by_id(driver, f"size-{bits}").click()
    adv = driver.find_element(By.CSS_SELECTOR, "details.advanced")
    if not adv.get_attribute("open"):
        adv.find_element(By.TAG_NAME, "summary").click()
    by_id(driver, f"method-{method}").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, lambda d: status(d)[0] in ("done", "failed"), timeout, f"{bits}-bit key ({method})")
    phase, text = status(driver)
    assert phase == "done", text
    return text


def read_outputs(driver):
    public = by_id(driver, "public-key-pem").get_attribute("value")
    cert = by_id(driver, "certificate-pem").get_attribute("value")
    assert not driver.find_elements(By.ID, "private-key-pem"), "the private key must be hidden by default"
    reveal = driver.find_element(By.CSS_SELECTOR, "button.reveal")
    assert reveal.get_attribute("aria-expanded") == "false"
    reveal.click()
    private = by_id(driver, "private-key-pem").get_attribute("value")
    driver.find_element(By.XPATH, "//label[contains(., 'PKCS#1 (BEGIN RSA PRIVATE KEY)')]/input").click()
    pkcs1 = by_id(driver, "private-key-pem").get_attribute("value")
    driver.find_element(By.XPATH, "//label[contains(., 'PKCS#8 (BEGIN PRIVATE KEY)')]/input").click()
    reveal.click()
    assert not driver.find_elements(By.ID, "private-key-pem"), "Hide must remove the private key from the page"
    return public, cert, private, pkcs1


def check_key_set(tmp: Path, public: str, cert: str, private: str, pkcs1: str, bits: int):
    """The three PEMs parse and belong together (OpenSSL is the judge)."""
    assert public.startswith("-----BEGIN PUBLIC KEY-----\n")
    assert cert.startswith("-----BEGIN CERTIFICATE-----\n")
    assert private.startswith("-----BEGIN PRIVATE KEY-----\n")
    assert pkcs1.startswith("-----BEGIN RSA PRIVATE KEY-----\n")
    for name, text in {"pub.pem": public, "cert.pem": cert, "key.pem": private, "key1.pem": pkcs1}.items():
        (tmp / name).write_text(text)
    text = openssl("x509", "-noout", "-text", "-in", "cert.pem", cwd=tmp)
    assert f"Public-Key: ({bits} bit)" in text
    assert "Signature Algorithm: sha256WithRSAEncryption" in text
    assert openssl("verify", "-CAfile", "cert.pem", "cert.pem", cwd=tmp).strip() == "cert.pem: OK"
    for key in ("key.pem", "key1.pem"):
        assert "Key is valid" in openssl("pkey", "-check", "-noout", "-in", key, cwd=tmp)
    spki_from_cert = openssl("x509", "-pubkey", "-noout", "-in", "cert.pem", cwd=tmp)
    spki_from_key = openssl("pkey", "-pubout", "-in", "key.pem", cwd=tmp)
    spki_from_pkcs1 = openssl("pkey", "-pubout", "-in", "key1.pem", cwd=tmp)
    assert spki_from_cert == public == spki_from_key == spki_from_pkcs1
    subject = openssl("x509", "-noout", "-subject", "-nameopt", "RFC2253", "-in", "cert.pem", cwd=tmp)
    assert subject.strip() == "subject=CN=amazon-connect-secure-input"
    return openssl("x509", "-noout", "-fingerprint", "-sha256", "-in", "cert.pem", cwd=tmp).strip()


def test_admin_generates_key_sets_on_both_paths(driver, server, tmp_path, downloads):
    open_console(driver, server)
    assert driver.title.startswith("Flowkeys")
    assert not driver.find_elements(By.ID, "public-key-pem"), "no outputs before generating"

    # Bad input: specific messages next to each field, nothing generated.
    set_text(driver, "cn", "")
    set_text(driver, "c", "USA")
    set_text(driver, "days", "5000")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "Enter a Common Name" in by_id(driver, "cn-error").text
    assert by_id(driver, "cn").get_attribute("aria-invalid") == "true"
    assert "two-letter" in by_id(driver, "c-error").text and "USA" in by_id(driver, "c-error").text
    assert "between 1 and 3650" in by_id(driver, "days-error").text
    set_text(driver, "days", "0")
    assert "0 is out of range" in by_id(driver, "days-error").text
    set_text(driver, "cn", "x" * 65)
    assert "65 characters" in by_id(driver, "cn-error").text
    assert status(driver)[0] == "idle"
    assert not driver.find_elements(By.ID, "public-key-pem")

    # Warning beyond 825 days, then valid input.
    set_text(driver, "days", "900")
    assert "900 days is longer than 825 days" in by_id(driver, "days-warning").text
    set_text(driver, "days", "730")
    assert not by_id(driver, "days-warning").is_displayed()
    set_text(driver, "cn", "amazon-connect-secure-input")
    set_text(driver, "c", "")
    assert not by_id(driver, "cn-error").is_displayed() and not by_id(driver, "c-error").is_displayed()

    # WebCrypto path (localhost is a secure context).
    text = generate(driver, 2048, "webcrypto")
    assert "WebCrypto" in text, text
    assert by_id(driver, "generate-status").get_attribute("data-method") == "webcrypto"
    public, cert, private, pkcs1 = read_outputs(driver)
    (tmp_path / "webcrypto").mkdir()
    fp1 = check_key_set(tmp_path / "webcrypto", public, cert, private, pkcs1, 2048)
    assert "451 of 1024 characters" in by_id(driver, "public-key-length").text
    # The summary agrees with OpenSSL.
    shown_fp = driver.find_element(By.CSS_SELECTOR, "[data-field=cert-sha256]").text
    assert fp1 == f"sha256 Fingerprint={shown_fp}"
    assert driver.find_element(By.CSS_SELECTOR, "[data-field=key]").text == "RSA 2048 bits"
    assert "729 days remaining" in driver.find_element(By.CSS_SELECTOR, "[data-field=not-after]").text or \
        "730 days remaining" in driver.find_element(By.CSS_SELECTOR, "[data-field=not-after]").text

    # Download: named from the Common Name and the public key's fingerprint, content identical.
    by_id(driver, "public-key").find_element(By.XPATH, ".//button[.='Download public key']").click()
    expected = downloads / f"{file_stem(public)}.public-key.pem"
    wait_for(driver, lambda d: expected.exists() and expected.read_text() == public, 10, f"download {expected.name}")

    # Pure-Rust path: the same kinds of output pass the same checks.
    text = generate(driver, 2048, "rust")
    assert "pure Rust" in text, text
    assert by_id(driver, "generate-status").get_attribute("data-method") == "rust"
    public2, cert2, private2, pkcs1_2 = read_outputs(driver)
    (tmp_path / "rust").mkdir()
    check_key_set(tmp_path / "rust", public2, cert2, private2, pkcs1_2, 2048)
    assert public2 != public, "a new key replaces the old one"

    # Cancel a slow 4096-bit pure-Rust generation: elapsed time shows, Generate is blocked, Cancel stops it.
    by_id(driver, "size-4096").click()
    by_id(driver, "method-rust").click()
    submit = driver.find_element(By.CSS_SELECTOR, "button[type=submit]")
    submit.click()
    wait_for(driver, lambda d: status(d)[0] == "running", 5, "generation to start")
    wait_for(driver, lambda d: re.search(r"Generating a 4096-bit key… \d+\.\d s", status(d)[1]), 5, "elapsed time")
    assert submit.get_attribute("disabled") is not None, "a second Generate must not be possible"
    driver.find_element(By.XPATH, "//button[.='Cancel']").click()
    assert status(driver) == ("cancelled", "Generation cancelled. No key was made.")
    assert submit.get_attribute("disabled") is None
    assert by_id(driver, "public-key-pem").get_attribute("value") == public2, "cancel leaves the current key set alone"

    # Key ID: a malformed one is refused with a clear message, a UUID is kept.
    key_id = by_id(driver, "key-id")
    key_id.send_keys("not-a-key-id")
    assert "is not a Key ID" in by_id(driver, "key-id-error").text
    assert "8-4-4-4-12" in by_id(driver, "key-id-error").text
    assert key_id.get_attribute("aria-invalid") == "true"
    set_text(driver, "key-id", "4CDB826A-24c9-443d-b78b-327c817073ce")
    assert not by_id(driver, "key-id-error").is_displayed()
    assert by_id(driver, "key-id-ok").text == "Key ID 4cdb826a-24c9-443d-b78b-327c817073ce is kept with this key set."

    # Keyboard: Tab reaches the controls and Enter in a field submits the form.
    by_id(driver, "cn").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "o"

    # Copy the private key, then Clear: every output disappears and the clipboard is overwritten.
    read_clipboard = ("const done = arguments[arguments.length - 1];"
                      "navigator.clipboard.readText().then(done, e => done('ERROR ' + e));")
    by_id(driver, "private-key").find_element(By.XPATH, ".//button[.='Copy private key']").click()
    wait_for(driver, lambda d: d.execute_async_script(read_clipboard).startswith("-----BEGIN PRIVATE KEY-----"), 5, "copy")
    by_id(driver, "clear-all").click()
    confirm_loss(driver)  # the other key set's private key was never saved: Clear asks first
    wait_for(driver, lambda d: "PRIVATE KEY" not in d.execute_async_script(read_clipboard), 5, "clipboard overwritten")
    for element_id in ("public-key-pem", "certificate-pem", "private-key-pem", "key-id"):
        assert not driver.find_elements(By.ID, element_id), element_id
    assert status(driver)[0] == "idle"

    # Nothing stored, nothing in the URL.
    storage = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        (async () => {
          const dbs = indexedDB.databases ? await indexedDB.databases() : [];
          done({local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
                idb: dbs.length, url: location.href});
        })();"""
    )
    assert storage == {"local": 0, "session": 0, "cookie": "", "idb": 0, "url": server.origin + "/"}

    # Only the app's own static files were requested, by the page and its workers.
    urls = network_urls(driver)
    assert urls, "the performance log recorded no requests at all"
    foreign = [u for u in urls if not (u.startswith(server.origin + "/") or u.startswith(("blob:", "data:")))]
    assert foreign == [], f"requests to other hosts: {foreign}"
    own = {u[len(server.origin):].split("?")[0] for u in urls if u.startswith(server.origin)}
    allowed = static_files()
    assert own <= allowed, f"unexpected paths: {own - allowed}"
    assert set(server.requests) <= allowed, f"server saw unexpected paths: {set(server.requests) - allowed}"
    # boot.js fetches (integrity-checked) the page wasm and each worker module's glue and wasm
    # it used; workers run from blob: URLs.
    assert {"/boot.js", "/flowkeys-keys.js", "/flowkeys-keys_bg.wasm", "/flowkeys-console_bg.wasm"} <= set(server.requests)

    # The app ran under its Content-Security-Policy without a single violation or error.
    assert console_errors(driver) == []
