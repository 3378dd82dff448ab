"""End-to-end: hostile key files in the real build (issue 11), and the incremental import.

- The worst hostile inputs, generated in the run (hostile_files.py, OpenSSL for the good key),
  are dropped together with a good key and certificate: each is refused with its specific
  message within 5 s in the browser worker, and the good pair still imports and is usable.
- A slow but legal input (one PKCS#12 safe at PBKDF2-SHA256 5.9 M under the empty password, just
  inside the engine's work budget for the browser, estimated 4.5 s there) does not hold up the other inputs, shows progress, and its
  Cancel button stops it; read again, its full browser cost is measured.
- Typing a password re-reads only the encrypted input (`data-reads`, and the progress text).

Measured times are printed (run with -s to see them) and written to
$FLOWKEYS_MEASUREMENTS/import-budget.json when that variable names a directory."""
import json
import os
import subprocess
import time
from pathlib import Path

from selenium.webdriver.common.by import By

import hostile_files as hostile
from harness import by_id, console_errors, drop_files, open_console, wait_for


# The bound for the worst single input in the browser worker.
BROWSER_BOUND_MS = 5000
# The most PBKDF2-SHA256 iterations one encrypted safe may ask for: 760 ns per iteration in the
# engine's browser estimate (flowkeys_core::pbe::HMAC_SHA256) within its 4.5 s browser budget.
SLOWEST_ITERATIONS = 5_900_000
# OpenSSL's time for that derivation on the machine the browser costs were measured on (idle
# 2-core AMD EPYC, 2026-11-30: 1373 ms), rounded up: the reference for scaling the 5 s bound.
OPENSSL_REFERENCE_MS = 1400.0
# The largest file the console reads (flowkeys_core::import::MAX_FILE_BYTES).
MAX_FILE_BYTES = 2 * 1024 * 1024

MEASURED: dict[str, float] = {}

# Records, from the page itself, when each input's row first shows a final outcome, and every
# progress sentence shown: no polling delay in the figures.
OBSERVER = """
// Arming forgets what was seen and notes each row's read count: only rows read again count.
window.__arm = () => {
  window.__t0 = performance.now(); window.__seen = {}; window.__progress = []; window.__armed = {};
  for (const li of document.querySelectorAll('#import-inputs > li[data-input]')) window.__armed[li.dataset.input] = li.dataset.reads;
};
window.__arm();
const record = () => {
  for (const li of document.querySelectorAll('#import-inputs > li[data-input]')) {
    const o = li.dataset.outcome, name = li.dataset.input;
    if (o && o !== 'reading' && o !== 'waiting' && !(name in window.__seen) && window.__armed[name] !== li.dataset.reads) {
      window.__seen[name] = {ms: performance.now() - window.__t0, outcome: o, text: li.textContent,
                             readMs: li.dataset.readMs, reads: li.dataset.reads};
    }
  }
  const p = document.getElementById('import-progress');
  const text = p && !document.getElementById('import-busy').hidden ? p.textContent : '';
  if (text && window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
};
new MutationObserver(record).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
"""





def openssl(*args, cwd):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd)


def good_pair(tmp_path: Path) -> list[tuple[str, bytes]]:
    openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
            "-days", "365", "-subj", "/CN=budget-test", cwd=tmp_path)
    return [("key.pem", (tmp_path / "key.pem").read_bytes()), ("cert.pem", (tmp_path / "cert.pem").read_bytes())]


def zone(driver):
    return by_id(driver, "import-paste").find_element(By.XPATH, "./ancestor::div[contains(@class,'dropzone')]")


def seen(driver) -> dict:
    return driver.execute_script("return window.__seen")


def outcome_of(driver, name):
    return driver.execute_script(
        "const li = document.querySelector(`li[data-input='${arguments[0]}']`); return li && li.dataset.outcome;", name)


def reads_of(driver, name) -> int:
    return int(driver.execute_script(
        "const li = document.querySelector(`li[data-input='${arguments[0]}']`); return li ? li.dataset.reads : '0';", name))


def ready_sets(driver):
    return driver.find_elements(By.CSS_SELECTOR, "section.imported-set .checklist[data-readiness='ready']")


def record(name: str, value: float, unit: str = "ms") -> None:
    MEASURED[f"{name} ({unit})"] = round(value, 2)
    print(f"measured {name}: {value:.0f} {unit}" if unit == "ms" else f"measured {name}: {value:.2f} {unit}")
    target = os.environ.get("FLOWKEYS_MEASUREMENTS")
    if target and Path(target).is_dir():
        (Path(target) / "import-budget.json").write_text(json.dumps(MEASURED, indent=2))


def start(driver, server):
    open_console(driver, server)
    driver.execute_script(OBSERVER)


def type_password(driver, name: str, password: str) -> None:
    field_id = driver.execute_script(
        "const li = document.querySelector(`li[data-input='${arguments[0]}']`);"
        "const f = li && li.querySelector('input[type=password]'); return f && f.id;", name)
    assert field_id, f"no password field for {name}"
    by_id(driver, field_id).send_keys(password + "\n")


def test_hostile_inputs_are_refused_within_the_browser_bound_and_a_good_pair_still_imports(driver, server, tmp_path):
    hostile_inputs = {
        # 16 safes at PBKDF2-SHA512 10 M under "" with no MAC (issue finding 1, with the costlier hash).
        "many-safes.p12": (hostile.p12_without_mac(hostile.pbkdf2_alg("sha512", 10_000_000), 16),
                           ["was not opened", "more than 8 password-encrypted containers", "openssl pkcs12 -export -iter 600000"]),
        # 3 safes: within the container limit, 27 s of work natively.
        "sha512-safes.p12": (hostile.p12_without_mac(hostile.pbkdf2_alg("sha512", 10_000_000), 3),
                             ["was not opened", "PBKDF2-SHA512",
                              "one input may take at most about 4.5 s in the console and about 2.0 s on the command line"]),
        # One safe at PBKDF2-SHA256 10 M: under the native budget (1.9 s), not the browser's
        # (about 7 s in this worker), so refused here as on the command line.
        "sha256-10m.p12": (hostile.p12_without_mac(hostile.pbkdf2_alg("sha256", 10_000_000), 1),
                           ["was not opened", "about 7.6 s of key derivation in the console"]),
        # scrypt N=2, r=65535, p=64 inside a MAC-less .p12, tried with "" on drop (finding 3).
        "scrypt.p12": (hostile.p12_without_mac(hostile.scrypt_alg(2, 65535, 64), 1),
                       ["was not opened", "N=2, r=65535, p=64"]),
        # The largest file read, all tiny PEM blocks (finding 4).
        "tiny-blocks.pem": (hostile.tiny_pem_blocks_under(MAX_FILE_BYTES), ["is damaged"]),
        # A few kilobytes over the file limit: refused unread.
        "too-big.pem": (hostile.tiny_pem_blocks_under(MAX_FILE_BYTES + 4096), ["a file may have here"]),
    }
    start(driver, server)
    files = [(name, data) for name, (data, _) in hostile_inputs.items()] + good_pair(tmp_path)
    drop_files(driver, zone(driver), files, arm=True)
    names = [n for n, _ in files]
    wait_for(driver, lambda d: all(n in seen(d) for n in names), 60, "every input to be read or refused")
    results = seen(driver)
    for name, (_, phrases) in hostile_inputs.items():
        r = results[name]
        assert r["outcome"] == "failed", (name, r)
        for phrase in phrases:
            assert phrase in r["text"], (name, phrase, r["text"])
        record(f"{name} refused (from drop)", r["ms"])
        record(f"{name} worker time", float(r["readMs"] or 0))
        assert r["ms"] <= BROWSER_BOUND_MS, (name, r["ms"])
    assert results["key.pem"]["outcome"] == "read" and results["cert.pem"]["outcome"] == "read", results
    record("good key and certificate read alongside (from drop)", max(results["key.pem"]["ms"], results["cert.pem"]["ms"]))
    wait_for(driver, ready_sets, 20, "the good pair to be grouped and checked")
    assert len(driver.find_elements(By.CSS_SELECTOR, "section.imported-set")) == 1

    # Encrypted keys that ask for a password: the typed password triggers the refusal.
    typed = {
        "scrypt-key.der": (hostile.encrypted_pkcs8(hostile.scrypt_alg(2, 65535, 64)), ["at most r=32 and p=16"]),
        "sha512-key.der": (hostile.encrypted_pkcs8(hostile.pbkdf2_alg("sha512", 10_000_000)),
                           ["about 9.2 s", "10000000 iterations",
                            "openssl pkcs8 -in sha512-key.der | openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000"]),
    }
    drop_files(driver, zone(driver), [(n, d) for n, (d, _) in typed.items()])
    wait_for(driver, lambda d: all(outcome_of(d, n) == "needs-password" for n in typed), 30, "password prompts")
    for name, (_, phrases) in typed.items():
        driver.execute_script("window.__arm()")
        type_password(driver, name, "any password")
        wait_for(driver, lambda d: name in seen(d), 30, f"{name} to be refused")
        r = seen(driver)[name]
        assert r["outcome"] == "failed", (name, r)
        for phrase in phrases:
            assert phrase in r["text"], (name, phrase, r["text"])
        record(f"{name} refused (from typing the password)", r["ms"])
        assert r["ms"] <= BROWSER_BOUND_MS, (name, r["ms"])
        # Only that input was read again.
        assert reads_of(driver, "key.pem") == 1 and reads_of(driver, "many-safes.p12") == 1

    # The good pair is still there and usable.
    driver.find_element(By.XPATH, "//section[contains(@class,'imported-set')]//button[.='Use this key set']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "public-key-pem"), 10, "outputs")
    assert console_errors(driver) == []


def test_a_slow_legal_input_does_not_hold_up_the_others_and_can_be_cancelled(driver, server, tmp_path):
    # One safe at PBKDF2-SHA256 5.9 M under "" (no MAC): estimated 4.48 s of the browser's 4.5 s
    # budget (1.1 s of the native 2 s), so it is read, slowly — the costliest input accepted.
    slow = hostile.p12_without_mac(hostile.pbkdf2_alg("sha256", SLOWEST_ITERATIONS), 1)
    start(driver, server)
    drop_files(driver, zone(driver), [("slow.p12", slow)], arm=True)
    wait_for(driver, lambda d: outcome_of(d, "slow.p12") == "reading", 10, "slow.p12 to be read")
    busy = by_id(driver, "import-busy")
    assert busy.is_displayed()
    assert by_id(driver, "import-progress").text == "Reading “slow.p12”… 1 of 1"
    assert driver.find_element(By.CSS_SELECTOR, "#import-inputs").find_element(By.XPATH, "./ancestor::section[1]").get_attribute("aria-busy") == "true"

    # Other inputs finish meanwhile.
    drop_files(driver, zone(driver), good_pair(tmp_path))
    wait_for(driver, ready_sets, 20, "the good pair, while slow.p12 is still being read")
    assert outcome_of(driver, "slow.p12") == "reading", "the good pair was read while the slow input was still running"
    assert any("slow.p12" in p for p in driver.execute_script("return window.__progress")), driver.execute_script("return window.__progress")

    # Cancel: a labelled button on the row; the row says so at once, the rest stays usable.
    row = driver.find_element(By.CSS_SELECTOR, "li[data-input='slow.p12']")
    cancel = row.find_element(By.XPATH, ".//button[.='Cancel']")
    assert cancel.get_attribute("aria-label") == "Cancel reading slow.p12"
    clicked = time.monotonic()
    cancel.click()
    wait_for(driver, lambda d: outcome_of(d, "slow.p12") == "cancelled", 2, "the cancel")
    record("cancel to cancelled row", (time.monotonic() - clicked) * 1000)
    assert "nothing from this input is used" in driver.find_element(By.CSS_SELECTOR, "li[data-input='slow.p12']").text
    assert not by_id(driver, "import-busy").is_displayed()
    assert len(ready_sets(driver)) == 1
    assert outcome_of(driver, "key.pem") == "read" and outcome_of(driver, "cert.pem") == "read"

    # Read again, to the end: the browser's cost of the costliest input the budget admits.
    driver.execute_script("window.__arm()")
    driver.find_element(By.XPATH, "//li[@data-input='slow.p12']//button[.='Read again']").click()
    wait_for(driver, lambda d: "slow.p12" in seen(d), 180, "slow.p12 to be read to the end")
    r = seen(driver)["slow.p12"]
    record("slow.p12 (1 safe, PBKDF2-SHA256 5.9 M, the most the budget admits) read to the end", r["ms"])
    record("slow.p12 worker time", float(r["readMs"] or 0))
    # The same derivation natively, by OpenSSL, right after (same machine, same load): the
    # browser/native ratio is the figure to compare with the budget's 2 s native / 5 s browser.
    began = time.monotonic()
    subprocess.run(["openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:",
                    "-kdfopt", "hexsalt:07070707070707070707070707070707", "-kdfopt", f"iter:{SLOWEST_ITERATIONS}", "PBKDF2"],
                   check=True, capture_output=True)
    native = (time.monotonic() - began) * 1000
    record("openssl kdf PBKDF2-SHA256 5.9 M (native reference, same run)", native)
    record("slow.p12 browser worker / native OpenSSL", float(r["readMs"] or 0) / native, "×")
    assert r["outcome"] in ("needs-password", "failed", "read"), r
    assert reads_of(driver, "slow.p12") == 2 and reads_of(driver, "key.pem") == 1
    # The bound: the costliest accepted input takes at most about 5 s in the worker, on
    # the machine the engine's browser costs were measured on (OpenSSL took 1.37 s for this
    # derivation there, idle). A slower or busier machine shows in the same-run OpenSSL time, and
    # the bound scales with it; and one more try (a typed password: the same derivation) may
    # replace a read that a burst of other work slowed down.
    bound_ms = BROWSER_BOUND_MS * max(1.0, native / OPENSSL_REFERENCE_MS)
    record("slow.p12 bound for this machine and load", bound_ms)
    worker_ms = float(r["readMs"] or 0)
    if worker_ms > bound_ms:
        driver.execute_script("window.__arm()")
        type_password(driver, "slow.p12", "not the password")
        wait_for(driver, lambda d: "slow.p12" in seen(d), 180, "slow.p12 to be read once more")
        worker_ms = min(worker_ms, float(seen(driver)["slow.p12"]["readMs"] or 0))
        record("slow.p12 worker time, second try", worker_ms)
    assert worker_ms <= bound_ms, (worker_ms, bound_ms)
    # The good set survived it all and is usable.
    driver.find_element(By.XPATH, "//section[contains(@class,'imported-set')]//button[.='Use this key set']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "public-key-pem"), 10, "outputs")
    assert console_errors(driver) == []


def test_typing_a_password_rereads_only_the_encrypted_input(driver, server, tmp_path):
    pair = dict(good_pair(tmp_path))
    openssl("pkcs8", "-topk8", "-in", "key.pem", "-out", "key.enc.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
            "-passout", "pass:right horse battery", cwd=tmp_path)
    start(driver, server)
    drop_files(driver, zone(driver), [("key.enc.pem", (tmp_path / "key.enc.pem").read_bytes()), ("cert.pem", pair["cert.pem"])])
    wait_for(driver, lambda d: outcome_of(d, "key.enc.pem") == "needs-password" and outcome_of(d, "cert.pem") == "read",
             20, "first read")
    assert (reads_of(driver, "key.enc.pem"), reads_of(driver, "cert.pem")) == (1, 1)

    driver.execute_script("window.__arm()")
    type_password(driver, "key.enc.pem", "wrong password")
    wait_for(driver, lambda d: "key.enc.pem" in seen(d), 20, "the wrong password")
    assert seen(driver)["key.enc.pem"]["outcome"] == "failed"
    assert (reads_of(driver, "key.enc.pem"), reads_of(driver, "cert.pem")) == (2, 1)
    progress = driver.execute_script("return window.__progress")
    assert progress and all(p == "Reading “key.enc.pem”… 1 of 1" for p in progress), progress

    driver.execute_script("window.__arm()")
    type_password(driver, "key.enc.pem", "right horse battery")
    wait_for(driver, lambda d: "key.enc.pem" in seen(d), 20, "the right password")
    assert seen(driver)["key.enc.pem"]["outcome"] == "read"
    assert (reads_of(driver, "key.enc.pem"), reads_of(driver, "cert.pem")) == (3, 1)
    wait_for(driver, ready_sets, 20, "the unlocked key grouped with the certificate read before")
    record("key.enc.pem unlocked (openssl defaults) from Enter", seen(driver)["key.enc.pem"]["ms"])
    assert console_errors(driver) == []
