// Shared launch of headless Chromium for the project's browser checks (see ensure.sh).
'use strict';
const path = require('node:path');

function playwright() {
  const modules = process.env.MENTORMAIL_BROWSER_MODULES;
  if (!modules) {
    throw new Error('MENTORMAIL_BROWSER_MODULES is not set: run scripts/test, which installs playwright-core');
  }
  return require(path.join(modules, 'playwright-core'));
}

// The flags keep Chromium off the network it would otherwise call at start (this machine's
// network is closed, and a page under test must not depend on it either); --no-sandbox because
// CI runs as root.
async function launch() {
  return playwright().chromium.launch({
    executablePath: process.env.MENTORMAIL_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

// Records what a page complains about: console errors, uncaught exceptions, failed requests.
function watch(page) {
  const seen = { console_errors: [], failed_requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.console_errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.console_errors.push(String(error)));
  page.on('requestfailed', (request) =>
    seen.failed_requests.push(`${request.url()}: ${request.failure()?.errorText}`));
  return seen;
}

module.exports = { launch, watch };
