"""End-to-end: the five defects a new admin hit (issue 9), and results that come into view.

1. The "Ready for Connect?" checklist under "Check, renew and back up" follows the selected set.
2. Pasted encrypted key material unlocks (wrong password said so), and the certificate pasted
   with it is listed.
3. During a rotation the set-up commands store the NEW key under a new parameter name and keep
   the live key's name.
4. A certificate imported without its private key is not "Ready for Connect".
5. The file names in the commands are the names the downloads get, unique per key set.
And: after Generate and Encrypt, focus moves to the result and it is announced."""
import base64
import hashlib
import re
import subprocess

from selenium.webdriver.common.by import By

from harness import active_id, await_key_set_focus, by_id, confirm_loss, console_errors, ensure_checked, file_stem, generate_key_set, open_console, short_fingerprint, wait_for

OLD_ID = "11111111-2222-4333-8444-555555555555"
NEW_ID = "66666666-7777-4888-9999-aaaaaaaaaaaa"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:decrypt"
INSTANCE = "12345678-1234-1234-1234-123456789012"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd)


def generate(driver, bits=2048):
    generate_key_set(driver, bits)
    await_key_set_focus(driver)


def public_pem(driver):
    return by_id(driver, "public-key-pem").get_attribute("value")


def spki_sha256(pem):
    body = "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)).hexdigest()


def checklist_text(driver):
    wait_for(driver, lambda d: d.find_elements(By.ID, "selected-checklist"), 30, "checklist")
    return by_id(driver, "selected-checklist").text


def hexonly(text):
    return re.sub(r"[^0-9a-f]", "", text.lower())


def test_checklist_follows_the_selected_key_set(driver, server):
    open_console(driver, server)
    generate(driver, 2048)
    first = public_pem(driver)
    wait_for(driver, lambda d: spki_sha256(first) in hexonly(checklist_text(d)), 30, "first set's checklist")
    generate(driver, 3072)
    second = public_pem(driver)
    assert second != first
    # The checklist now shows the second set: its fingerprint and size, not the first's.
    wait_for(driver, lambda d: spki_sha256(second) in hexonly(checklist_text(d)), 30, "second set's checklist")
    assert spki_sha256(first) not in hexonly(checklist_text(driver))
    assert "3072" in checklist_text(driver)
    # Selecting the first set again brings its results back.
    driver.find_elements(By.CSS_SELECTOR, "#key-sets input[type=radio]")[0].click()
    wait_for(driver, lambda d: spki_sha256(first) in hexonly(checklist_text(d)), 30, "first set's checklist again")
    assert spki_sha256(second) not in hexonly(checklist_text(driver))
    assert console_errors(driver) == []


def test_pasted_encrypted_key_unlocks_and_its_certificate_is_listed(driver, server, tmp_path):
    openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "plain.pem", "-out", "cert.pem",
            "-days", "365", "-subj", "/CN=pasted-test", cwd=tmp_path)
    openssl("pkcs8", "-topk8", "-in", "plain.pem", "-out", "key.enc.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
            "-passout", "pass:right horse battery", cwd=tmp_path)
    pasted = (tmp_path / "key.enc.pem").read_text() + "\n" + (tmp_path / "cert.pem").read_text()
    open_console(driver, server)
    area = by_id(driver, "import-paste")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", area, pasted)
    by_id(driver, "import-read-pasted").click()

    def outcome(d, name):
        # Read in one script: the list is re-rendered on every answer.
        return d.execute_script(
            "const li = document.querySelector(`li[data-input='${arguments[0]}']`); return li && li.dataset.outcome;", name)

    wait_for(driver, lambda d: outcome(d, "pasted text, block 1") == "needs-password", 20, "the key asks for a password")
    # The certificate pasted with it is listed without a password (each block is read in its own
    # worker, so either may answer first).
    wait_for(driver, lambda d: outcome(d, "pasted text, block 2") == "read", 20, "the certificate read")
    assert "certificate" in driver.find_element(By.CSS_SELECTOR, "li[data-input='pasted text, block 2']").text.lower()

    # Wrong password: said so.
    by_id(driver, "password-0").send_keys("wrong password\n")
    wait_for(driver, lambda d: outcome(d, "pasted text, block 1") == "failed", 20, "wrong password")
    assert "wrong" in driver.find_element(By.CSS_SELECTOR, "li[data-input='pasted text, block 1']").text.lower()

    # Right password: unlocked, one complete key set, ready.
    by_id(driver, "password-0").send_keys("right horse battery\n")
    wait_for(driver, lambda d: outcome(d, "pasted text, block 1") == "read", 20, "unlock")
    # Reading an input and grouping the pieces are two answers: until the regrouping arrives the
    # certificate is still shown alone (incomplete), so wait for the regrouped set.
    readiness = "return Array.from(document.querySelectorAll('section.imported-set .checklist'), c => c.dataset.readiness);"
    wait_for(driver, lambda d: d.execute_script(readiness) == ["ready"], 20, "the key and certificate grouped, ready")
    sets = driver.find_elements(By.CSS_SELECTOR, "section.imported-set")
    assert len(sets) == 1
    assert sets[0].find_elements(By.XPATH, ".//button[.='Use this key set']")
    assert console_errors(driver) == []


def test_certificate_without_private_key_is_not_ready(driver, server, tmp_path):
    openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "plain.pem", "-out", "cert.pem",
            "-days", "365", "-subj", "/CN=cert-only", cwd=tmp_path)
    open_console(driver, server)
    area = by_id(driver, "import-paste")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                          area, (tmp_path / "cert.pem").read_text())
    by_id(driver, "import-read-pasted").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "section.imported-set .checklist"), 20, "checklist")
    checklist = driver.find_element(By.CSS_SELECTOR, "section.imported-set .checklist")
    headline = checklist.find_element(By.CSS_SELECTOR, "[data-field=headline]").text
    assert checklist.get_attribute("data-readiness") == "incomplete", headline
    assert not headline.startswith("Ready"), headline
    assert "private key is missing" in headline, headline
    assert not driver.find_elements(By.XPATH, "//section[contains(@class,'imported-set')]//button[.='Use this key set']")


def put_parameter_names(script):
    return re.findall(r"aws ssm put-parameter --name (\S+)", script)


def test_rotation_stores_the_next_key_under_a_new_name(driver, server):
    open_console(driver, server)
    generate(driver)
    old_public = public_pem(driver)
    by_id(driver, "key-id").send_keys(OLD_ID)
    ensure_checked(driver.find_elements(By.CSS_SELECTOR, "#key-sets input[type=checkbox]")[0])  # live in Connect
    generate(driver)
    new_public = public_pem(driver)
    by_id(driver, "key-id").send_keys(NEW_ID)
    new_name = f"CONNECT_INPUT_DECRYPTION_KEY_{short_fingerprint(new_public).upper()}"

    # The Flow screen's set-up commands, for the new (selected) key set.
    by_id(driver, "tab-flow").click()
    by_id(driver, "setup-instance").send_keys(INSTANCE)
    by_id(driver, "setup-region").send_keys("us-east-1")
    wait_for(driver, lambda d: d.find_elements(By.ID, "setup-commands-text"), 10, "commands")
    script = by_id(driver, "setup-commands-text").get_attribute("value")
    assert put_parameter_names(script) == [new_name], script
    assert "--overwrite" not in script.replace("Add --overwrite only", "")

    # The Lambda screen: the live key keeps its name, the new key has its own.
    by_id(driver, "tab-lambda").click()
    assert by_id(driver, "ssm-parameter").get_attribute("value") == new_name
    assert by_id(driver, "second-key-id").get_attribute("value") == OLD_ID
    assert by_id(driver, "second-parameter").get_attribute("value") == "CONNECT_INPUT_DECRYPTION_KEY"
    by_id(driver, "lambda-arn").send_keys(ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-ssm-text"), 10, "parameter commands")
    ssm = by_id(driver, "lambda-ssm-text").get_attribute("value")
    assert sorted(put_parameter_names(ssm)) == sorted([new_name, "CONNECT_INPUT_DECRYPTION_KEY"]), ssm
    assert f"file://{file_stem(new_public)}.private-key.pem" in ssm
    assert f"file://{file_stem(old_public)}.private-key.pem" in ssm
    assert console_errors(driver) == []


def download(driver, scope_id, label):
    by_id(driver, scope_id).find_element(By.XPATH, f".//button[.='{label}']").click()


def test_commands_name_the_downloaded_files(driver, server, downloads):
    open_console(driver, server)
    generate(driver)
    first = public_pem(driver)
    by_id(driver, "key-id").send_keys(OLD_ID)
    download(driver, "public-key", "Download public key")
    download(driver, "private-key", "Download private key")
    by_id(driver, "tab-flow").click()
    by_id(driver, "flow-lambda-arn").send_keys(ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "flow-json"), 10, "flow")
    download(driver, "flow-json", "Download flow")
    by_id(driver, "setup-instance").send_keys(INSTANCE)
    wait_for(driver, lambda d: d.find_elements(By.ID, "setup-commands-text"), 10, "commands")
    script = by_id(driver, "setup-commands-text").get_attribute("value")
    named = set(re.findall(r"file://([^'\s]+)", script))
    assert named == {f"{file_stem(first)}.public-key.pem", f"{file_stem(first)}.private-key.pem",
                     f"{file_stem(first)}.flow.json", f"{file_stem(first)}.lambda-policy.json"}, named
    by_id(driver, "tab-lambda").click()
    download(driver, "lambda-iam", "Download IAM policy")
    by_id(driver, "tab-flow").click()
    wait_for(driver, lambda d: all((downloads / n).exists() for n in named), 10, f"downloads {sorted(named)}")

    # A second set with the same Common Name, the same day: different names.
    by_id(driver, "tab-keys").click()
    generate(driver)
    second = public_pem(driver)
    download(driver, "public-key", "Download public key")
    wait_for(driver, lambda d: (downloads / f"{file_stem(second)}.public-key.pem").exists(), 10, "second download")
    assert file_stem(second) != file_stem(first)
    assert (downloads / f"{file_stem(second)}.public-key.pem").read_text() == second
    assert (downloads / f"{file_stem(first)}.public-key.pem").read_text() == first


def test_results_take_focus_and_are_announced(driver, server):
    open_console(driver, server)
    generate(driver)
    assert active_id(driver) == "step2-title", "focus moves to the new key set's first step"
    assert "Key set ready" in by_id(driver, "announcer").get_attribute("textContent")
    by_id(driver, "key-id").send_keys(OLD_ID)
    by_id(driver, "tab-preview").click()
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: active_id(d) == "ciphertext-title", 20, "focus on the ciphertext")
    assert "Round trip OK" in by_id(driver, "announcer").get_attribute("textContent")
    top = driver.execute_script("return document.getElementById('ciphertext-title').getBoundingClientRect().top")
    height = driver.execute_script("return window.innerHeight")
    assert 0 <= top < height, (top, height)


def unload_is_guarded(driver):
    """Whether the page asks before unloading: a cancelable beforeunload it cancels."""
    return not driver.execute_script("return window.dispatchEvent(new Event('beforeunload', {cancelable: true}))")


def test_closing_the_tab_asks_while_a_private_key_is_unsaved(driver, server):
    open_console(driver, server)
    assert not unload_is_guarded(driver)
    generate(driver)
    assert unload_is_guarded(driver), "a generated key exists only in this tab"
    download(driver, "private-key", "Download private key")
    wait_for(driver, lambda d: not unload_is_guarded(d), 10, "saved key no longer guards unload")
    generate(driver)
    assert unload_is_guarded(driver)
    by_id(driver, "clear-all").click()
    confirm_loss(driver)  # an unsaved key: Clear asks first (test_journey.py)
    assert not unload_is_guarded(driver)


def test_remove_and_clear_can_be_undone(driver, server):
    open_console(driver, server)
    generate(driver)
    first = public_pem(driver)
    generate(driver)
    second = public_pem(driver)
    rows = driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")
    assert len(rows) == 2
    rows[1].find_element(By.XPATH, ".//button[starts-with(., 'Remove')]").click()
    confirm_loss(driver)  # unsaved keys: Remove and Clear ask first (test_journey.py)
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")) == 1, 10, "removed")
    assert public_pem(driver) == first
    by_id(driver, "undo").click()
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")) == 2, 10, "restored")
    assert public_pem(driver) == second, "the removed set is back, and selected again"
    assert not driver.find_elements(By.ID, "undo-bar")

    by_id(driver, "clear-all").click()
    confirm_loss(driver)
    wait_for(driver, lambda d: not d.find_elements(By.ID, "public-key-pem"), 10, "cleared")
    by_id(driver, "undo").click()
    wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")) == 2, 10, "restored")
    assert public_pem(driver) == second

    by_id(driver, "clear-all").click()
    confirm_loss(driver)
    by_id(driver, "undo-forget").click()
    assert not driver.find_elements(By.ID, "undo-bar")
    assert not driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")
