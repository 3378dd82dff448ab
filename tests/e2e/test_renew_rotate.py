"""End-to-end: renew, back up and rotate. Re-issue a certificate for the same key, export a
PKCS#12 that OpenSSL opens, a CSR OpenSSL verifies, a calendar reminder; then walk a rotation
with two registered key sets, the Lambda accepting both Key IDs."""
import subprocess

from selenium.webdriver.common.by import By

from harness import by_id, console_errors, ensure_checked, file_stem, generate_key_set, open_console, set_text, wait_for

OLD_ID = "11111111-2222-4333-8444-555555555555"
NEW_ID = "66666666-7777-4888-9999-aaaaaaaaaaaa"


def generate(driver):
    generate_key_set(driver, 2048, 60)


def open_tool(driver, tool_id):
    """Opens one of the key set's tools (each is a disclosure, one tab stop until opened)."""
    tool = by_id(driver, tool_id)
    if tool.get_attribute("open") is None:
        tool.find_element(By.TAG_NAME, "summary").click()


def test_renew_backup_and_rotate(driver, server, downloads, tmp_path):
    open_console(driver, server)
    generate(driver)
    by_id(driver, "key-id").send_keys(OLD_ID)
    public = by_id(driver, "public-key-pem").get_attribute("value")
    serial = driver.find_element(By.CSS_SELECTOR, "[data-field=serial]").text
    wait_for(driver, lambda d: d.find_elements(By.ID, "selected-checklist"), 20, "checklist")
    assert by_id(driver, "selected-checklist").get_attribute("data-readiness") == "ready"

    # Re-issue for 100 days: same key, new certificate, Key ID kept.
    open_tool(driver, "tool-reissue")
    set_text(driver, "reissue-days", "100")
    by_id(driver, "reissue").click()
    wait_for(driver, lambda d: "Certificate re-issued" in by_id(d, "renew-status").text, 30, "re-issue")
    assert driver.find_element(By.CSS_SELECTOR, "[data-field=serial]").text != serial
    assert "99 days remaining" in driver.find_element(By.CSS_SELECTOR, "[data-field=not-after]").text
    assert by_id(driver, "public-key-pem").get_attribute("value") == public
    assert by_id(driver, "key-id").get_attribute("value") == OLD_ID

    # PKCS#12 backup: a short password is refused next to the field; OpenSSL opens the file.
    open_tool(driver, "tool-backup")
    by_id(driver, "export-password").send_keys("short")
    assert by_id(driver, "export-password-error").is_displayed()
    set_text(driver, "export-password", "correct horse battery")
    by_id(driver, "export-confirm").send_keys("correct horse battery")
    by_id(driver, "export-p12").click()
    p12 = downloads / f"{file_stem(public)}.p12"
    wait_for(driver, lambda d: p12.exists() and p12.stat().st_size > 1000, 60, "p12 download")
    out = subprocess.run(["openssl", "pkcs12", "-in", str(p12), "-noenc", "-passin", "pass:correct horse battery"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    key_pem = out.stdout[out.stdout.index("-----BEGIN PRIVATE KEY-----"):]
    derived = subprocess.run(["openssl", "pkey", "-pubout"], input=key_pem, capture_output=True, text=True).stdout
    assert derived == public

    # CSR verifies; reminder is a calendar file.
    open_tool(driver, "tool-csr")
    by_id(driver, "make-csr").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "csr-text"), 20, "CSR")
    csr = by_id(driver, "csr-text").get_attribute("value")
    (tmp_path / "req.pem").write_text(csr)
    verify = subprocess.run(["openssl", "req", "-verify", "-noout", "-in", str(tmp_path / "req.pem")], capture_output=True, text=True)
    assert verify.returncode == 0 and "verify OK" in (verify.stdout + verify.stderr)
    open_tool(driver, "tool-reminder")
    by_id(driver, "download-ics").click()
    ics = downloads / f"{file_stem(public)}.expiry-reminder.ics"
    wait_for(driver, lambda d: ics.exists(), 10, "ics download")
    assert ics.read_text().startswith("BEGIN:VCALENDAR") and "BEGIN:VALARM" in ics.read_text()

    # Rotation: a second key set, both registered.
    by_id(driver, "tab-rotation").click()
    assert by_id(driver, "rotation-steps").find_element(By.CSS_SELECTOR, "[data-step='1']").get_attribute("data-done") == "false"
    by_id(driver, "tab-keys").click()
    generate(driver)
    by_id(driver, "key-id").send_keys(NEW_ID)
    rows = driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")
    assert len(rows) == 2
    for row in rows:
        ensure_checked(row.find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    by_id(driver, "tab-rotation").click()
    done = {li.get_attribute("data-step"): li.get_attribute("data-done") for li in driver.find_elements(By.CSS_SELECTOR, "#rotation-steps li")}
    assert done["1"] == "true" and done["2"] == "true" and done["3"] == "true" and done["6"] == "false", done
    expiries = by_id(driver, "rotation-expiries").text
    assert OLD_ID in expiries and NEW_ID in expiries and "99 days left" in expiries

    # The Lambda takes both Key IDs.
    by_id(driver, "tab-lambda").click()
    assert by_id(driver, "second-key-id").get_attribute("value") == OLD_ID
    by_id(driver, "lambda-arn").send_keys("arn:aws:lambda:us-east-1:123456789012:function:decrypt")
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-python-text"), 10, "lambda code")
    code = by_id(driver, "lambda-python-text").get_attribute("value")
    assert OLD_ID in code and NEW_ID in code

    # A third registered key set is more than Connect allows.
    by_id(driver, "tab-keys").click()
    generate(driver)
    ensure_checked(driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")[2].find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    assert "Connect allows only 2" in by_id(driver, "too-many-active").text
    assert console_errors(driver) == []
