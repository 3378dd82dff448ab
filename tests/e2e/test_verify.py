"""End-to-end: the console an admin can verify and carry (issue 13), on the real release build.

- every file the page runs is pinned: a changed byte in any of them stops the console with a
  message naming the file (one served copy per file, one byte flipped);
- the page shows its version, source commit and the hash of the SHA256SUMS it is served with;
- over plain HTTP (a non-loopback host name) nothing of the console loads until the admin
  acknowledges the risk, and the warning returns on the next visit;
- inside a frame it does not run;
- the single-file offline edition, opened from file:// with networking disabled, generates a key
  set, takes a Key ID, previews a ciphertext and gives the Lambda code, fetching nothing.
"""
from __future__ import annotations

import base64
import hashlib
import http.server
import json
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from harness import (DIST, RecordingServer, ROOT, by_id, chromium, console_errors, generate_key_set, network_urls,
                     open_console, open_console_timed, paste, wait_for)

OFFLINE = ROOT / "dist-offline" / "flowkeys.html"
KEY_ID = "1111aaaa-2222-4bbb-8ccc-333344445555"


def build_info(index_html: str) -> dict:
    m = re.search(r'<script type="application/json" id="flowkeys-build">(.*?)</script>', index_html, re.S)
    assert m, "the page carries no build block (scripts/seal.py did not run)"
    return json.loads(m.group(1))


def generate_2048(driver, timeout=120):
    return generate_key_set(driver, 2048, timeout)


def console_started(driver) -> bool:
    return bool(driver.find_elements(By.ID, "generate-status"))


# --- Manifest, pins, version -------------------------------------------------------------------

def test_dist_is_sealed_every_loaded_file_is_pinned_and_the_manifest_checks():
    index = (DIST / "index.html").read_text()
    info = build_info(index)
    with open(ROOT / "Cargo.toml", "rb") as f:
        assert info["version"] == tomllib.load(f)["package"]["version"]
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?|unknown", info["commit"]), info["commit"]
    assert all(v != "unknown" for v in info["toolchain"].values()), info["toolchain"]

    def sri(path: Path) -> str:
        return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()

    # Every script and stylesheet the HTML references carries the right SHA-384 ...
    refs = re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=\"\./([^\"]+)\"[^>]*>", index)
    assert "boot.js" in refs, refs
    assert "FLOWKEYS_INLINE_INIT" in (DIST / "boot.js").read_text(), "boot.js must carry the page module's glue"
    for tag in re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=\"\./[^\"]+\"[^>]*>", index):
        name = re.search(r"(?:src|href)=\"\./([^\"]+)\"", tag).group(1)
        assert f'integrity="{sri(DIST / name)}"' in tag, tag
    # ... and what boot.js loads by script is pinned in the build block.
    assert sorted(info["workers"]) == ["flowkeys-files", "flowkeys-keys", "flowkeys-lint", "flowkeys-tools"], info["workers"]
    for name in [f"{info['page']}_bg.wasm"] + worker_files(info):
        assert info["integrity"][name] == sri(DIST / name), name
    # Nothing the page runs is left out: every .js/.wasm/.css is pinned one way or the other.
    pinned = set(refs) | set(info["integrity"])
    runnable = {p.name for p in DIST.iterdir() if p.suffix in (".js", ".wasm", ".css")}
    assert runnable == pinned, runnable ^ pinned
    assert not re.search(r'rel="(?:modulepreload|preload)"', index), "preload links are not pinned reliably"

    # SHA256SUMS lists every file but itself, and `sha256sum -c` accepts it.
    listed = [line.split("  ", 1)[1] for line in (DIST / "SHA256SUMS").read_text().splitlines()]
    files = sorted(p.relative_to(DIST).as_posix() for p in DIST.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    assert listed == files
    out = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=DIST, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_page_shows_version_commit_and_manifest_hash(driver, server):
    info = build_info((DIST / "index.html").read_text())
    driver.get(server.origin + "/")
    wait_for(driver, lambda d: d.find_elements(By.ID, "build-info") and len(by_id(d, "build-info").get_attribute("data-manifest") or "") == 64, 30, "the build footer")
    footer = by_id(driver, "build-info")
    manifest = hashlib.sha256((DIST / "SHA256SUMS").read_bytes()).hexdigest()
    assert footer.get_attribute("data-manifest") == manifest
    assert footer.get_attribute("data-version") == info["version"]
    assert footer.get_attribute("data-commit") == info["commit"]
    assert manifest in footer.text and info["commit"] in footer.text and info["version"] in footer.text
    assert console_started(driver)
    assert console_errors(driver) == []


FETCHED_AT = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith(arguments[0])).map(e => [e.startTime, e.responseEnd])"


def test_the_first_screen_does_not_wait_for_the_worker(driver, server):
    """What the page fetches before its first screen is the page module (with its glue in
    boot.js); the worker modules of that screen's actions (key sets, key files) are fetched
    after, checked, and the first key set is made with them. The lint module is fetched only
    with the first lint."""
    info = build_info((DIST / "index.html").read_text())
    first_screen, before = open_console_timed(driver, server)
    assert f"{info['page']}_bg.wasm" in before, before
    for name in ("flowkeys-keys.js", "flowkeys-keys_bg.wasm", "flowkeys-files.js", "flowkeys-files_bg.wasm"):
        wait_for(driver, lambda d: d.execute_script(FETCHED_AT, name), 30, f"{name} to be fetched")
        ((started, _),) = driver.execute_script(FETCHED_AT, name)
        assert started >= first_screen, (name, started, first_screen)
        assert name not in before, (name, before)
    generate_key_set(driver, 2048)
    assert by_id(driver, "generate-status").get_attribute("data-phase") == "done"
    # (The tools module may be loading by now: the Lambda and Flow screens prepare their outputs
    # from the new key set.)
    assert not driver.execute_script(FETCHED_AT, "/flowkeys-lint_bg.wasm"), "the lint module was loaded before it was needed"
    # The lint module arrives with the first lint.
    by_id(driver, "tab-flow").click()
    USES["flowkeys-lint"](driver)
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-summary"), 30, "the lint result")
    assert driver.execute_script(FETCHED_AT, "/flowkeys-lint_bg.wasm")
    assert console_errors(driver) == []


def test_a_key_set_asked_for_before_the_worker_is_checked_is_made_once_it_is(driver):
    """On a slow network the admin can press Generate before the worker's files have arrived
    and passed their checks: the console waits for them and then makes the key set."""
    info = build_info((DIST / "index.html").read_text())
    glue = "flowkeys-keys.js"
    assert "flowkeys-keys" in info["workers"]
    with RecordingServer(delays={f"/{glue}": 3.0}) as slow:
        open_console(driver, slow)
        clicked = driver.execute_script("return performance.now()")
        generate_key_set(driver, 2048)
        ((_, arrived),) = driver.execute_script(FETCHED_AT, glue)
        assert clicked < arrived, ("Generate was pressed after the worker's glue arrived", clicked, arrived)
        assert by_id(driver, "generate-status").get_attribute("data-method") == "webcrypto"
        assert console_errors(driver) == []


def test_a_worker_module_that_cannot_be_fetched_fails_its_request_and_is_fetched_again(driver):
    """A module loaded late (the linter's, on the first lint) that the network does not deliver
    is not a changed file: the request that needed it says so, the console stays, and the next
    request fetches the module again."""
    glue = "/flowkeys-lint.js"
    # Twice: boot.js's checked fetch, and its unchecked probe that tells a network failure from
    # a changed file.
    with RecordingServer(unavailable={glue: 2}) as flaky:
        open_console(driver, flaky)
        USES["flowkeys-lint"](driver)
        wait_for(driver, lambda d: d.find_elements(By.ID, "lint-error"), 30, "the lint's error")
        error = by_id(driver, "lint-error").text
        assert "flowkeys-lint.js could not be loaded (HTTP 503)" in error, error
        assert console_started(driver) and not driver.find_elements(By.ID, "boot-stop")
        # The admin tries again: the module is fetched again and the flow is linted.
        paste(driver, by_id(driver, "lint-input"), '{"Version": "2019-10-30", "StartAction": "b", "Actions": []}')
        wait_for(driver, lambda d: d.find_elements(By.ID, "lint-summary"), 30, "the lint result")
        assert flaky.requests.count(glue) == 3, flaky.requests


# --- A changed byte stops the console ----------------------------------------------------------

def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    i = len(data) // 2
    # Stay ASCII in text files so only the hash, not the syntax, tells the change.
    data[i] = data[i] ^ 0x01 if data[i] < 0x80 else data[i]
    if bytes(data) == path.read_bytes():
        data[len(data) - 2] ^= 0x01
    path.write_bytes(bytes(data))


def worker_files(info: dict) -> list[str]:
    return [f"{w}{ext}" for w in info["workers"] for ext in (".js", "_bg.wasm")]


def _lint_something(driver) -> None:
    by_id(driver, "tab-flow").click()
    paste(driver, by_id(driver, "lint-input"), '{"Version": "2019-10-30", "StartAction": "a", "Actions": []}')


def _make_a_key_set(driver) -> None:
    # Once a key set exists, the Lambda and Flow screens prepare their stack and flow from it (in
    # the tools module) before the admin opens them. Not waited for: the console is removed
    # when the tools module fails its check.
    by_id(driver, "size-2048").click()
    driver.find_element(By.CSS_SELECTOR, "#tab-keys-panel button[type=submit]").click()


# What an admin does that needs each worker module first (the first screen's modules, key sets
# and key files, are loaded after that screen without being asked).
USES = {
    "flowkeys-keys": None,
    "flowkeys-files": None,
    "flowkeys-lint": _lint_something,
    "flowkeys-tools": _make_a_key_set,
}


def tampered_targets() -> list[str]:
    info = build_info((DIST / "index.html").read_text())
    css = re.search(r'<link rel="stylesheet" href="\./([^"]+)"', (DIST / "index.html").read_text()).group(1)
    return ["boot.js", css, f"{info['page']}_bg.wasm"] + worker_files(info)


@pytest.mark.parametrize("name", tampered_targets())
def test_a_changed_byte_in_any_loaded_file_stops_the_console(tmp_path, name):
    copy = tmp_path / "dist"
    shutil.copytree(DIST, copy)
    flip_byte(copy / name)
    with RecordingServer(copy) as server, chromium() as driver:
        driver.get(f"http://127.0.0.1:{server.port}/")
        if name == "boot.js":
            # boot.js itself is refused by the browser: the static notice stays and says why.
            wait_for(driver, lambda d: any("boot.js" in e and "integrity" in e for e in console_errors(d)) or False, 20, "the integrity error for boot.js")
            time.sleep(1)
            pending = by_id(driver, "boot-pending")
            assert pending.is_displayed() and "does not match the hash" in pending.text
        else:
            module = next((m for m in USES if name.startswith(f"{m}.") or name.startswith(f"{m}_")), None)
            if USES.get(module):
                # A worker module is checked when first needed: the console runs until then.
                wait_for(driver, console_started, 30, "the console")
                USES[module](driver)
            wait_for(driver, lambda d: d.find_elements(By.ID, "boot-stop"), 30, "the refusal")
            text = by_id(driver, "boot-stop").text
            assert name in text, text
            assert "Flowkeys will not run" in text, text
            errors = console_errors(driver)
            assert any(name in e and "Flowkeys" in e for e in errors), errors
        assert not console_started(driver), "the console must not start with a changed file"


# --- Unsafe contexts ---------------------------------------------------------------------------

def test_plain_http_needs_an_acknowledgement_per_visit_before_anything_loads():
    with RecordingServer(DIST) as server, chromium(extra_flags=("--host-resolver-rules=MAP flowkeys.test 127.0.0.1",)) as driver:
        url = f"http://flowkeys.test:{server.port}/"
        driver.get(url)
        assert driver.execute_script("return window.isSecureContext") is False
        wait_for(driver, lambda d: d.find_elements(By.ID, "boot-insecure"), 20, "the plain-HTTP warning")
        warning = by_id(driver, "boot-insecure").text
        for words in ("plain HTTP", "can change this page", "HTTPS address", f"https://flowkeys.test/", "CloudFront", "offline edition", "every visit"):
            assert words in warning, (words, warning)
        time.sleep(1)
        # Nothing of the console has been fetched, let alone run.
        assert not console_started(driver)
        assert not [p for p in server.requests if p.endswith((".wasm", "_bg.wasm")) or "keygen" in p], server.requests
        by_id(driver, "insecure-continue").click()
        wait_for(driver, console_started, 30, "the console after the acknowledgement")
        assert not driver.find_elements(By.ID, "boot-insecure")
        # No WebCrypto without a secure context: the pure-Rust generator makes the key.
        assert driver.execute_script("return typeof crypto.subtle") == "undefined"
        assert "WebCrypto" not in generate_2048(driver)
        # The acknowledgement is not remembered.
        driver.get(url)
        wait_for(driver, lambda d: d.find_elements(By.ID, "boot-insecure"), 20, "the warning on the next visit")
        assert not console_started(driver)


def test_inside_a_frame_the_console_does_not_run(tmp_path):
    outer = tmp_path / "outer"
    outer.mkdir()
    # The console as an S3 website would serve it: no frame-ancestors header to stop the frame.
    with RecordingServer(DIST, headers={}) as console:
        (outer / "frame.html").write_text(f'<!DOCTYPE html><title>framing page</title><iframe id="f" src="http://localhost:{console.port}/" width="900" height="700"></iframe>')
        with RecordingServer(outer, headers={}) as framer, chromium() as driver:
            driver.get(f"http://127.0.0.1:{framer.port}/frame.html")
            driver.switch_to.frame(by_id(driver, "f"))
            wait_for(driver, lambda d: d.find_elements(By.ID, "boot-stop"), 20, "the refusal inside the frame")
            assert "does not run inside a frame" in by_id(driver, "boot-stop").text
            link = driver.find_element(By.CSS_SELECTOR, "#boot-stop a")
            assert link.get_attribute("target") == "_blank"
            time.sleep(1)
            assert not console_started(driver)
            assert not [p for p in console.requests if p.endswith(".wasm")], console.requests
    # Served with the hosting headers (frame-ancestors 'none'), the browser does not even load it.
    with RecordingServer(DIST) as console:
        (outer / "frame.html").write_text(f'<!DOCTYPE html><title>framing page</title><iframe id="f" src="http://localhost:{console.port}/"></iframe>')
        with RecordingServer(outer, headers={}) as framer, chromium() as driver:
            driver.get(f"http://127.0.0.1:{framer.port}/frame.html")
            time.sleep(2)
            driver.switch_to.frame(by_id(driver, "f"))
            assert not driver.find_elements(By.ID, "boot-pending") and not console_started(driver)
            assert console.requests == ["/"], console.requests


# --- Single-file offline edition ---------------------------------------------------------------

def open_offline(driver, path: Path) -> None:
    # Networking off for the page (DevTools) and no name resolves (host-resolver rules).
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.get(path.as_uri())


def test_offline_file_policy_admits_nothing_beyond_the_file():
    html = OFFLINE.read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    directives = dict((d.split()[0], d.split()[1:]) for d in csp.split("; "))
    assert directives["default-src"] == ["'none'"]
    assert directives["connect-src"] == ["'none'"]
    assert directives["worker-src"] == ["blob:"]
    assert all(s.startswith("'sha256-") for s in directives["style-src"])
    assert set(directives["script-src"]) - {"'wasm-unsafe-eval'"} and all(s.startswith("'sha256-") for s in directives["script-src"] if s != "'wasm-unsafe-eval'")
    assert "'self'" not in csp and "http" not in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert not re.search(r'<(?:script|link|img|iframe)\b[^>]*\s(?:src|href)="(?!data:)', html), "the offline file references another file"
    out = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=OFFLINE.parent, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_offline_file_works_from_disk_without_network(tmp_path):
    path = tmp_path / "flowkeys.html"
    shutil.copy(OFFLINE, path)
    with chromium(extra_flags=("--host-resolver-rules=MAP * ~NOTFOUND",)) as driver:
        open_offline(driver, path)
        wait_for(driver, console_started, 30, "the offline console")
        assert driver.execute_script("return location.protocol") == "file:"
        # Generate → Key ID → preview → Lambda code. file:// is a secure context in Chromium, so
        # the automatic choice is WebCrypto.
        assert "WebCrypto" in generate_2048(driver)
        by_id(driver, "key-id").send_keys(KEY_ID)
        by_id(driver, "tab-preview").click()
        driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
        wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext"), 30, "ciphertext")
        assert base64.b64decode(by_id(driver, "preview-ciphertext").get_attribute("value"))[:4] == bytes.fromhex("01800378")
        assert by_id(driver, "round-trip").text.startswith("Round trip OK")
        by_id(driver, "tab-lambda").click()
        by_id(driver, "lambda-arn").send_keys("arn:aws:lambda:us-east-1:123456789012:function:decrypt")
        wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-node-text"), 10, "lambda code")
        assert "AmazonConnect" in by_id(driver, "lambda-node-text").get_attribute("value")
        assert "AmazonConnect" in by_id(driver, "lambda-python-text").get_attribute("value")
        # The footer names the hosted build this file was made from.
        footer = by_id(driver, "build-info")
        assert footer.get_attribute("data-manifest") == hashlib.sha256((DIST / "SHA256SUMS").read_bytes()).hexdigest()
        # Nothing but the file itself (and Blob/data URLs made from it) was requested.
        urls = network_urls(driver)
        assert urls and all(u.startswith(("file:", "blob:", "data:")) for u in urls), urls
        assert console_errors(driver) == []


def test_offline_file_with_a_changed_byte_does_not_run(tmp_path):
    html = OFFLINE.read_text()
    info = build_info(html)
    name = "flowkeys-keys_bg.wasm"
    assert "flowkeys-keys" in info["workers"]
    m = re.search(rf'(<script type="application/octet-stream" data-name="{re.escape(name)}">)([^<]+)(</script>)', html)
    data = bytearray(base64.b64decode(m.group(2)))
    data[len(data) // 2] ^= 0x01
    path = tmp_path / "flowkeys.html"
    path.write_text(html[: m.start(2)] + base64.b64encode(bytes(data)).decode() + html[m.end(2):])
    with chromium() as driver:
        open_offline(driver, path)
        wait_for(driver, lambda d: d.find_elements(By.ID, "boot-stop"), 30, "the refusal")
        text = by_id(driver, "boot-stop").text
        assert name in text and "Flowkeys will not run" in text, text
        assert not console_started(driver)
