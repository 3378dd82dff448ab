#!/usr/bin/env python3
"""Flowkeys benchmark (not a test): speed and size, side by side with reference tools on this machine.

- RSA key generation through the console's real code paths in headless Chromium (WebCrypto path
  and pure-Rust wasm-worker path, separately), next to `openssl genpkey`, as ratios;
- the longest main-thread task during a 4096-bit generation (Long Tasks API);
- the size of the built .wasm and .js files (raw, gzip, brotli);
- flow lint: a 250-action flow natively (next to parsing the same text with serde_json) and in
  the page (next to the native figure and to `JSON.parse` of the same text in the same page),
  and `flowkeys lint` over a folder of 1000 flows made from the corpus (next to Python's
  `json.load` and `jq empty` over the same files).

- first load: what the page fetches before its first screen is interactive (raw, gzip, brotli)
  and the time to get there; click (or paste) → result in the page for inspect, decrypt,
  preview and import.

Usage: scripts/bench.sh [RUNS] [--lint-only | --ui-only | --keygen-only]   (builds dist/ first;
RUNS defaults to 7; --lint-only runs just the flow-lint figures, --ui-only just the first-load and
click → result figures, --keygen-only RUNS interleaved pairs of 4096-bit generation, console
click → key set against `openssl genpkey`)
"""
import gzip
import json
import os
import platform
import shutil
import tempfile
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from selenium.webdriver.common.by import By  # noqa: E402

import harness  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
LINT_ONLY = "--lint-only" in sys.argv[1:]
UI_ONLY = "--ui-only" in sys.argv[1:]
KEYGEN_ONLY = "--keygen-only" in sys.argv[1:]
RUNS = int(ARGS[0]) if ARGS else 7

LONGTASK_OBSERVER = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({type: 'longtask'});
"""


def median_ms(samples):
    return statistics.median(samples)


def openssl_keygen(bits):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"],
                       check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return times


def console_keygen(driver, bits, method):
    """Generate through the UI; returns (keygen ms inside the worker, click-to-result ms, longest main-thread task ms)."""
    harness.by_id(driver, f"size-{bits}").click()
    adv = driver.find_element(By.CSS_SELECTOR, "details.advanced")
    if not adv.get_attribute("open"):
        adv.find_element(By.TAG_NAME, "summary").click()
    harness.by_id(driver, f"method-{method}").click()
    driver.execute_script(LONGTASK_OBSERVER)
    t = time.perf_counter()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = harness.by_id(driver, "generate-status")
    harness.wait_for(driver, lambda d: status.get_attribute("data-phase") in ("done", "failed"), 120, "key generation")
    wall = (time.perf_counter() - t) * 1000
    assert status.get_attribute("data-phase") == "done", status.text
    assert status.get_attribute("data-method") == method
    longest = driver.execute_script("return Math.max(0, ...window.__longTasks)")
    return float(status.get_attribute("data-keygen-ms")), wall, longest


def make_4096_key(tmp: Path):
    subprocess.run(["openssl", "req", "-x509", "-sha256", "-nodes", "-newkey", "rsa:4096", "-keyout", str(tmp / "k.pem"),
                    "-days", "30", "-subj", "/CN=bench", "-out", str(tmp / "c.pem")], check=True, capture_output=True)
    return tmp / "c.pem", tmp / "k.pem"


def native_esdk(cert, key):
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(["cargo", "run", "-q", "--release", "-p", "flowkeys-esdk", "--example", "bench_connect", "--",
                          str(cert), str(key), str(RUNS * 3)], check=True, capture_output=True, text=True, cwd=root).stdout
    vals = dict(kv.split("=") for kv in out.split())
    return float(vals["encrypt_ms"]), float(vals["decrypt_ms"])


def python_sdk(cert, key):
    import aws_encryption_sdk
    from aws_encryption_sdk import CommitmentPolicy
    from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm
    from aws_encryption_sdk.key_providers.raw import RawMasterKey, WrappingKey
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pub = x509.load_pem_x509_certificate(cert.read_bytes()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    key_pem = key.read_bytes()
    key_id = b"4cdb826a-24c9-443d-b78b-327c817073ce"
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)

    def mk(pem, kind):
        return RawMasterKey(provider_id="AmazonConnect", key_id=key_id,
                            wrapping_key=WrappingKey(wrapping_algorithm=WrappingAlgorithm.RSA_OAEP_SHA512_MGF1,
                                                     wrapping_key=pem, wrapping_key_type=kind))
    enc, dec, warm = [], [], []
    loaded = mk(key_pem, EncryptionKeyType.PRIVATE)
    for _ in range(RUNS * 3):
        t = time.perf_counter()
        ct, _ = client.encrypt(source=b"4111111111111111", key_provider=mk(pub, EncryptionKeyType.PUBLIC),
                               algorithm=Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, frame_length=4096)
        enc.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        pt, _ = client.decrypt(source=ct, key_provider=mk(key_pem, EncryptionKeyType.PRIVATE))
        dec.append((time.perf_counter() - t) * 1000)
        assert pt == b"4111111111111111"
        t = time.perf_counter()
        client.decrypt(source=ct, key_provider=loaded)
        warm.append((time.perf_counter() - t) * 1000)
    return median_ms(enc), median_ms(dec), median_ms(warm)


def browser_preview(driver):
    """4096-bit key set through the UI, then the Preview screen's encrypt + decrypt, RUNS*3 times."""
    harness.by_id(driver, "tab-keys").click()
    harness.by_id(driver, "size-4096").click()
    harness.by_id(driver, "method-webcrypto").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = harness.by_id(driver, "generate-status")
    harness.wait_for(driver, lambda d: status.get_attribute("data-phase") == "done", 120, "4096-bit key set")
    harness.set_text(driver, "key-id", "4cdb826a-24c9-443d-b78b-327c817073ce")
    harness.by_id(driver, "tab-preview").click()
    enc, dec = [], []
    last = None
    for _ in range(RUNS * 3):
        driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
        harness.wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext")
                         and harness.by_id(d, "preview-ciphertext").get_attribute("value") != last, 20, "preview")
        last = harness.by_id(driver, "preview-ciphertext").get_attribute("value")
        timing = harness.by_id(driver, "preview-timing")
        assert harness.by_id(driver, "round-trip").text.startswith("Round trip OK")
        enc.append(float(timing.get_attribute("data-encrypt-ms")))
        dec.append(float(timing.get_attribute("data-decrypt-ms")))
    return median_ms(enc), median_ms(dec)


ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "crates" / "flowkeys-connect" / "tests" / "corpus"


def target_dir() -> Path:
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], check=True,
                          capture_output=True, text=True, cwd=ROOT).stdout
    return Path(json.loads(meta)["target_directory"])


def native_lint(flow_path: Path) -> dict:
    """The engine's lint_bench example: writes the 250-action flow it times to `flow_path`."""
    out = subprocess.run(["cargo", "run", "-q", "--release", "-p", "flowkeys-connect", "--example", "lint_bench", "--",
                          "--write-flow", str(flow_path)], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return {k: float(v) for k, v in (kv.split("=") for kv in out.strip().splitlines()[-1].split())}


# Times from the input event to the rendered result heading, inside the page (no WebDriver
# round trip in the figure). Resolves with [lint ms, JSON.parse ms of the same text, headline].
PAGE_LINT = """
const [text, done] = [arguments[0], arguments[arguments.length - 1]];
const box = document.getElementById('lint-input');
const t0 = performance.now();
const obs = new MutationObserver(() => {
  const h = document.getElementById('lint-result-title');
  if (h && h.textContent.trim()) {
    const t1 = performance.now();
    obs.disconnect();
    const p0 = performance.now(); JSON.parse(text); const p1 = performance.now();
    done([t1 - t0, p1 - p0, h.textContent]);
  }
});
obs.observe(document.body, {subtree: true, childList: true, characterData: true});
box.value = text;
box.dispatchEvent(new Event('input'));
"""

# The same, from choosing the file in the file input (read, lint, render).
PAGE_FILE_ARM = """
window.__lintFile = null;
const input = document.getElementById('lint-file');
input.addEventListener('change', () => {
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    const h = document.getElementById('lint-result-title');
    if (h && h.textContent.trim()) { obs.disconnect(); window.__lintFile = performance.now() - t0; }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
}, {once: true, capture: true});
"""


def clear_lint(driver):
    box = harness.by_id(driver, "lint-input")
    driver.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box)
    harness.wait_for(driver, lambda d: not d.find_elements(By.ID, "lint-result"), 10, "cleared lint result")


def page_lint(driver, flow_path: Path):
    """The 250-action flow linted in the real build: pasted (in-page timer), and chosen as a file."""
    text = flow_path.read_text()
    harness.by_id(driver, "tab-flow").click()
    driver.set_script_timeout(60)
    pasted, parsed, headline = [], [], ""
    for _ in range(RUNS * 3):
        clear_lint(driver)
        ms, parse_ms, headline = driver.execute_async_script(PAGE_LINT, text)
        pasted.append(ms)
        parsed.append(parse_ms)
    chosen = []
    for _ in range(RUNS):
        clear_lint(driver)
        driver.execute_script(PAGE_FILE_ARM)
        harness.by_id(driver, "lint-file").send_keys(str(flow_path))
        harness.wait_for(driver, lambda d: d.execute_script("return window.__lintFile") is not None, 60, "file lint")
        chosen.append(driver.execute_script("return window.__lintFile"))
    return (median_ms(pasted), median_ms(parsed), median_ms(chosen), headline), (min(pasted), min(chosen))


def flow_folder(folder: Path, count: int = 1000) -> int:
    """`count` flow files made from the corpus's JSON flows (rules engine, GitLab CI/CD samples),
    each a variant: its own flow name (metadata or describe-contact-flow `Name`), and alternately
    compact and indented. Returns how many distinct corpus files were used."""
    sources = []
    for path in sorted(CORPUS.rglob("*.json")):
        doc = json.loads(path.read_text())
        if isinstance(doc, dict) and any(k in doc for k in ("Actions", "ContactFlow", "ContactFlowModule", "Content")):
            sources.append((path.stem, doc))
    for i in range(count):
        stem, doc = sources[i % len(sources)]
        doc = json.loads(json.dumps(doc))
        if isinstance(doc.get("Metadata"), dict):
            doc["Metadata"]["name"] = f"{stem} variant {i}"
        if isinstance(doc.get("Name"), str):
            doc["Name"] = f"{doc['Name']} variant {i}"
        (folder / f"{i:04d}-{stem}.json").write_text(json.dumps(doc, indent=2 if i % 2 else None))
    return len(sources)


def timed(cmd, runs, **kw):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
        times.append((time.perf_counter() - t) * 1000)
    return median_ms(times)


def cli_folder(folder: Path):
    """`flowkeys lint` (release) over the folder, next to json.load and jq over the same files."""
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "flowkeys-cli"], check=True, cwd=ROOT)
    cli = target_dir() / "release" / "flowkeys"
    out = subprocess.run([str(cli), "lint", "--format", "json", "--fail-on", "never", str(folder)],
                         check=True, capture_output=True, text=True).stdout
    flows = out.count('"verdict"')
    lint = timed([str(cli), "lint", "--format", "json", "--fail-on", "never", str(folder)], RUNS)
    text = timed([str(cli), "lint", "--fail-on", "never", str(folder)], RUNS)
    py = timed([sys.executable, "-c", "import json,os,sys; d=sys.argv[1]; "
                "[json.load(open(os.path.join(d, f))) for f in sorted(os.listdir(d))]", str(folder)], RUNS)
    files = sorted(str(p) for p in folder.iterdir())
    jq = timed(["jq", "empty", *files], RUNS) if shutil.which("jq") else None
    return flows, lint, text, py, jq


# Times, inside the page, from an action to the first moment a predicate holds: a
# MutationObserver checks after every DOM change, and a 1 ms timer catches property changes
# (a textarea's value), so no WebDriver round trip is in the figure.
TIME_UNTIL = """
const [action, predicate, timeoutMs, done] = arguments;
const act = new Function(action), holds = new Function('return (' + predicate + ');');
let finished = false, obs, timer;
const finish = (ms) => { if (finished) return; finished = true; obs.disconnect(); clearInterval(timer); done(ms); };
const t0 = performance.now();
const check = () => { try { if (holds()) finish(performance.now() - t0); } catch (e) {} };
obs = new MutationObserver(check);
obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
timer = setInterval(check, 1);
setTimeout(() => finish(-1), timeoutMs);
act();
check();
"""


def time_until(driver, action: str, predicate: str, timeout_ms: int = 30000) -> float:
    driver.set_script_timeout(timeout_ms / 1000 + 5)
    ms = driver.execute_async_script(TIME_UNTIL, action, predicate, timeout_ms)
    if ms < 0:
        raise AssertionError(f"timed out waiting for {predicate}")
    return ms


PASTE = ("const el = document.getElementById('{id}'); el.value = {text}; "
         "el.dispatchEvent(new Event('input', {{bubbles: true}})); el.dispatchEvent(new Event('change', {{bubbles: true}}));")


def paste_js(element_id: str, text: str) -> str:
    return PASTE.format(id=element_id, text=json.dumps(text))


def first_load(server):
    """A fresh profile per run: navigation start → the Keys screen's Generate button is in the
    document (the app mounted: the page module compiled and its first view rendered), and what
    was fetched by then."""
    files = sorted(f.name for f in harness.DIST.iterdir() if f.is_file())
    marks, fetched = [], {"index.html"}
    for _ in range(RUNS):
        with harness.chromium() as driver:
            mark, names = harness.open_console_timed(driver, server)
            marks.append(mark)
            fetched |= {n for n in names if n in files}
    sizes_of = [compressed(harness.DIST / name) for name in sorted(fetched)]
    total = [sum(s[i] for s in sizes_of) for i in range(3)]
    return median_ms(marks), sorted(fetched), total


def ui_timings(driver):
    """Click (or paste) → result rendered, for inspect, decrypt, preview and import; 4096-bit key."""
    out = {}
    # The longest main-thread task (Long Tasks API: tasks over 50 ms) during each operation's runs.
    longest = {}
    driver.execute_script(LONGTASK_OBSERVER)

    def since_last(name):
        longest[name] = driver.execute_script("const m = Math.max(0, ...window.__longTasks); window.__longTasks = []; return m")

    out["longest"] = longest
    real = json.loads((ROOT / "crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json").read_text())
    # Inspect with no key set loaded: the message is read and shown, nothing is decrypted.
    harness.by_id(driver, "tab-inspect").click()
    inspect = []
    clear = paste_js("ciphertext-input", "")
    for i in range(RUNS * 3):
        driver.execute_script(clear)
        inspect.append(time_until(driver, paste_js("ciphertext-input", real["ciphertext_b64"] + " " * (i % 2)),
                                  "document.getElementById('inspected-title')"))
    out["inspect"] = inspect
    since_last("inspect")
    harness.by_id(driver, "tab-keys").click()
    harness.generate_key_set(driver, 4096, 120)
    since_last("generate")
    harness.set_text(driver, "key-id", "4cdb826a-24c9-443d-b78b-327c817073ce")
    harness.by_id(driver, "tab-preview").click()
    submit = "document.querySelector('#tab-preview-panel button[type=submit]').click();"
    preview, last = [], None
    for _ in range(RUNS * 3):
        before = json.dumps(last or "")
        preview.append(time_until(driver, submit,
            f"document.getElementById('preview-ciphertext') && document.getElementById('preview-ciphertext').value !== {before}"
            " && document.getElementById('round-trip').textContent.startsWith('Round trip OK')"))
        last = harness.by_id(driver, "preview-ciphertext").get_attribute("value")
    out["preview"] = preview
    since_last("preview")
    harness.by_id(driver, "tab-inspect").click()
    decrypt = []
    for i in range(RUNS * 3):
        driver.execute_script(clear)
        decrypt.append(time_until(driver, paste_js("ciphertext-input", last + " " * (i % 2)),
                                  "document.getElementById('opened-by')"))
    out["decrypt"] = decrypt
    since_last("decrypt")
    # A new key pair per run: the same files pasted again would show the same set, unchanged.
    pems = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            subprocess.run(["openssl", "req", "-x509", "-sha256", "-newkey", "rsa:4096", "-nodes", "-keyout", "k.pem",
                            "-out", "c.pem", "-days", "365", "-subj", f"/CN=bench-{i}"], cwd=tmp, check=True,
                           capture_output=True)
            pems.append((Path(tmp) / "k.pem").read_text() + (Path(tmp) / "c.pem").read_text())
    harness.by_id(driver, "tab-keys").click()
    imports = []
    for i in range(RUNS):
        driver.execute_script(paste_js("import-paste", ""))
        # Each run's key pair has its own name, so only this run's set counts (the screen
        # updates the previous set's card in place).
        imports.append(time_until(driver, paste_js("import-paste", pems[i]),
            "[...document.querySelectorAll('section.imported-set')].some(s => s.querySelector('h3').textContent === "
            f"'CN=bench-{i}' && s.querySelector('.checklist') && s.querySelector('.checklist').dataset.readiness === 'ready')"))
    out["import"] = imports
    since_last("import")
    return out


def keygen_interleaved(bits: int = 4096):
    """The generation goal as the issue states it: click → usable key set (outputs shown) on
    the default path, against `openssl genpkey` alone, one of each in turn (RUNS pairs), so
    both see the same machine state. Key generation is a random prime search: use many runs."""
    console, openssl, webcrypto, worker = [], [], [], []
    with harness.RecordingServer() as server, harness.chromium() as driver:
        harness.open_console(driver, server)
        harness.by_id(driver, f"size-{bits}").click()
        # One generation first: the worker's module is compiled after the first screen, and the
        # goal is about a click on a console that is up.
        harness.generate_key_set(driver, bits, 120)
        for _ in range(RUNS):
            previous = json.dumps(harness.by_id(driver, "public-key-pem").get_attribute("value"))
            t = time.perf_counter()
            subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"],
                           check=True, capture_output=True)
            openssl.append((time.perf_counter() - t) * 1000)
            console.append(time_until(
                driver, "document.querySelector('#tab-keys-panel button[type=submit]').click();",
                "document.getElementById('generate-status').dataset.phase === 'done'"
                f" && document.getElementById('public-key-pem').value !== {previous}",
                120000))
            status = harness.by_id(driver, "generate-status")
            assert status.get_attribute("data-method") == "webcrypto"
            webcrypto.append(float(status.get_attribute("data-keygen-ms")))
            worker.append(float(status.get_attribute("data-total-ms")))
    q = lambda xs: statistics.quantiles(xs, n=4)  # noqa: E731
    print(f"## {bits}-bit generation, click → key set shown vs `openssl genpkey`, interleaved, {RUNS} pairs")
    print("| | median | quartiles |")
    print("|---|---|---|")
    print(f"| `openssl genpkey` | {median_ms(openssl):.0f} ms | {q(openssl)[0]:.0f} – {q(openssl)[2]:.0f} ms |")
    print(f"| console, Generate click → key set shown (WebCrypto path) | {median_ms(console):.0f} ms | "
          f"{q(console)[0]:.0f} – {q(console)[2]:.0f} ms |")
    print(f"| of which WebCrypto's key, exported and read by the engine (in the worker) | {median_ms(webcrypto):.0f} ms | "
          f"{q(webcrypto)[0]:.0f} – {q(webcrypto)[2]:.0f} ms |")
    print(f"| of which the worker's whole answer (key, certificate, self-check) | {median_ms(worker):.0f} ms | "
          f"{q(worker)[0]:.0f} – {q(worker)[2]:.0f} ms |")
    print(f"Ratio of medians: **{median_ms(console) / median_ms(openssl):.2f}×** (goal ≤ 0.6×).")


def print_ui(load, timings):
    ms, fetched, (raw, gz, br) = load
    print("## First load and click → result (in the page, real build)")
    print(f"Fetched before the first screen is interactive: {', '.join(fetched)} — "
          f"{raw / 1000:.0f} KB raw, {gz / 1000:.0f} KB gzip -9, **{br / 1000:.0f} KB brotli 11** (goal ≤ 300 KB).")
    print()
    print("| what | median (fastest) | goal |")
    print("|---|---|---|")
    print(f"| navigation start → first screen interactive (localhost, fresh profile, {RUNS} runs) | "
          f"{ms:.0f} ms | < 300 ms |")
    goals = {"inspect": "< 60 ms", "decrypt": "—", "preview": "< 150 ms", "import": "—"}
    names = {
        "inspect": "paste a Connect message → what it holds shown (no key set loaded)",
        "decrypt": "paste a message for the loaded 4096-bit key → decrypted",
        "preview": "Encrypt as Connect would → ciphertext and round trip shown (4096-bit)",
        "import": "paste a 4096-bit key and certificate → checked key set shown",
    }
    for k in ("inspect", "decrypt", "preview", "import"):
        v = timings[k]
        print(f"| {names[k]} ({len(v)} runs) | {median_ms(v):.0f} ms ({min(v):.0f}) | {goals[k]} |")
    longest = ", ".join(f"{k} {v:.0f} ms" for k, v in timings["longest"].items())
    print(f"\nLongest main-thread task during all of each operation's runs (Long Tasks API, which reports "
          f"tasks over 50 ms; 0 = none; goal: none): {longest}.")


def compressed(path: Path) -> tuple[int, int, int | None]:
    """A file's size raw, with `gzip -9` and with brotli 11 (None without the brotli module)."""
    try:
        import brotli
    except ImportError:
        brotli = None
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11)) if brotli else None


def sizes():
    return [(f.name, *compressed(f)) for f in sorted(harness.DIST.iterdir()) if f.suffix in (".wasm", ".js")]


def print_sizes():
    """Every built .wasm and .js; then the largest worker module (a module with its own glue
    file: the page's glue is inside boot.js) against its goal."""
    table = sizes()
    print("## Build size (bytes)")
    print("| file | raw | gzip -9 | brotli 11 |")
    print("|---|---|---|---|")
    for name, raw, gz, br in table:
        print(f"| {name} | {raw} | {gz} | {br if br is not None else 'n/a'} |")
    # A worker module is its glue and its wasm (what loading it fetches), as tests/e2e/test_size.py
    # budgets it.
    brotli_of = {name: br for name, raw, gz, br in table}
    workers = [(name[: -len("_bg.wasm")], br + brotli_of[name.replace("_bg.wasm", ".js")])
               for name, raw, gz, br in table
               if name.endswith("_bg.wasm") and br is not None and brotli_of.get(name.replace("_bg.wasm", ".js"))]
    if workers:
        name, br = max(workers, key=lambda w: w[1])
        print(f"\nLargest worker module: {name} (glue and wasm), {br / 1000:.0f} KB brotli 11 (goal: each ≤ 300 KB).")


def main():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    chromium = subprocess.run([harness.CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    print(f"# Flowkeys benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; {chromium}; {ossl}; runs per figure: {RUNS} (medians)")
    print()
    if LINT_ONLY:
        lint_only()
        return
    if KEYGEN_ONLY:
        keygen_interleaved()
        return
    if UI_ONLY:
        with harness.RecordingServer() as server:
            load = first_load(server)
            with harness.chromium() as driver:
                harness.open_console(driver, server)
                timings = ui_timings(driver)
        print_ui(load, timings)
        print()
        print_sizes()
        return
    results = {}
    with harness.RecordingServer() as server, harness.chromium() as driver:
        harness.open_console(driver, server)
        for bits in (2048, 4096):
            for method in ("webcrypto", "rust"):
                samples = [console_keygen(driver, bits, method) for _ in range(RUNS)]
                results[(bits, method)] = samples
        browser_crypto = browser_preview(driver)
        load = first_load(server)
    with harness.RecordingServer() as server, harness.chromium() as driver:
        harness.open_console(driver, server)
        timings = ui_timings(driver)
        lint_tmp = Path(tempfile.mkdtemp(prefix="flowkeys-lint-bench-"))
        flow_path = lint_tmp / "flow-250.json"
        native = native_lint(flow_path)
        in_page = page_lint(driver, flow_path)
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = make_4096_key(Path(tmp))
        native_crypto = native_esdk(cert, key)
        python_crypto = python_sdk(cert, key)
    folder = lint_tmp / "flows"
    folder.mkdir()
    used = flow_folder(folder)
    cli = cli_folder(folder)
    shutil.rmtree(lint_tmp, ignore_errors=True)
    print("## RSA key generation (ms, median)")
    print("| bits | openssl genpkey | console WebCrypto path | ratio | console pure-Rust worker | ratio | click→key set (WebCrypto / Rust) |")
    print("|---|---|---|---|---|---|---|")
    for bits in (2048, 4096):
        o = median_ms(openssl_keygen(bits))
        w = median_ms([s[0] for s in results[(bits, "webcrypto")]])
        r = median_ms([s[0] for s in results[(bits, "rust")]])
        ww = median_ms([s[1] for s in results[(bits, "webcrypto")]])
        rw = median_ms([s[1] for s in results[(bits, "rust")]])
        print(f"| {bits} | {o:.0f} | {w:.0f} | {w / o:.2f}× | {r:.0f} | {r / o:.2f}× | {ww:.0f} / {rw:.0f} |")
    print()
    print("## Longest main-thread task during generation (ms; the Long Tasks API reports tasks over 50 ms, 0 = none)")
    for bits in (2048, 4096):
        for method in ("webcrypto", "rust"):
            print(f"- {bits}-bit, {method}: {max(s[2] for s in results[(bits, method)]):.0f}")
    print()
    print(f"## Connect-profile encryption of a 16-digit card number, 4096-bit RSA (ms, median of {RUNS * 3})")
    print("Decrypt includes loading the private key, as the console and a cold Lambda do.")
    print("| | encrypt | decrypt (loading the key) | vs Python SDK |")
    print("|---|---|---|---|")
    for name, (e, d) in (("official Python SDK 4.0.7", python_crypto[:2]), ("engine, native (release)", native_crypto),
                         ("console in Chromium (wasm, Preview screen)", browser_crypto)):
        print(f"| {name} | {e:.1f} | {d:.1f} | {d / python_crypto[1]:.2f}× |")
    print(f"Python SDK decrypt with the key already loaded (a warm Lambda): {python_crypto[2]:.1f} ms "
          f"(the console always loads the key: {browser_crypto[1] / python_crypto[2]:.2f}× that).")
    print()
    print_ui(load, timings)
    print()
    print_lint(native, in_page, used, cli)
    print()
    print_sizes()


def lint_only():
    lint_tmp = Path(tempfile.mkdtemp(prefix="flowkeys-lint-bench-"))
    try:
        flow_path = lint_tmp / "flow-250.json"
        native = native_lint(flow_path)
        with harness.RecordingServer() as server, harness.chromium() as driver:
            harness.open_console(driver, server)
            in_page = page_lint(driver, flow_path)
        folder = lint_tmp / "flows"
        folder.mkdir()
        used = flow_folder(folder)
        print_lint(native, in_page, used, cli_folder(folder))
    finally:
        shutil.rmtree(lint_tmp, ignore_errors=True)


def print_lint(native, in_page, used, cli):
    (page_ms, parse_ms, file_ms, headline), (page_min, file_min) = in_page
    flows, lint_ms, text_ms, py_ms, jq_ms = cli
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"## Flow lint (ms, medians with the fastest run in brackets; load average {load} on "
          f"{os.cpu_count()} cores; the 250-action flow's verdict in the page: “{headline}”)")
    print("| what | time | goal | reference (same run) | ratio |")
    print("|---|---|---|---|---|")
    print(f"| 250-action flow, engine native (release, 50 runs) | {native['lint_ms']:.2f} ({native['lint_min_ms']:.2f}) | < 20 | "
          f"serde_json parse of the same text {native['parse_ms']:.3f} | {native['lint_ms'] / native['parse_ms']:.0f}× |")
    print(f"| same flow in the page, paste → result heading rendered ({RUNS * 3} runs) | {page_ms:.1f} ({page_min:.1f}) | < 100 | "
          f"engine native {native['lint_ms']:.2f} | {page_ms / native['lint_ms']:.1f}× |")
    print(f"| same flow in the page, JSON.parse of its text | {parse_ms:.2f} | | | |")
    print(f"| same flow in the page, file chosen → result heading ({RUNS} runs) | {file_ms:.1f} ({file_min:.1f}) | < 100 | "
          f"paste → result {page_ms:.1f} | {file_ms / page_ms:.2f}× |")
    jq_cell = f"jq empty {jq_ms:.0f}" if jq_ms is not None else "jq not installed"
    jq_ratio = f"; {lint_ms / jq_ms:.1f}× jq" if jq_ms is not None else ""
    print(f"| `flowkeys lint --format json` over 1000 flow files ({flows} flows, variants of {used} corpus flows) | "
          f"{lint_ms:.0f} | | python3 json.load {py_ms:.0f}; {jq_cell} | {lint_ms / py_ms:.1f}× json.load{jq_ratio} |")
    print(f"| same, text output | {text_ms:.0f} | | python3 json.load {py_ms:.0f} | {text_ms / py_ms:.1f}× |")
    print(f"(engine alone, 1000 small flows through the source reader without I/O: {native['source_1000_ms']:.0f} ms)")


if __name__ == "__main__":
    main()
