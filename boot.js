// Starts the console — or refuses to. A separate file (not an inline script) so the
// Content-Security-Policy can forbid inline scripts outright; index.html pins it by SHA-384.
//
// Nothing of the console runs until each step has passed, in this order:
//  1. Inside a frame: stop. A framing page can overlay, restyle or click through the console
//     while the admin handles a private key (the CloudFront headers also send
//     frame-ancestors 'none'; this covers hosts that cannot send headers, like S3 websites).
//  2. Over plain HTTP: explain the risk and the safe alternatives, and wait for an explicit
//     acknowledgement. It is per visit on purpose (nothing is stored): the next visit may come
//     over a different network.
//  3. Load the file the first screen runs with the SHA-384 hash index.html was sealed with
//     (scripts/seal.py): the page module. The browser checks it (subresource integrity) before
//     it is compiled; a changed byte stops here with a message naming the file.
//  4. Start the console. The worker code is several modules (one per kind of work, see
//     flowkeys_protocol::Module); each module's files (its glue and its wasm) are loaded when
//     the console first asks for one of its workers, never before the first screen, and
//     checked the same way; a changed byte there removes the console and shows the same
//     refusal. Every worker is started from the verified bytes (a Blob URL for the glue, the
//     compiled wasm module posted to it), never from an unchecked URL; no worker runs before
//     both of its module's files have passed, and none can run if either fails.
//
// The offline edition (scripts/offline.py) runs this same file inlined in one HTML page: there the
// files come from data blocks of the page itself instead of the network.

/** A refusal whose message is meant for the admin as is. */
class StopError extends Error {}

const build = readBuild();

try {
  if (window.self !== window.top) {
    refuseFrame();
  } else {
    if (!window.isSecureContext) await acknowledgeInsecure();
    await start();
  }
} catch (error) {
  stop('Flowkeys did not start', [error instanceof StopError ? error.message : `Starting failed: ${error}. Reload the page; if this persists, use a copy you have verified (docs/VERIFY.md).`]);
}

function readBuild() {
  const block = document.getElementById('flowkeys-build');
  if (!block) throw new Error('This page carries no build information (index.html was not sealed by scripts/seal.py).');
  return JSON.parse(block.textContent);
}

/** Replaces the page with a notice; returns its <main> for more content. */
function notice(title, paragraphs, { role = 'alert', kind = 'stop' } = {}) {
  document.getElementById('boot-pending')?.remove();
  const main = document.createElement('main');
  main.className = `boot-notice boot-${kind}`;
  main.id = `boot-${kind}`;
  main.setAttribute('role', role);
  const h1 = document.createElement('h1');
  h1.textContent = title;
  main.append(h1);
  for (const text of paragraphs) {
    const p = document.createElement('p');
    p.textContent = text;
    main.append(p);
  }
  document.body.append(main);
  return main;
}

function stop(title, paragraphs) {
  for (const p of paragraphs) console.error(`Flowkeys: ${p}`);
  notice(title, paragraphs);
}

function refuseFrame() {
  const main = notice('Flowkeys does not run inside a frame', [
    'This console handles private keys. Inside a frame, the page around it could cover, restyle or click parts of it without you noticing, so it does not start here.',
  ]);
  const p = document.createElement('p');
  const a = document.createElement('a');
  a.href = window.location.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = 'Open Flowkeys in its own tab';
  p.append(a);
  main.append(p);
  console.error('Flowkeys: refused to run inside a frame.');
}

/** Resolves when the admin acknowledges the risk of plain HTTP for this visit. */
function acknowledgeInsecure() {
  const main = notice('This page came over plain HTTP', [
    'Anyone on the network path between you and this server — the Wi-Fi, a proxy, your provider — can change this page on its way to you, and a changed page can copy the private key you make or paste here. The integrity checks do not help against that: they arrive over the same unprotected connection. Without HTTPS the browser also withholds WebCrypto, so keys are made by the slower pure-Rust generator.',
    'Safer ways to use Flowkeys:',
  ], { role: 'region', kind: 'insecure' });
  const list = document.createElement('ul');
  const https = new URL(window.location.href);
  https.protocol = 'https:';
  https.port = '';
  const items = [
    ['Open the HTTPS address of this site, if it has one: ', https.href],
    ['Host it behind CloudFront with HTTPS only (deploy/hosting.yaml in the source).', null],
    ['Use the offline edition: one HTML file (flowkeys.html) you check against its published hash once and open from disk, on a machine without network.', null],
    ['Run it on your own machine: ./scripts/run.sh serves it at http://127.0.0.1:8080, which the browser treats as secure.', null],
  ];
  for (const [text, href] of items) {
    const li = document.createElement('li');
    li.textContent = text;
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = href;
      a.rel = 'noreferrer';
      li.append(a);
    }
    list.append(li);
  }
  main.append(list);
  const p = document.createElement('p');
  p.textContent = 'This choice is not saved: the warning comes back on every visit.';
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'insecure-continue';
  button.textContent = 'I understand the risk — continue for this visit';
  main.append(p, button);
  button.focus();
  return new Promise((resolve) => {
    button.addEventListener('click', () => {
      main.remove();
      resolve();
    }, { once: true });
  });
}

/** A file of this build, checked against its pinned SHA-384 before use. */
async function verified(name) {
  const integrity = build.integrity[name];
  if (!integrity) throw mismatch(`${name} has no pinned hash in this page, so it is not run. The build is incomplete: rebuild it (scripts/build.sh).`);
  // Only the offline edition carries its files in the page; the hosted page never reads them there.
  const inline = build.edition === 'offline'
    ? document.querySelector(`script[type="application/octet-stream"][data-name="${name}"]`)
    : null;
  if (inline) return verifyInline(name, integrity, inline.textContent);
  const url = new URL(name, document.baseURI);
  try {
    return await fetch(url, { integrity, credentials: 'same-origin', cache: 'no-cache' });
  } catch (error) {
    throw await explainFailure(name, url, error);
  }
}

/** Integrity failures and network failures both reject; a second, unchecked request (its body
 * is never used) tells the admin which one it was. Only a mismatch is `mismatch`: the console
 * is removed for that, while a worker module that could not be fetched fails only the request
 * that needed it, and is fetched again by the next. */
async function explainFailure(name, url, error) {
  const probe = await fetch(url, { cache: 'no-store' }).catch(() => null);
  if (probe && probe.ok) {
    return mismatch(`${name} does not match the SHA-384 hash this page was built with: it was changed after the build. Flowkeys will not run it. If the site was updated after this tab was opened, reload the page; otherwise the copy you were served was altered — use a copy you have verified (docs/VERIFY.md).`);
  }
  return new StopError(`${name} could not be loaded (${probe ? `HTTP ${probe.status}` : error.message}). Check the connection and try again.`);
}

/** A refusal because a file's bytes are not the ones this page was built with. */
function mismatch(message) {
  const error = new StopError(message);
  error.mismatch = true;
  return error;
}

/** Offline edition: the file is in the page itself; checked with WebCrypto where the browser has it. */
async function verifyInline(name, integrity, base64) {
  const binary = atob(base64.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
    const actual = `sha384-${btoa(String.fromCharCode(...digest))}`;
    if (actual !== integrity) {
      throw mismatch(`${name} inside this file does not match the SHA-384 hash it was built with: the file was changed after the build. Flowkeys will not run it. Use a copy whose SHA-256 matches the published one (docs/VERIFY.md).`);
    }
  }
  return new Response(bytes, { headers: { 'Content-Type': name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' } });
}

/** The page module's init function: its glue is folded into this file by scripts/seal.py, so
 * the integrity attribute that pins boot.js pins the glue too. */
function pageModuleInit() {
  // eslint-disable-next-line no-undef
  if (typeof FLOWKEYS_INLINE_INIT === 'undefined') {
    throw new StopError('This boot.js was not sealed (it lacks the page module): build with scripts/build.sh.');
  }
  // eslint-disable-next-line no-undef
  return FLOWKEYS_INLINE_INIT;
}

/** Makes `new Worker(…/<module>_loader.js)` (how the console starts its workers) start that
 * worker module from its verified files instead; any other worker URL is refused, so an
 * unverified script never runs.
 *
 * A module's files are fetched and checked on the first request for one of its workers. A
 * worker asked for before they have passed is a stand-in that becomes the worker once they
 * have, or reports an error, which the console shows, if they fail. A file that does not match
 * its pin also removes the console (`onRefused`); one that could not be fetched is fetched
 * again for the next worker asked for. */
function installVerifiedWorker(onRefused) {
  const NativeWorker = globalThis.Worker;
  const loading = new Map();
  const checked = new Map();
  const filesOf = (stem) => {
    if (!loading.has(stem)) {
      const files = Promise.all([
        verified(`${stem}.js`).then((r) => r.text()).then(workerScript),
        verified(`${stem}_bg.wasm`).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)),
      ]).then(([url, module]) => {
        checked.set(stem, { url, module });
        return { url, module };
      });
      files.catch((error) => {
        if (error.mismatch) onRefused(error);
        else loading.delete(stem);
      });
      loading.set(stem, files);
    }
    return loading.get(stem);
  };
  const spawn = ({ url, module }, options) => {
    const worker = new NativeWorker(url, options);
    worker.postMessage(module);
    return worker;
  };
  globalThis.Worker = function VerifiedWorker(scriptUrl, options) {
    const file = String(scriptUrl).split('/').pop();
    const stem = build.workers.find((w) => file === `${w}_loader.js`);
    if (!stem) {
      throw new Error(`Flowkeys starts only its verified workers, not ${scriptUrl}.`);
    }
    const classic = { ...options, type: 'classic' };
    const ready = checked.get(stem);
    return ready ? spawn(ready, classic) : new PendingWorker(filesOf(stem).then((f) => spawn(f, classic)));
  };
  // Real workers still pass `instanceof Worker`.
  globalThis.Worker.prototype = NativeWorker.prototype;
}

/** The glue as a script a worker can start from: it takes its module as the first message. */
function workerScript(glue) {
  const source = `${glue}
;self.onmessage = (event) => { self.onmessage = null; wasm_bindgen({ module_or_path: event.data }); };
`;
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/** Stands in for a worker asked for before its module's files passed their checks: the console
 * sends a worker nothing before the worker says it is ready, so this only relays what the
 * worker says once it runs (or an error if it cannot), and stops it when asked. */
class PendingWorker extends EventTarget {
  constructor(started) {
    super();
    this.onmessage = null;
    this.onerror = null;
    this.worker = null;
    this.ended = false;
    started.then((worker) => {
      if (this.ended) return worker.terminate();
      this.worker = worker;
      worker.onmessage = (event) => this.relay(new MessageEvent('message', { data: event.data }));
      worker.onerror = (event) => this.relay(new ErrorEvent('error', { message: event.message || 'its script could not be loaded' }));
    }, (error) => this.relay(new ErrorEvent('error', { message: error.mismatch ? 'its files did not pass their check' : error.message || String(error) })));
  }

  relay(event) {
    if (this.ended) return;
    this.dispatchEvent(event);
    this[`on${event.type}`]?.call(this, event);
  }

  postMessage(message, transfer) {
    if (!this.worker) throw new Error('Flowkeys: the background worker is not running yet.');
    this.worker.postMessage(message, transfer);
  }

  terminate() {
    this.ended = true;
    this.worker?.terminate();
  }
}

async function start() {
  const sheet = document.querySelector('link[rel="stylesheet"]');
  if (sheet && !sheet.sheet && !document.querySelector('style[data-name]')) {
    throw new StopError(`${sheet.getAttribute('href')} was not applied: it does not match the SHA-384 hash this page was built with, or it could not be loaded. Flowkeys will not run a page whose files were changed. Reload; if this persists, use a copy you have verified (docs/VERIFY.md).`);
  }
  const init = pageModuleInit();
  const pageWasm = await verified(`${build.page}_bg.wasm`);
  let refused = false;
  installVerifiedWorker((error) => {
    if (refused) return;
    refused = true;
    withdraw();
    stop('Flowkeys stopped', [error instanceof StopError ? error.message : `Loading the background worker failed: ${error}. Reload the page; if this persists, use a copy you have verified (docs/VERIFY.md).`]);
  });
  document.getElementById('boot-pending')?.remove();
  await init({ module_or_path: pageWasm });
  showBuild();
}

/** Removes the running console (a file it would need failed its check): nothing of it stays
 * usable, and the refusal that follows is all the page shows. */
function withdraw() {
  for (const node of [...document.body.childNodes]) node.remove();
}

/** Footer: version, source commit and the manifest's hash, to compare with the published ones. */
async function showBuild() {
  const footer = document.createElement('footer');
  footer.id = 'build-info';
  footer.className = 'build-info';
  footer.dataset.version = build.version;
  footer.dataset.commit = build.commit;
  const text = (manifest) => {
    footer.dataset.manifest = manifest ?? '';
    footer.textContent = `Flowkeys ${build.version} · source commit ${build.commit} · SHA256SUMS sha256 ${manifest ?? '(not available)'}`;
  };
  text(build.manifest_sha256 ?? 'computing…');
  document.body.append(footer);
  if (build.manifest_sha256) return;
  try {
    const response = await fetch(new URL('SHA256SUMS', document.baseURI), { cache: 'no-cache' });
    if (!response.ok) return text(null);
    if (!globalThis.crypto?.subtle) return text(null);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
    text(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
  } catch {
    text(null);
  }
}
