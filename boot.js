// Starts the console. A separate file (not an inline script) so the Content-Security-Policy
// can forbid inline scripts outright.
import init from './flowkeys-console.js';

await init({ module_or_path: new URL('./flowkeys-console_bg.wasm', import.meta.url) });
