// Drives Dossier's web UI in Debian's headless Chromium (Playwright with executablePath).
// Started by run.sh, which serves a store of the demo articles and tests/fixtures' hostile
// article at DOSSIER_URL. Screenshots go to SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DOSSIER_URL || 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOT_DIR || new URL('./out', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

let browser;
let page;
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  // Anything leaving the machine would be a bug: the UI must work offline.
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol !== 'blob:' && u.protocol !== 'data:') {
      problems.push(`request off the machine: ${r.url()}`);
    }
  });
});

after(async () => { if (browser) await browser.close(); });

async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** No script from article text ran, and nothing but the app's own script is in the page. */
async function assertNoInjection() {
  const state = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    injected: document.querySelectorAll('main img, main svg:not(.map):not(.chart), main script, main [onerror], main [onload], main [onmouseover]').length,
  }));
  assert.equal(state.xss, undefined, 'a script from article text ran');
  assert.deepEqual(state.scripts, ['/assets/app.js']);
  assert.equal(state.injected, 0, 'elements from article text were created');
}

test('search page lists articles, facets narrow them', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#result-count');
  const all = await page.textContent('#result-count');
  assert.match(all, /^\d+ articles?$/);
  assert.ok(Number(all.split(' ')[0]) >= 5, all);
  await page.waitForSelector('.facet[data-facet=lang] .facet-value');

  await page.fill('input[name=q]', 'Raqqa');
  await page.press('input[name=q]', 'Enter');
  await page.waitForURL(/q=Raqqa/);
  await page.waitForSelector('.hit mark');
  const hits = await page.locator('.hit').count();
  assert.ok(hits >= 3, `${hits} hits for Raqqa`);
  await page.waitForSelector('.facet[data-facet=lang] .facet-value');
  await shot('search');

  const langs = await page.locator('.facet[data-facet=lang] .facet-value').count();
  assert.ok(langs >= 2, 'the demo articles are in several languages');
  await page.locator('.facet[data-facet=lang] .facet-value', { hasText: 'nl' }).click();
  await page.waitForURL(/lang=nl/);
  await page.waitForSelector('.chip');
  await page.waitForSelector('.hit');
  const nl = Number((await page.textContent('#result-count')).split(' ')[0]);
  assert.ok(nl >= 1 && nl < hits, `${nl} Dutch of ${hits}`);
  const exportHref = await page.getAttribute('.list-head .export a', 'href');
  assert.match(exportHref, /^\/api\/search\?.*lang=nl.*format=csv/);
  await assertNoInjection();
});

test('article page highlights what was found and a clicked quote', async () => {
  // Open the article with the most quotes, as a reader would from the quotes page.
  const quotes = await (await fetch(`${BASE}/api/quotes?limit=1000`)).json();
  assert.ok(quotes.total > 0, 'the demo store has quotes (the quotes analyser found none)');
  const perArticle = new Map();
  for (const q of quotes.items) if (q.span) perArticle.set(q.article.id, (perArticle.get(q.article.id) || 0) + 1);
  const [id] = [...perArticle.entries()].sort((a, b) => b[1] - a[1])[0];

  await page.goto(`${BASE}/?q=Raqqa`);
  await page.waitForSelector('.hit');
  await page.goto(`${BASE}/articles/${id}`);
  await page.waitForSelector('#article-title');
  const record = await (await fetch(`${BASE}/api/articles/${id}`)).json();
  assert.equal(await page.textContent('#article-title'), record.meta.title);
  assert.equal(await page.textContent('#article-text'), record.text, 'the text is shown whole and unaltered');

  // Every layer the record has is highlighted, and listed in the side panel.
  for (const [layer, cls] of [['quotes', 'hl-quote'], ['entities', 'hl-ent-'], ['places', 'hl-place'], ['quantities', 'hl-figure'], ['times', 'hl-time'], ['sources', 'hl-source']]) {
    const withSpan = (record[layer] || []).filter((x) => x.span).length;
    const marked = await page.locator(`#article-text [class*="${cls}"]`).count();
    assert.equal(marked > 0, withSpan > 0, `${layer}: ${withSpan} in the record, ${marked} highlighted`);
    assert.equal(await page.locator(`.panel details[data-layer=${layer}] li.item`).count(), (record[layer] || []).length);
  }

  // Click a quote in the text: its whole span lights up, and so does its entry in the panel.
  // The longest quote in the text, so that the highlighted span is easy to see.
  let first = -1;
  record.quotes.forEach((q, i) => {
    if (q.span && (first < 0 || q.text.length > record.quotes[first].text.length)) first = i;
  });
  const seg = page.locator(`#article-text .hl[data-items$="quotes-${first}"]`).first();
  await seg.click();
  const lit = await page.locator('#article-text .hl.active').allTextContents();
  const litQuote = await page.locator('#article-text .hl-quote.active').count();
  assert.ok(litQuote > 0, 'the clicked quote is highlighted');
  assert.equal(lit.join(''), record.quotes[first].text, 'exactly the quote span is active');
  assert.equal(await page.locator('.panel li.item.active').count(), 1);
  await shot('article');

  // Clicking its panel entry toggles it off; another entry moves the highlight.
  await page.locator(`.panel li[data-item="quotes-${first}"]`).click();
  assert.equal(await page.locator('#article-text .hl.active').count(), 0);
  await assertNoInjection();
});

test('hostile article text is shown as text, never run', async () => {
  const res = await (await fetch(`${BASE}/api/search?source=hostile`)).json();
  assert.equal(res.total, 1, 'the hostile fixture is in the store');
  const id = res.hits[0].id;
  await page.goto(`${BASE}/?q=onmouseover`);
  await page.waitForSelector('#result-count');
  await assertNoInjection();
  await page.goto(`${BASE}/articles/${id}`);
  await page.waitForSelector('#article-title');
  const title = await page.textContent('#article-title');
  assert.ok(title.startsWith("<script>window.__xss='title'</script>"), title);
  assert.ok((await page.textContent('#article-text')).includes('<img src=x onerror='));
  // Hovering and clicking around the hostile text runs nothing either.
  await page.hover('#article-title');
  await page.locator('#article-text').click({ position: { x: 20, y: 10 } });
  await assertNoInjection();
  // The URL "https://hostile.example.org/2017/11/20/<script>" is a link, safely encoded.
  const href = await page.getAttribute('.meta-grid a[target=_blank]', 'href');
  assert.ok(href.startsWith('https://hostile.example.org/'), href);
  assert.ok(!href.includes('<'), href);
  await shot('hostile');
});

test('entity page shows aliases, a timeline and quotes', async () => {
  const list = await (await fetch(`${BASE}/api/entities?limit=1`)).json();
  assert.ok(list.total > 0, 'the demo store has entities (the NER analyser found none)');
  await page.goto(`${BASE}/entities`);
  await page.waitForSelector('#entity-table tbody tr');
  await shot('entities');
  await page.locator('#entity-table tbody tr a').first().click();
  await page.waitForSelector('#entity-name');
  assert.ok((await page.textContent('#entity-name')).startsWith(list.items[0].canonical));
  assert.ok(await page.locator('#aliases li').count() >= 1);
  assert.ok(await page.locator('svg.chart rect.bar').count() >= 1, 'mentions-over-time chart');
  await page.waitForSelector('#quotes-by');
  await shot('entity');
  await assertNoInjection();
});

test('quotes page lists speakers and filters by one', async () => {
  const speakers = await (await fetch(`${BASE}/api/speakers?limit=1`)).json();
  assert.ok(speakers.total > 0, 'the demo store has attributed quotes (the quotes analyser found none)');
  await page.goto(`${BASE}/quotes`);
  await page.waitForSelector('#speakers li button');
  const before = await page.locator('ul.quotes li').count();
  await page.locator('#speakers li button').first().click();
  await page.waitForURL(/speaker=/);
  await page.waitForSelector('.chip');
  const after = await page.locator('ul.quotes li').count();
  assert.ok(after >= 1 && after <= before, `${after} of ${before}`);
  await shot('quotes');
  await assertNoInjection();
});

test('map page draws the world offline and places sized by mentions', async () => {
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('#world-map .land path');
  const countries = await page.locator('#world-map .land path').count();
  assert.ok(countries > 150, `${countries} countries drawn`);
  const dots = page.locator('#world-map circle.dot');
  const n = await dots.count();
  assert.ok(n >= 1, 'places with coordinates are drawn');
  const radii = await dots.evaluateAll((cs) => cs.map((c) => Number(c.dataset.r)));
  const places = await (await fetch(`${BASE}/api/places?limit=1000`)).json();
  const located = places.items.filter((p) => typeof p.lat === 'number');
  assert.equal(n, located.length);
  assert.equal(Math.max(...radii), 25, 'the most mentioned place gets the largest dot');
  await shot('map');

  // A period with no articles empties the map; "All time" brings it back.
  await page.goto(`${BASE}/map?since=1990-01&until=1990-12`);
  await page.waitForSelector('#world-map .land path');
  assert.equal(await page.locator('#world-map circle.dot').count(), 0);
  await page.getByRole('button', { name: 'All time' }).click();
  await page.waitForURL(/\/map$/);
  await page.waitForSelector('#world-map circle.dot');
  await page.locator('#world-map circle.dot').last().click(); // the smallest, drawn on top
  await page.waitForURL(/place=/);
  await page.waitForSelector('#result-count');
  assert.ok(Number((await page.textContent('#result-count')).split(' ')[0]) >= 1);
});

test('stories page lists the story; its page shows the timeline, claims with verdicts and who said what', async () => {
  await page.goto(`${BASE}/stories`);
  await page.waitForSelector('#stories');
  const rows = page.locator('#stories tbody tr');
  assert.ok(await rows.count() >= 1);
  await shot('stories');
  // The story of the demo relays: the largest one.
  const stories = await (await fetch(`${BASE}/api/stories`)).json();
  const big = stories.items.reduce((a, b) => (b.articles > a.articles ? b : a));
  assert.ok(big.articles >= 5, `${big.articles} articles in the largest story`);
  await page.locator(`#stories a[href="/stories/${big.id}"]`).click();
  await page.waitForURL(new RegExp(`/stories/${big.id}$`));
  await page.waitForSelector('#claims');
  assert.ok(await page.locator('#timeline li').count() >= 5);
  const verdicts = await page.locator('#claims .verdict').allTextContents();
  assert.ok(verdicts.includes('Contradicted'), verdicts.join(', '));
  assert.ok(verdicts.includes('Corroborated'), verdicts.join(', '));
  // The lorry driver's larger figure is set against the BBC's, with its source.
  const contradicted = page.locator('#claims tr.v-contradicted', { hasText: '4,000' });
  assert.equal(await contradicted.count(), 1);
  assert.match(await contradicted.textContent(), /lorry driver/);
  assert.match(await page.textContent('#statements'), /Ryan Dillon/);
  await shot('story');
  // Its places on the map: only the story's.
  await page.getByRole('link', { name: 'on the map' }).click();
  await page.waitForURL(new RegExp(`/map\\?story=${big.id}$`));
  await page.waitForSelector('#world-map circle.dot');
  const mine = await (await fetch(`${BASE}/api/places?story=${big.id}&limit=1000`)).json();
  assert.equal(await page.locator('#world-map circle.dot').count(), mine.items.filter((p) => typeof p.lat === 'number').length);
  await page.goBack();
  await page.waitForSelector('#timeline');
  // A timeline entry opens its article.
  await page.locator('#timeline a').first().click();
  await page.waitForURL(/\/articles\//);
});

test('a list downloads as CSV', async () => {
  await page.goto(`${BASE}/entities`);
  await page.waitForSelector('#entity-table');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.export a', { hasText: 'CSV' }).first().click(),
  ]);
  assert.equal(download.suggestedFilename(), 'dossier-entities.csv');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path, 'utf8');
  assert.ok(csv.startsWith('id,canonical,type,mentions,articles,aliases,first_seen,last_seen\r\n'), csv.slice(0, 80));
});

test('no page logged an error or reached off the machine', () => {
  assert.deepEqual(problems, []);
});
