// The dashboard in headless Chromium against `dyad serve` on loopback, over a store
// ingested from the fixture articles (one of them carries <script> and an onerror
// image, which must show as text and never run).
//
//   DYAD_BIN=target/debug/dyad npm test        (from crates/serve/web)
//
// Skips with a message when the dyad binary or Chromium is missing. Screenshots go to
// target/dashboard-screenshots/ (or $SCREENSHOT_DIR).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(new URL('../../../..', import.meta.url).pathname);
const dyad = process.env.DYAD_BIN ? resolve(process.env.DYAD_BIN) : join(repo, 'target/debug/dyad');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.SCREENSHOT_DIR || join(repo, 'target/dashboard-screenshots');

const missing = !existsSync(dyad) ? `no dyad binary at ${dyad} (build it, or set DYAD_BIN)`
  : !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath} (apt-get install chromium)` : null;
if (missing) console.log(`# skipping the dashboard tests: ${missing}`);
const skip = missing ? { skip: missing } : {};

let dir;
let server;
let base;
let browser;
let page;
const problems = [];

before(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'dyad-dashboard-'));
  const db = join(dir, 'dyad.db');
  execFileSync(dyad, ['ingest', '--db', db, join(repo, 'examples/seed-article.jsonl'),
    join(repo, 'crates/serve/tests/fixtures/articles.jsonl')], { stdio: ['ignore', 'ignore', 'inherit'] });
  server = spawn(dyad, ['serve', '--db', db, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise((resolveBase, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`dyad serve did not start: ${seen}`)), 30000);
    server.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) {
        clearTimeout(timer);
        resolveBase(match[0]);
      }
    });
    server.on('exit', (code) => reject(new Error(`dyad serve exited with ${code}: ${seen}`)));
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function pwned() {
  return page.evaluate(() => ({ flag: window.__pwned ?? null, title: document.title }));
}

test('the overview shows counts and top actors', skip, async () => {
  await page.goto(base);
  await page.waitForSelector('.stat');
  const stats = await page.locator('.stat').allTextContents();
  assert.ok(Number(stats[0]) > 10, `events: ${stats}`);
  assert.ok(await page.locator('table.dyads tbody tr').count() > 0);
  await shot('overview');
});

test('the explorer lists events, and a click shows the sentence with its highlights', skip, async () => {
  await page.goto(base + '#/events');
  await page.waitForSelector('table.events tbody tr');
  const rows = await page.locator('table.events tbody tr').count();
  assert.ok(rows > 10, `rows: ${rows}`);
  assert.match(await page.locator('.pager .count').textContent(), /^1–\d+ of \d+$/);
  // An event with a source and a target: IRN to IRQ, the agreement.
  await page.goto(base + '#/events?dyad=IRN,IRQ');
  await page.waitForSelector('table.events tbody tr');
  await page.locator('table.events tbody tr').first().click();
  await page.waitForSelector('#detail .sentence mark');
  const marks = await page.locator('#detail .sentence mark').evaluateAll((els) => els.map((e) => [e.dataset.mark, e.textContent]));
  const roles = marks.map(([role]) => role);
  for (const role of ['source', 'target', 'trigger']) assert.ok(roles.includes(role), `${role} in ${JSON.stringify(marks)}`);
  const sentence = await page.locator('#detail .sentence').textContent();
  assert.match(sentence, /Iran/);
  assert.ok(await page.locator('#detail dl.facts').textContent().then((t) => t.includes('Rule')));
  await shot('event-detail');
});

test('filters narrow the table', skip, async () => {
  await page.goto(base + '#/events');
  await page.waitForSelector('table.events tbody tr');
  // On a loaded machine the form can be drawn again while the first page of results
  // arrives, dropping what was typed: type and submit until the filter is taken.
  for (let attempt = 1; ; attempt++) {
    await page.fill('form.filters input[name=actor]', 'TUR');
    await page.click('form.filters button[type=submit]');
    try {
      await page.waitForFunction(() => location.hash.includes('actor=TUR'), null, { timeout: 5000 });
      break;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
  await page.waitForSelector('table.events tbody tr');
  const rows = await page.locator('table.events tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.length >= 1);
  for (const row of rows) assert.match(row, /TUR/);
  await page.fill('form.filters input[name=from]', '2099');
  await page.click('form.filters button[type=submit]');
  await page.waitForSelector('text=No events match.');
});

test('the dyad view draws the Goldstein and QuadClass charts', skip, async () => {
  await page.goto(base + '#/dyad?source=IRQ&target=IRN&by=month');
  await page.waitForSelector('.chart-goldstein .uplot canvas');
  await page.waitForSelector('.chart-quad .uplot canvas');
  const painted = await page.locator('.chart-goldstein canvas').first().evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) coloured++;
    return { width: canvas.width, coloured };
  });
  assert.ok(painted.width > 100 && painted.coloured > 100, JSON.stringify(painted));
  const periods = await page.locator('table.periods tbody tr').allTextContents();
  assert.ok(periods.some((row) => row.includes('2021-07')), periods.join('\n'));
  await shot('dyad');
});

test('the map shows countries and event places', skip, async () => {
  await page.goto(base + '#/map');
  await page.waitForSelector('.map circle');
  assert.ok(await page.locator('.map path.country').count() > 100);
  assert.ok(await page.locator('.map circle').count() >= 3);
  // Smaller places are drawn over larger ones; the click goes to this one's handler.
  await page.locator('.map circle[data-place="Baghdad"]').dispatchEvent('click');
  await page.waitForFunction(() => location.hash.includes('place=Baghdad'));
  await page.waitForSelector('table.events tbody tr');
  await page.goto(base + '#/map');
  await page.waitForSelector('.map circle');
  await shot('map');
});

test('the actor page lists partners and events', skip, async () => {
  await page.goto(base + '#/actor/IRQ');
  await page.waitForSelector('table.dyads tbody tr');
  assert.match(await page.locator('h1').textContent(), /IRQ/);
  assert.ok(await page.locator('table.events tbody tr').count() > 0);
  await shot('actor');
});

test('the article page shows how Dyad read it', skip, async () => {
  await page.goto(base + '#/article/seed-0001');
  await page.waitForSelector('.article .block', { timeout: 60000 });
  assert.ok(await page.locator('.article .removed').count() >= 1, 'removed boilerplate is shown');
  assert.ok(await page.locator('.article mark.m-actor').count() > 3);
  assert.ok(await page.locator('.article mark.m-trigger').count() > 0);
  await shot('article');
});

test('an article with <script> shows it as text and runs nothing', skip, async () => {
  await page.goto(base + '#/article/fx-0004');
  await page.waitForSelector('.article .block', { timeout: 60000 });
  const title = await page.locator('h1.article-title').textContent();
  assert.ok(title.includes("<script>document.title='pwned'</script>"), title);
  const body = await page.locator('.article').textContent();
  assert.ok(body.includes('<img src=x onerror='), body);
  assert.equal(await page.locator('.article script, .article img, h1 script').count(), 0);
  await page.goto(base + '#/events?actor=TUR');
  await page.waitForSelector('table.events tbody tr');
  await page.locator('table.events tbody tr').first().click();
  await page.waitForSelector('#detail .sentence');
  await page.waitForTimeout(300);
  assert.deepEqual(await pwned(), { flag: null, title: 'Dyad' });
  await shot('script-article');
  assert.deepEqual(problems.filter((p) => !p.includes('favicon')), []);
});
