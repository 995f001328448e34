// Opens pages in headless Chromium at given widths and reports what a reader would meet.
//
//   node check-pages.cjs JOB.json   ->  a JSON array on stdout, one object per page and width
//
// JOB: {"out_dir": "...", "pages": [{"name": "prompt", "url": "file:///...", "widths": [375, 1280],
//        "schemes": ["light", "dark"], "expect": ["svg[data-chart] path"], "offline": true}]}
// Each result (per page, width and colour scheme; "schemes" defaults to light only): name, width,
// scheme, scroll_width (overflow when wider than the viewport), console_errors, failed_requests,
// remote_requests (any http(s) request when "offline": mail and reports must load nothing),
// counts (elements per "expect" selector), title, low_contrast (text under WCAG AA: 4.5, or 3
// for large text), screenshot (a full-page PNG; "-dark" in the name for the dark scheme).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launch, watch } = require('./lib.cjs');
const { lowContrast } = require('./contrast.cjs');

const AA_BODY_TEXT = 4.5;

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  fs.mkdirSync(job.out_dir, { recursive: true });
  const browser = await launch();
  const results = [];
  try {
    for (const spec of job.pages) {
      for (const width of spec.widths || [375, 1280]) for (const scheme of spec.schemes || ['light']) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
        const page = await context.newPage();
        const seen = watch(page);
        const remote = [];
        if (spec.offline) {
          await page.route(/^https?:/, (route) => {
            remote.push(route.request().url());
            return route.abort();
          });
        }
        await page.goto(spec.url, { waitUntil: 'load' });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        const counts = {};
        for (const selector of spec.expect || []) {
          counts[selector] = await page.locator(selector).count();
        }
        const low = await page.evaluate(lowContrast, AA_BODY_TEXT);
        const suffix = scheme === 'light' ? '' : `-${scheme}`;
        const screenshot = path.join(job.out_dir, `${spec.name}-${width}${suffix}.png`);
        await page.screenshot({ path: screenshot, fullPage: true });
        results.push({
          name: spec.name, width, scheme, scroll_width: scrollWidth, title: await page.title(),
          low_contrast: low,
          console_errors: seen.console_errors, failed_requests: seen.failed_requests,
          remote_requests: remote, counts, screenshot,
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
