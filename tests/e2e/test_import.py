"""End-to-end: bring your own keys. Drop an encrypted PKCS#8 key and its certificate as files,
unlock with a wrong then the right password, see "Ready for Connect", use the set to preview a
ciphertext that the official Python SDK decrypts; a mismatched certificate is explained; no
request leaves the page and nothing is stored."""
import subprocess

from selenium.webdriver.common.by import By

from harness import by_id, console_errors, drop_files, network_urls, open_console, static_files, wait_for
from official_sdk import decrypt_like_connect_lambda

KEY_ID = "9e8d7c6b-5a49-4382-a716-253443526170"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd)





def input_text(driver, name):
    """An input's row text, read in one script (see `outcome_of`)."""
    return driver.execute_script(
        "const li = document.querySelector(`li[data-input='${arguments[0]}']`); return li ? li.innerText : '';", name)


def outcome_of(driver, name):
    """The input's outcome, read in one script: the list is re-rendered on every answer, so an
    element found a moment earlier may already be gone."""
    return driver.execute_script(
        "const li = document.querySelector(`li[data-input='${arguments[0]}']`); return li && li.dataset.outcome;", name)


def test_bring_your_own_keys(driver, server, tmp_path):
    openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "plain.pem", "-out", "cert.pem",
            "-days", "365", "-subj", "/CN=byok-test", cwd=tmp_path)
    openssl("pkcs8", "-topk8", "-in", "plain.pem", "-out", "key.enc.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
            "-passout", "pass:right horse battery", cwd=tmp_path)
    openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.pem", "-out", "other-cert.pem",
            "-days", "365", "-subj", "/CN=someone-else", cwd=tmp_path)
    private_pem = (tmp_path / "plain.pem").read_text()

    open_console(driver, server)
    zone = driver.find_element(By.CSS_SELECTOR, "#import-paste").find_element(By.XPATH, "./ancestor::div[contains(@class,'dropzone')]")
    drop_files(driver, zone, [("key.enc.pem", (tmp_path / "key.enc.pem").read_bytes()),
                              ("cert.pem", (tmp_path / "cert.pem").read_bytes())])
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "li[data-input='key.enc.pem']"), 10, "import report")
    wait_for(driver, lambda d: outcome_of(d, "key.enc.pem") not in (None, "reading")
             and outcome_of(d, "cert.pem") not in (None, "reading"), 20, "both inputs read")
    assert outcome_of(driver, "key.enc.pem") == "needs-password"
    assert "Encrypted PKCS#8" in input_text(driver, "key.enc.pem")
    assert outcome_of(driver, "cert.pem") == "read"
    assert "certificate" in input_text(driver, "cert.pem").lower()

    # Wrong password: a specific message next to the field; nothing else changes.
    field = by_id(driver, "password-0")
    assert driver.find_element(By.CSS_SELECTOR, "label[for='password-0']").text == "Password for key.enc.pem"
    field.send_keys("wrong password\n")
    wait_for(driver, lambda d: outcome_of(d, "key.enc.pem") == "failed", 10, "wrong password")
    assert "The password for “key.enc.pem” is wrong" in input_text(driver, "key.enc.pem")
    assert driver.find_elements(By.CSS_SELECTOR, "#key-sets[hidden]"), "a failed unlock adds no key set"

    # Right password: the pieces group into one key set that is ready for Connect.
    by_id(driver, "password-0").send_keys("right horse battery\n")
    wait_for(driver, lambda d: outcome_of(d, "key.enc.pem") == "read", 20, "unlock")
    assert "2048 bits" in input_text(driver, "key.enc.pem")
    # The read key is then grouped with the certificate and checked: a second answer.
    wait_for(driver, lambda d: d.execute_script(
        "const c = document.querySelectorAll('section.imported-set .checklist');"
        "return c.length === 1 && c[0].dataset.readiness === 'ready';"), 20, "the grouped, checked set")
    sets = driver.find_elements(By.CSS_SELECTOR, "section.imported-set")
    assert len(sets) == 1
    checklist = sets[0].find_element(By.CSS_SELECTOR, ".checklist")
    assert checklist.get_attribute("data-readiness") == "ready", checklist.text
    assert checklist.find_element(By.CSS_SELECTOR, "[data-field=headline]").text == "Ready for Connect"
    verdicts = {li.get_attribute("data-check"): li.get_attribute("data-verdict") for li in checklist.find_elements(By.CSS_SELECTOR, "li")}
    assert verdicts["KeyPair"] == "pass" and verdicts["SelfSigned"] == "pass" and verdicts["PrivateKeyWorks"] == "pass", verdicts

    # Use it: it becomes the selected key set, and the preview encrypts with it.
    sets[0].find_element(By.XPATH, ".//button[.='Use this key set']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "public-key-pem"), 10, "outputs")
    cert = by_id(driver, "certificate-pem").get_attribute("value")
    assert cert.strip() == (tmp_path / "cert.pem").read_text().strip()
    by_id(driver, "key-id").send_keys(KEY_ID)
    by_id(driver, "tab-preview").click()
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 10, "ciphertext")
    assert by_id(driver, "round-trip").text.startswith("Round trip OK")
    ciphertext = by_id(driver, "preview-ciphertext").get_attribute("value")
    assert decrypt_like_connect_lambda(ciphertext, private_pem, KEY_ID) == b"4111111111111111"

    # A mismatched certificate, with a private key it does not belong to: explained.
    by_id(driver, "tab-keys").click()
    by_id(driver, "import-clear").click()
    drop_files(driver, zone, [("plain.pem", (tmp_path / "plain.pem").read_bytes()),
                              ("other-cert.pem", (tmp_path / "other-cert.pem").read_bytes())])
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "section.imported-set")) == 2, 10, "two sets")
    by_kind = {}
    for section in driver.find_elements(By.CSS_SELECTOR, "section.imported-set"):
        kind = section.find_element(By.CSS_SELECTOR, "[data-field=completeness]").text
        by_kind[kind] = section
    key_only = by_kind["private key only (no certificate)"]
    assert key_only.find_element(By.CSS_SELECTOR, ".checklist").get_attribute("data-readiness") == "not-ready"
    pair = key_only.find_element(By.CSS_SELECTOR, "li[data-check=KeyPair]")
    assert pair.get_attribute("data-verdict") == "fail"
    assert "No imported certificate matches this private key" in pair.text
    assert "CN=someone-else" in pair.text and "other-cert.pem" in pair.text
    cert_only = by_kind["certificate only (no private key)"]
    assert cert_only.find_element(By.CSS_SELECTOR, "li[data-check=PrivateKeyWorks]").get_attribute("data-verdict") == "warning"

    # Selecting the imported set and the list of key sets.
    rows = driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")
    assert len(rows) == 1 and KEY_ID in rows[0].text

    # Nothing stored, nothing sent.
    storage = driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie, location.href]")
    assert storage == [0, 0, "", server.origin + "/"]
    urls = network_urls(driver)
    assert [u for u in urls if not u.startswith((server.origin + "/", "blob:", "data:"))] == []
    assert {u[len(server.origin):] for u in urls if u.startswith(server.origin)} <= static_files()
    assert console_errors(driver) == []
