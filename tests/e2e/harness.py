"""Shared pieces for driving the real built console in headless Chromium.

Used by the end-to-end tests and by the benchmark: a static file server for dist/ that records
every request it receives, a Chromium/ChromeDriver session configured as the project needs it,
and readers for the browser's network log.
"""
from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import re
import shutil
import socketserver
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("FLOWKEYS_DIST", ROOT / "dist"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def csp_from_index() -> str:
    """The policy the page declares in its meta tag, so the server can send it as a header too
    (as the README's CloudFront set-up does), which also covers the worker scripts."""
    html = (DIST / "index.html").read_text()
    m = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert m, "dist/index.html has no Content-Security-Policy meta tag"
    return m.group(1) + "; frame-ancestors 'none'"


def served_headers() -> dict[str, str]:
    """What deploy/hosting.yaml's CloudFront sends (tests/deploy checks the template says so)."""
    return {"Content-Security-Policy": csp_from_index(), "X-Content-Type-Options": "nosniff"}


class RecordingServer:
    """Serves a directory (dist/ by default) on 127.0.0.1, a secure context, with the given
    response headers (by default what the recommended hosting sends: see `served_headers`),
    and records every request path."""

    def __init__(self, root: Path = DIST, headers: dict[str, str] | None = None,
                 delays: dict[str, float] | None = None, unavailable: dict[str, int] | None = None):
        """`delays` holds seconds to wait before answering a path (a slow network for one file);
        `unavailable`, how many requests for a path are answered 503 before it is served."""
        failures = dict(unavailable or {})
        self.root = root
        self.requests: list[str] = []
        extra = served_headers() if headers is None else headers
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {
                **http.server.SimpleHTTPRequestHandler.extensions_map,
                ".wasm": "application/wasm",
                ".js": "text/javascript",
                ".css": "text/css",
            }

            def __init__(self, *a, **kw):
                super().__init__(*a, directory=str(root), **kw)

            def end_headers(self):
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def do_GET(self):
                requests.append(self.path)
                time.sleep((delays or {}).get(self.path, 0))
                if failures.get(self.path, 0) > 0:
                    failures[self.path] -= 1
                    self.send_error(503, "Service Unavailable")
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def static_files() -> set[str]:
    """Every file the build produced, as URL paths."""
    return {"/" + p.relative_to(DIST).as_posix() for p in DIST.rglob("*") if p.is_file()} | {"/"}


@contextlib.contextmanager
def chromium(download_dir: Path | None = None, extra_flags: tuple[str, ...] = ()):
    """A headless Chromium session with the flags this machine needs, and a fresh profile
    (`extra_flags`: e.g. host-resolver rules for a test that needs a non-loopback host name)."""
    profile = tempfile.mkdtemp(prefix="flowkeys-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        f"--user-data-dir={profile}", "--window-size=1280,1600", *extra_flags,
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    prefs = {"profile.default_content_setting_values.clipboard": 1}
    if download_dir is not None:
        prefs.update({"download.default_directory": str(download_dir), "download.prompt_for_download": False})
    opts.add_experimental_option("prefs", prefs)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download.
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    try:
        # The browser opens its own new-tab page at start; leave it and drain its log entries so
        # that every request recorded afterwards is one the console caused.
        driver.get("about:blank")
        driver.get_log("performance")
        driver.get_log("browser")
        yield driver
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def network_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (from the DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def console_errors(driver) -> list[str]:
    """SEVERE console messages (CSP violations and uncaught errors land here)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait_for(driver, predicate, timeout=60.0, what="condition"):
    """Poll `predicate` until it is truthy. The console re-renders whole lists when an answer
    arrives, so an element found on one poll may be gone by the next read: a stale element means
    "not settled yet" and the poll goes on (it is still a failure if nothing settles in time)."""
    return WebDriverWait(driver, timeout, poll_frequency=0.05,
                         ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: predicate(d), message=f"timed out waiting for {what}")


def by_id(driver, element_id: str):
    return driver.find_element(By.ID, element_id)


def set_text(driver, element_id: str, value: str) -> None:
    """Replace an input's text the way a user would (select all, type)."""
    el = by_id(driver, element_id)
    el.click()
    driver.execute_script("arguments[0].select()", el)
    el.send_keys("\ue003" if value == "" else value)  # Backspace clears the selection
    if value == "":
        assert el.get_attribute("value") == ""


def paste(driver, element, text: str) -> None:
    """Puts `text` into a text field as a paste does: the value, then `input` and `change`."""
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, text)


FIRST_SCREEN_OBSERVER = """
new MutationObserver((_, obs) => {
  if (document.querySelector('#tab-keys-panel button[type=submit]')) {
    window.__firstScreen = performance.now(); obs.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


def open_console_timed(driver, server: RecordingServer) -> tuple[float, list[str]]:
    """Opens the console in `driver` (a fresh one: the observer is installed for every later
    document too) and returns when its first screen was usable — the Keys screen's Generate
    button in the document, in ms from navigation start — and the files fetched before then."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_SCREEN_OBSERVER})
    driver.get(server.origin + "/")
    wait_for(driver, lambda d: d.execute_script("return window.__firstScreen !== undefined"), 30, "the first screen")
    first_screen = driver.execute_script("return window.__firstScreen")
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.startTime < window.__firstScreen)"
        ".map(e => new URL(e.name).pathname.slice(1))")
    return first_screen, fetched


def open_console(driver, server: RecordingServer) -> None:
    driver.get(server.origin + "/")
    wait_for(driver, lambda d: d.find_elements(By.ID, "generate-status"), 30, "the console to start")


def short_fingerprint(public_key_pem: str) -> str:
    """The first 8 hex digits of the SHA-256 of a public key's SPKI DER: the part of every
    download and command file name that tells key sets apart."""
    import base64
    import hashlib
    body = "".join(line for line in public_key_pem.strip().splitlines() if not line.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)).hexdigest()[:8]


def file_stem(public_key_pem: str, common_name: str = "amazon-connect-secure-input") -> str:
    """`<common name>-<short fingerprint>`: the stem of a key set's file names."""
    return f"{common_name}-{short_fingerprint(public_key_pem)}"


def confirm_loss(driver) -> None:
    """Answers the in-page "this could lose a private key" question with yes (issue 9 point 6)."""
    wait_for(driver, lambda d: d.find_elements(By.ID, "confirm-yes"), 10, "the confirmation")
    by_id(driver, "confirm-yes").click()


def ensure_checked(checkbox) -> None:
    """Ticks a checkbox unless it is ticked already (entering a Key ID marks a set registered)."""
    if not checkbox.is_selected():
        checkbox.click()


def drop_files(driver, target, files, arm=False) -> None:
    """Drops files onto an element the way a browser does: a `drop` event whose DataTransfer
    carries File objects (WebDriver cannot drag from the desktop). With `arm`, the page's
    `window.__arm()` starts its clock right before the drop, after the test built the files."""
    payload = [{"name": name, "b64": base64.b64encode(data).decode()} for name, data in files]
    driver.execute_script(
        """const [target, files, arm] = arguments;
        const dt = new DataTransfer();
        for (const f of files) {
          const bytes = Uint8Array.from(atob(f.b64), c => c.charCodeAt(0));
          dt.items.add(new File([bytes], f.name));
        }
        if (arm) window.__arm();
        target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));""",
        target, payload, arm)


def active_id(driver) -> str | None:
    return driver.execute_script("return document.activeElement && document.activeElement.id")


def generate_key_set(driver, bits: int = 2048, timeout: float = 90) -> str:
    """Chooses a key size on the Keys screen, presses Generate and waits for the key set; returns
    the status line. A failed generation fails the test with the console's message."""
    by_id(driver, f"size-{bits}").click()
    driver.find_element(By.CSS_SELECTOR, "#tab-keys-panel button[type=submit]").click()
    status = by_id(driver, "generate-status")
    wait_for(driver, lambda d: status.get_attribute("data-phase") in ("done", "failed"), timeout, f"a {bits}-bit key set")
    assert status.get_attribute("data-phase") == "done", status.text
    return status.text


def await_key_set_focus(driver) -> None:
    """The new key set's heading takes focus: wait for it before typing anywhere (briefly, so
    defect tests still reach their own assertions on a build that does not move focus)."""
    with contextlib.suppress(TimeoutException):
        wait_for(driver, lambda d: active_id(d) == "step2-title", 3, "focus on the new key set")


def key_set_with_key_id(driver, key_id: str) -> str:
    """Generates a 2048-bit key set, enters its Key ID, and returns its private key PEM (revealed
    and hidden again)."""
    generate_key_set(driver, 2048, 60)
    by_id(driver, "key-id").send_keys(key_id)
    driver.find_element(By.CSS_SELECTOR, "button.reveal").click()
    private = by_id(driver, "private-key-pem").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "button.reveal").click()
    return private
