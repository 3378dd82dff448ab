"""End-to-end: the guided set-up of issue 9 (points 2, 4, 5 and 6).

- The step rail follows real facts as an admin goes generate → save the private key → Key ID →
  preview → Lambda → flow → inspect, and lists the next key's steps during a rotation.
- A key set's nickname, edited on the Keys screen, names the set on the other screens.
- Download all: a ZIP whose files are exactly the names the commands use, plus README.txt; the
  private key only when ticked, which marks the set saved.
- Remove and Clear ask first when a private key could be lost, then offer Undo."""
import re
import zipfile

from selenium.webdriver.common.by import By

from harness import by_id, confirm_loss, console_errors, ensure_checked, file_stem, generate_key_set, open_console, set_text, wait_for

KEY_ID = "4cdb826a-24c9-443d-b78b-327c817073ce"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:connect-decrypt"
INSTANCE = "12345678-1234-1234-1234-123456789012"


def generate(driver, bits=2048):
    by_id(driver, "tab-keys").click()
    generate_key_set(driver, bits)
    wait_for(driver, lambda d: d.find_elements(By.ID, "public-key-pem"), 10, "outputs")
    return by_id(driver, "public-key-pem").get_attribute("value")


def rail(driver):
    """{step: state} as the rail shows it, and which step carries aria-current."""
    return driver.execute_script("""
        const out = {};
        for (const li of document.querySelectorAll('#rail li[data-step]')) out[li.dataset.step] = li.dataset.state;
        const cur = document.querySelector('#rail [aria-current=step]');
        out.current = cur ? cur.id : null;
        return out;""")


def wait_next(driver, step):
    wait_for(driver, lambda d: rail(d).get("current") == step and rail(d).get(step) == "next", 20, f"rail: {step} next")
    r = rail(driver)
    # The state is written out in the button, not shown by colour alone.
    assert "(next)" in by_id(driver, step).text
    return r


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("textContent")


def zip_names(path):
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return sorted(z.namelist()), {n: z.read(n) for n in z.namelist()}


def test_the_rail_follows_the_set_up(driver, server, downloads):
    open_console(driver, server)
    r = wait_next(driver, "rail-key-set")
    assert all(v == "to do" for k, v in r.items() if k not in ("current", "rail-key-set"))

    public = generate(driver)
    stem = file_stem(public)
    r = wait_next(driver, "rail-save-key")
    assert r["rail-key-set"] == "done"
    assert "Next: Download or copy the private key" in text_of(driver, "rail-next")

    # Download all without the private key: the set stays unsaved.
    by_id(driver, "download-all-button").click()
    bundle = downloads / f"{stem}.bundle.zip"
    wait_for(driver, lambda d: bundle.exists() and bundle.stat().st_size > 0, 10, "bundle download")
    names, files = zip_names(bundle)
    assert names == sorted(["README.txt", f"{stem}.public-key.pem", f"{stem}.certificate.pem"]), names
    assert files[f"{stem}.public-key.pem"].decode() == public
    assert b"not in this bundle" in files["README.txt"]
    assert rail(driver)["rail-save-key"] == "next"
    bundle.unlink()

    # With the private key: the set is saved, the rail moves on.
    by_id(driver, "bundle-private-key").click()
    by_id(driver, "download-all-button").click()
    wait_for(driver, lambda d: bundle.exists() and bundle.stat().st_size > 0, 10, "bundle with key")
    names, files = zip_names(bundle)
    assert f"{stem}.private-key.pem" in names
    assert files[f"{stem}.private-key.pem"].startswith(b"-----BEGIN PRIVATE KEY-----")
    readme = files["README.txt"].decode()
    for n in names:
        if n != "README.txt":
            assert n in readme, (n, readme)
    r = wait_next(driver, "rail-register")
    assert "Flow security keys" in text_of(driver, "rail-next"), "names the Connect console page"
    assert "private key saved" in by_id(driver, "key-sets").text

    by_id(driver, "key-id").send_keys(KEY_ID)
    wait_next(driver, "rail-preview")

    # The rail's button opens the step's screen.
    by_id(driver, "rail-preview").click()
    wait_for(driver, lambda d: by_id(d, "tab-preview").get_attribute("aria-selected") == "true", 5, "preview screen")
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 30, "preview")
    ciphertext = by_id(driver, "preview-ciphertext").get_attribute("value")
    wait_next(driver, "rail-lambda")

    by_id(driver, "rail-lambda").click()
    set_text(driver, "lambda-arn", ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-node-text"), 20, "Lambda code")
    by_id(driver, "lambda-node").find_element(By.XPATH, ".//button[starts-with(., 'Download')]").click()
    wait_next(driver, "rail-flow")

    by_id(driver, "rail-flow").click()
    set_text(driver, "flow-lambda-arn", ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "flow-json-text"), 20, "flow")
    by_id(driver, "flow-json").find_element(By.XPATH, ".//button[.='Download flow']").click()
    wait_next(driver, "rail-verify")

    # The commands name exactly the bundle's files (the flow is in it now).
    by_id(driver, "setup-instance").send_keys(INSTANCE)
    wait_for(driver, lambda d: d.find_elements(By.ID, "setup-commands-text"), 10, "commands")
    script = by_id(driver, "setup-commands-text").get_attribute("value")
    # Every file of this key set the commands read (file://, fileb://, or copied into the
    # Lambda package); what the commands make themselves (the zip and its build folder) is not.
    mentioned = {m.rstrip(".") for m in re.findall(rf"{re.escape(stem)}\.[A-Za-z0-9_.-]+", script)}
    named = {m for m in mentioned if not m.endswith((".zip", ".build"))}
    by_id(driver, "tab-keys").click()
    bundle.unlink()
    by_id(driver, "download-all-button").click()
    wait_for(driver, lambda d: bundle.exists() and bundle.stat().st_size > 0, 10, "bundle with flow")
    names, files = zip_names(bundle)
    # The bundle holds every file the commands read, and besides them only the read-me, the
    # certificate (it is inside the flow), the Python alternative of the Lambda and its test event.
    assert named <= set(names), (named, names)
    extras = {"README.txt", f"{stem}.certificate.pem", f"{stem}.lambda_function.py", f"{stem}.lambda-test-event.json"}
    assert set(names) - named <= extras, (named, names)
    assert {f"{stem}.flow.json", f"{stem}.lambda-policy.json", f"{stem}.lambda.index.js", f"{stem}.private-key.pem"} <= named, named

    by_id(driver, "rail-verify").click()
    box = by_id(driver, "ciphertext-input")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", box, ciphertext)
    wait_for(driver, lambda d: d.find_elements(By.ID, "plaintext"), 30, "decrypted")
    wait_for(driver, lambda d: all(v == "done" for k, v in rail(d).items() if k != "current"), 10, "every step done")
    assert rail(driver)["current"] is None
    assert "Every step is done" in text_of(driver, "rail-next")

    # Rotation: the first set is registered; a second one is the next key, with rotation steps.
    by_id(driver, "tab-keys").click()
    ensure_checked(driver.find_elements(By.CSS_SELECTOR, "#key-sets input[type=checkbox]")[0])
    generate(driver, 3072)
    wait_next(driver, "rail-save-key")
    assert "Rotation set-up" in text_of(driver, "rail-title")
    # The inspect screen still holds the first set's message and reads it again with the new key
    # set selected: the first set opens it, so the new set's "verify" step stays to do.
    wait_for(driver, lambda d: "not the selected key set" in d.execute_script(
        "const e = document.getElementById('opened-by'); return e ? e.textContent : '';"), 20,
        "the message re-read and opened by the first, no longer selected, set")
    assert rail(driver)["rail-verify"] == "to do", rail(driver)
    r = rail(driver)
    assert r["rail-retire-old"] == "to do"
    assert "Register the next key" in by_id(driver, "rail-register").text
    assert text_of(driver, "using-lambda").endswith("(next)")
    # Selecting the first set again shows its own, finished path.
    driver.find_elements(By.CSS_SELECTOR, "#key-sets input[type=radio]")[0].click()
    wait_for(driver, lambda d: rail(d)["current"] is None and "rail-retire-old" not in rail(d), 10, "first set's rail")
    assert text_of(driver, "using-lambda").endswith("(current)")
    assert console_errors(driver) == []


def test_a_nickname_names_the_set_on_every_screen(driver, server):
    open_console(driver, server)
    public = generate(driver)
    default = f"amazon-connect-secure-input · {file_stem(public).rsplit('-', 1)[1]}"
    assert by_id(driver, "nickname").get_attribute("value") == default
    for screen in ("preview", "inspect", "lambda", "flow", "rotation"):
        assert text_of(driver, f"using-{screen}") == f"Using: {default} (current)", screen
    set_text(driver, "nickname", "  Payments IVR   prod ")
    by_id(driver, "nickname").send_keys("\t")
    for screen in ("preview", "inspect", "lambda", "flow", "rotation"):
        wait_for(driver, lambda d: text_of(d, f"using-{screen}") == "Using: Payments IVR prod (current)", 5, screen)
    assert "Payments IVR prod" in by_id(driver, "key-sets").text
    by_id(driver, "tab-lambda").click()
    assert by_id(driver, "using-lambda").text == "Using: Payments IVR prod (current)"
    # An empty name keeps the one before.
    by_id(driver, "tab-keys").click()
    set_text(driver, "nickname", "")
    by_id(driver, "nickname").send_keys("\t")
    assert text_of(driver, "using-preview") == "Using: Payments IVR prod (current)"


def test_remove_and_clear_ask_before_losing_a_key(driver, server, downloads):
    open_console(driver, server)
    generate(driver)
    rows = lambda d: d.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")  # noqa: E731
    remove = lambda d: rows(d)[0].find_element(By.XPATH, ".//button[starts-with(., 'Remove')]")  # noqa: E731
    # Unsaved: asked, with the reason; "Keep it" keeps it.
    remove(driver).click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "confirm"), 5, "confirmation")
    assert "only copy of the private key" in by_id(driver, "confirm-reason").text
    assert driver.switch_to.active_element.get_attribute("id") == "confirm-title"
    assert not driver.find_elements(By.ID, "undo-bar")
    by_id(driver, "confirm-no").click()
    wait_for(driver, lambda d: not d.find_elements(By.ID, "confirm"), 5, "confirmation gone")
    assert len(rows(driver)) == 1
    # Confirmed: removed, with Undo.
    remove(driver).click()
    confirm_loss(driver)
    wait_for(driver, lambda d: not rows(d), 5, "removed")
    by_id(driver, "undo").click()
    wait_for(driver, lambda d: len(rows(d)) == 1, 5, "restored")

    # Saved and not registered: removed at once (Undo still offered).
    by_id(driver, "private-key").find_element(By.XPATH, ".//button[.='Download private key']").click()
    wait_for(driver, lambda d: "private key saved" in by_id(d, "key-sets").text, 5, "saved")
    remove(driver).click()
    wait_for(driver, lambda d: not rows(d), 5, "removed without asking")
    assert not driver.find_elements(By.ID, "confirm")
    by_id(driver, "undo").click()
    wait_for(driver, lambda d: len(rows(d)) == 1, 5, "restored")

    # Registered in Connect: Clear everything asks, and says why.
    ensure_checked(driver.find_elements(By.CSS_SELECTOR, "#key-sets input[type=checkbox]")[0])
    by_id(driver, "clear-all").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "confirm"), 5, "confirmation")
    assert "registered in Connect" in by_id(driver, "confirm-reason").text
    assert len(rows(driver)) == 1
    by_id(driver, "confirm-yes").click()
    wait_for(driver, lambda d: not rows(d), 5, "cleared")
    by_id(driver, "undo").click()
    wait_for(driver, lambda d: len(rows(d)) == 1, 5, "restored")
    assert console_errors(driver) == []
