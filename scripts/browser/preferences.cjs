// Uses the preferences page as a person would: opens the link from a mail, picks a time zone
// and saves it, then picks a date and pauses, and reports what the page said.
//
//   node preferences.cjs URL OUT_DIR ZONE UNTIL   ->  one JSON object on stdout
//
// URL: a preferences link (http://127.0.0.1:PORT/preferences?t=TOKEN); ZONE: an IANA name to
// pick in the zone picker; UNTIL: a YYYY-MM-DD date to pause until. Screenshots (full page) of
// the page as opened, at a phone's and a desktop's width, and after each change, go to OUT_DIR.
// The JSON: opened (per width: width, scroll_width, title, screenshot), zone_notice,
// pause_notice, status_text, selected_zone (after saving), statuses (HTTP status of each page
// load), screenshots, console_errors, failed_requests.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launch, watch } = require('./lib.cjs');

async function main() {
  const [url, outDir, zone, until] = process.argv.slice(2);
  if (!url || !outDir || !zone || !until) {
    throw new Error('usage: node preferences.cjs URL OUT_DIR ZONE UNTIL');
  }
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launch();
  const report = { opened: [], statuses: [], screenshots: [], console_errors: [], failed_requests: [] };
  const shoot = async (page, name) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    report.screenshots.push(file);
    return file;
  };
  try {
    // The page as opened, at a phone's and a desktop's width.
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const seen = watch(page);
      const response = await page.goto(url, { waitUntil: 'load' });
      report.statuses.push(response.status());
      report.opened.push({
        width,
        scroll_width: await page.evaluate(() => document.documentElement.scrollWidth),
        title: await page.title(),
        screenshot: await shoot(page, `preferences-${width}`),
      });
      report.console_errors.push(...seen.console_errors);
      report.failed_requests.push(...seen.failed_requests);
      await context.close();
    }

    // The changes, on a phone.
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(url, { waitUntil: 'load' });

    await page.selectOption('#time_zone', zone);
    const [zoneSaved] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click('#save-zone'),
    ]);
    report.statuses.push(zoneSaved.status());
    report.zone_notice = (await page.textContent('#notice')).trim();
    report.selected_zone = await page.$eval('#time_zone', (select) => select.value);
    await shoot(page, 'preferences-zone-saved-375');

    await page.fill('#until', until);
    const [paused] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click('#pause'),
    ]);
    report.statuses.push(paused.status());
    report.pause_notice = (await page.textContent('#notice')).trim();
    report.status_text = (await page.textContent('#status-text')).trim();
    await shoot(page, 'preferences-paused-375');
    report.console_errors.push(...seen.console_errors);
    report.failed_requests.push(...seen.failed_requests);
    await context.close();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
