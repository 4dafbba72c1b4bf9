#!/usr/bin/env node
// Browser checks of built journeybook reports, run by tests/browser_cli.rs.
//
//   node tests/browser/check.mjs --artifacts DIR [--screenshots NAME,NAME] [--only NAME=PAGE,PAGE]
//                                NAME=SITE_DIR ...
//
// Serves each built site from a tiny static server on 127.0.0.1 (a random free port, under
// /NAME/, so the report also proves it works from a sub-path) and opens every HTML page in
// headless Chromium (Debian's, through playwright-core; no browser is ever downloaded):
//
//   - desktop (1280 px): no console errors, no page errors, no failed or refused requests,
//     every chart (figure.chart > svg / img) is drawn (non-empty box, image decoded) and has
//     a text equivalent, and axe-core finds no serious or critical violation;
//   - phone (375 px): no horizontal scroll (document.documentElement.scrollWidth <= 375);
//     tables may scroll inside their own .scroll container;
//   - journey maps, at both widths: every text of the emotion lane renders at 10 px or more;
//     on a journey page at 1280 px a map of up to six stages does not scroll sideways;
//   - both widths: every <text> of a funnel chart (figure.chart > svg / picture > img) renders at
//     least MIN_CHART_TEXT_PX tall: its font size times the scale the chart is drawn at;
//   - the print page: its main column at 1280 px is at least PRINT_MIN_WIDTH wide (no sidebar
//     column squeezing it);
//   - the overview's search box finds the first persona by name, and passes axe with its
//     results open; `--search-from-disk PAGE=QUERY=URL_PART` opens PAGE by file:// and
//     follows the result of QUERY whose URL holds URL_PART with the keyboard;
//   - screenshots of the overview, a persona and a journey page, desktop and phone, under
//     DIR/NAME/ (of the sites named by --screenshots; of every site without it).
//
// `--only NAME=index.html,print/index.html` checks just those pages of site NAME (a large
// report whose every page would take too long).
//
// Prints one line per finding on stderr and a JSON summary on stdout:
//   {"sites":[{"name","pages","charts","maps","axe_rules"}],"findings":[{"site","page","check","detail"}]}
// Exit status: 0 no findings, 1 findings, 2 could not run.
// CHECK_TIMING=1 also prints how long each page took.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const PHONE_WIDTH = 375;
// The print page has no sidebar: on a 1280 px screen its content uses (nearly) the width.
const PRINT_MIN_WIDTH = 1100;
const MIN_CHART_TEXT_PX = 10;
const PAGE_TIMEOUT_MS = 15000;
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** Journey maps of up to this many stages fit a 1280 px window; emotion lane text is at
 *  least this many px. */
const MAP_LIMITS = { maxFitting: 6, minText: 10 };

function usage(message) {
  process.stderr.write(`check.mjs: ${message}\nusage: node check.mjs --artifacts DIR [--screenshots NAME,...] [--only NAME=PAGE,...] NAME=SITE_DIR ...\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const sites = [];
  let artifacts = null;
  const only = new Map();
  let screenshots = null;
  const fromDisk = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--search-from-disk') {
      const [file, query, expected] = (argv[++i] || '').split('=');
      if (!file || !query || !expected) usage('--search-from-disk takes PAGE_FILE=QUERY=EXPECTED_URL_PART');
      fromDisk.push({ file: path.resolve(file), query, expected });
    } else if (arg === '--artifacts') {
      artifacts = argv[++i];
    } else if (arg === '--screenshots') {
      screenshots = (argv[++i] || '').split(',').filter(Boolean);
    } else if (arg === '--only') {
      const [name, list = ''] = (argv[++i] || '').split('=');
      only.set(name, list.split(',').filter(Boolean));
    } else if (arg.includes('=')) {
      const at = arg.indexOf('=');
      const name = arg.slice(0, at);
      const dir = path.resolve(arg.slice(at + 1));
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) usage(`bad site name \`${name}\``);
      if (!fs.existsSync(path.join(dir, 'index.html'))) usage(`${dir} holds no index.html`);
      sites.push({ name, dir });
    } else {
      usage(`unexpected argument \`${arg}\``);
    }
  }
  if (!artifacts) usage('--artifacts is required');
  if (sites.length === 0) usage('no site given');
  for (const site of sites) {
    site.only = only.get(site.name) || null;
    site.screenshots = !screenshots || screenshots.includes(site.name);
  }
  return { artifacts: path.resolve(artifacts), sites, fromDisk };
}

/** The Chromium to drive: JOURNEYBOOK_CHROMIUM, else the first of the usual names on PATH. */
function findChromium() {
  const fromEnv = process.env.JOURNEYBOOK_CHROMIUM;
  if (fromEnv) return fromEnv;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted. */
function walk(dir, base = dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** A static server for the sites on 127.0.0.1, on a free port the OS picks. */
function serve(sites) {
  const byName = new Map(sites.map((s) => [s.name, s.dir]));
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const [, name, ...rest] = pathname.split('/');
    const root = byName.get(name);
    const file = root && path.resolve(root, rest.join('/'));
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Runs in the page: charts, their boxes and text equivalents. */
function inspectCharts() {
  const problems = [];
  const figures = [...document.querySelectorAll('figure.chart')];
  let drawn = 0;
  for (const [i, figure] of figures.entries()) {
    const where = `chart ${i + 1}${figure.closest('[id]') ? ` in #${figure.closest('[id]').id}` : ''}`;
    const graphic = figure.querySelector('svg, img');
    if (!graphic) {
      problems.push(`${where}: no svg or img inside figure.chart`);
      continue;
    }
    const box = graphic.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) {
      problems.push(`${where}: empty bounding box ${box.width}x${box.height}`);
      continue;
    }
    if (graphic.tagName.toLowerCase() === 'img') {
      if (!graphic.complete || graphic.naturalWidth === 0) {
        problems.push(`${where}: image ${graphic.getAttribute('src')} did not load`);
        continue;
      }
      if (!(graphic.getAttribute('alt') || '').trim()) {
        problems.push(`${where}: image has no alt text`);
        continue;
      }
    } else {
      const labelledby = (graphic.getAttribute('aria-labelledby') || '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent || '')
        .join(' ');
      const title = graphic.querySelector(':scope > title')?.textContent || '';
      const name = `${graphic.getAttribute('aria-label') || ''} ${labelledby} ${title}`.trim();
      if (graphic.getAttribute('role') !== 'img' || !name) {
        problems.push(`${where}: inline svg needs role="img" and a text equivalent (aria-label, aria-labelledby or <title>)`);
        continue;
      }
      if (graphic.querySelectorAll('path, rect, line, polyline, polygon, circle, text').length === 0) {
        problems.push(`${where}: svg draws nothing`);
        continue;
      }
    }
    drawn++;
  }
  return { count: figures.length, drawn, problems };
}

/** Runs in the page: the rendered size of every funnel chart text smaller than `min` px (the
 *  emotion curve is being redrawn inside the journey map; add it here then). An inline
 *  SVG's text is measured through its screen matrix; an <img> SVG (whichever source its
 *  <picture> chose) is fetched and each text's font size scaled by the image's rendered
 *  width over its viewBox width. Returns the small ones, and how many texts were seen. */
async function chartTextSizes(min) {
  const small = [];
  let seen = 0;
  const note = (where, text, px) => {
    seen++;
    if (px < min) small.push(`${where}: "${text.trim().slice(0, 30)}" at ${px.toFixed(1)} px`);
  };
  for (const [i, figure] of [...document.querySelectorAll('figure.chart')].entries()) {
    const where = `chart ${i + 1}${figure.closest('[id]') ? ` in #${figure.closest('[id]').id}` : ''}`;
    const svg = figure.querySelector('svg[aria-labelledby^="funnel-"]');
    if (svg) {
      for (const t of svg.querySelectorAll('text')) {
        const scale = Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b);
        note(where, t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale);
      }
      continue;
    }
    const img = figure.querySelector('img');
    // Funnel charts and the trend chart of a journey with counts over periods.
    if (!img || !/\/(funnel|trend)(-narrow)?\.svg$/.test(img.currentSrc)) continue;
    const doc = new DOMParser().parseFromString(await (await fetch(img.currentSrc)).text(), 'image/svg+xml');
    const root = doc.documentElement;
    const viewBox = (root.getAttribute('viewBox') || '').split(/[\s,]+/).map(Number);
    const drawnWidth = viewBox.length === 4 ? viewBox[2] : parseFloat(root.getAttribute('width'));
    const scale = img.getBoundingClientRect().width / drawnWidth;
    for (const t of doc.querySelectorAll('text')) {
      const size = parseFloat(t.getAttribute('font-size') || t.closest('[font-size]')?.getAttribute('font-size') || '16');
      note(`${where} (${img.currentSrc.split('/').pop()})`, t.textContent, size * scale);
    }
  }
  return { seen, small };
}

/** Runs in the page at phone width: what sticks out past the viewport, outside .scroll. */
function phoneOverflow(width) {
  const scrollWidth = document.documentElement.scrollWidth;
  const culprits = [];
  if (scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.scroll')) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
        if (culprits.length >= 5) break;
      }
    }
  }
  return { scrollWidth, culprits };
}

/** Runs in the page: what is wrong with its journey maps at this width. Every text of the
 *  emotion lane renders at 10 px or more; on a journey page (not the print page, whose
 *  layout is its own) at desktop width, a map of up to six stages fits its box. */
function inspectJourneyMaps({ desktop, maxFitting, minText }) {
  const problems = [];
  const maps = document.querySelectorAll('table.journey-map').length;
  const journeyPage = document.body.classList.contains('kind-journey');
  for (const [i, map] of [...document.querySelectorAll('table.journey-map')].entries()) {
    const where = `journey map ${i + 1}`;
    const stages = map.querySelectorAll('thead tr.stages th').length;
    const box = map.closest('.map-scroll');
    if (!box) {
      problems.push(`${where}: not inside a .map-scroll box`);
      continue;
    }
    if (desktop && journeyPage && stages <= maxFitting && box.scrollWidth > box.clientWidth) {
      problems.push(`${where}: ${stages} stages scroll sideways (scrollWidth ${box.scrollWidth} > clientWidth ${box.clientWidth})`);
    }
    for (const cell of map.querySelectorAll('tr.lane-emotion > *')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const el = node.parentElement;
        const size = parseFloat(getComputedStyle(el).fontSize);
        const range = document.createRange();
        range.selectNodeContents(node);
        const rect = range.getBoundingClientRect();
        if (!(rect.width > 0 && rect.height > 0)) {
          problems.push(`${where}: emotion lane text "${node.textContent.trim()}" is not rendered`);
        } else if (size < minText) {
          problems.push(`${where}: emotion lane text "${node.textContent.trim()}" is ${size} px (< ${minText})`);
        }
      }
    }
  }
  return { maps, problems };
}

/** A browser tab that records what goes wrong while a page loads: console errors, page
 *  errors, failed requests (external ones fail by design: see the resolver rules) and HTTP
 *  errors. */
class Tab {
  static async open(context) {
    return new Tab(await context.newPage());
  }

  constructor(page) {
    this.page = page;
    this.problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.problems.push({ check: 'console', detail: msg.text() });
    });
    page.on('pageerror', (err) => this.problems.push({ check: 'pageerror', detail: String(err) }));
    page.on('requestfailed', (req) => {
      const external = !req.url().startsWith(this.origin) && !req.url().startsWith('data:');
      // A request of the report's own the browser gave up on (the tab moved on to the next
      // page, or a <picture> switched source) is no fault of the report; a missing file
      // answers 404 and is caught below. Seen once on a busy machine.
      if (!external && req.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push({
        check: external ? 'external-request' : 'request',
        detail: `${req.url()} failed: ${req.failure()?.errorText}${external ? ' (a report must not need the network)' : ''}`,
      });
    });
    page.on('response', (res) => {
      if (res.status() >= 400) this.problems.push({ check: 'request', detail: `${res.url()} answered ${res.status()}` });
    });
  }

  /** Loads `url`; returns the problems seen while loading. */
  async load(url, origin) {
    this.origin = origin;
    this.problems = [];
    try {
      await this.page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
      await this.page.evaluate(() => document.fonts.ready.then(() => true));
    } catch (err) {
      this.problems.push({ check: 'load', detail: String(err.message || err) });
    }
    return this.problems;
  }
}

/** The pages to screenshot: the overview, a persona and a journey (one with a chart if any). */
function screenshotTargets(pages, dir) {
  const pick = (prefix, wantChart) => {
    const candidates = pages.filter((p) => p.startsWith(prefix) && p.endsWith('/index.html'));
    if (wantChart) {
      const withChart = candidates.find((p) => fs.existsSync(path.join(dir, path.dirname(p), 'funnel.svg')));
      if (withChart) return withChart;
    }
    return candidates[0];
  };
  return new Map(
    [
      ['overview', 'index.html'],
      ['persona', pick('personas/', false)],
      ['journey', pick('journeys/', true)],
    ].filter(([, p]) => p && pages.includes(p)),
  );
}

/** Width of the print page's main column, in CSS px. */
function printPageWidth() {
  const main = document.querySelector('main');
  return main ? Math.round(main.getBoundingClientRect().width) : 0;
}

/** Types `query` into the page's search box and waits for its results: the status line
 *  and the links found, or null when the page has no search box or no result came. */
async function typeSearch(page, query) {
  const box = await page.$('form.search:not([hidden]) input[type=search]');
  if (!box) return null;
  await box.fill(query);
  try {
    await page.waitForFunction(() => document.querySelector('.search-status')?.textContent, null, { timeout: 5000 });
  } catch {
    return { status: '', links: [] };
  }
  return page.evaluate(() => ({
    status: document.querySelector('.search-status').textContent,
    links: [...document.querySelectorAll('.search-results a')].map((a) => a.getAttribute('href')),
  }));
}

/** On an overview served over HTTP: searching the first persona's name finds their page,
 *  and the open result list passes axe. */
async function searchOverview(page, axeSource) {
  const problems = [];
  const persona = await page.evaluate(() => {
    const a = document.querySelector('.sidebar a[href^="personas/"]');
    return a && { name: a.textContent.trim(), href: a.getAttribute('href') };
  });
  if (!persona || !(await page.$('form.search'))) return problems;
  const found = await typeSearch(page, persona.name);
  if (!found) return ['the search box never appeared'];
  if (!found.links.includes(persona.href)) {
    problems.push(`searching "${persona.name}" did not list ${persona.href}: ${found.status} ${found.links.join(' ')}`);
  }
  await page.evaluate(axeSource);
  const violations = await page.evaluate(() =>
    window.axe.run(document.querySelector('form.search'), { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)),
  );
  for (const v of violations) problems.push(`with results open: ${v}`);
  await page.keyboard.press('Escape');
  return problems;
}

/** A page opened straight from disk (file://): typing `query` into its search box lists a
 *  result whose URL holds `expected`; arrow down and Enter follow it; no console errors. */
async function searchFromDisk(context, { file, query, expected }) {
  const problems = [];
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`file://${file}`);
  const found = await typeSearch(page, query);
  if (!found) {
    problems.push('no search box on the page');
  } else if (!found.links.some((l) => l.includes(expected))) {
    problems.push(`searching "${query}" listed no ${expected}: "${found.status}" ${found.links.join(' ')}`);
  } else {
    const at = found.links.findIndex((l) => l.includes(expected));
    await page.focus('#search-input');
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.href.includes(expected), { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
    if (!page.url().startsWith('file://') || !page.url().includes(expected)) {
      problems.push(`following the result led to ${page.url()}, not ${expected}`);
    }
  }
  await page.close();
  return problems;
}

async function main() {
  const { artifacts, sites, fromDisk } = parseArgs(process.argv.slice(2));
  const executablePath = findChromium();
  if (!executablePath) {
    process.stderr.write('check.mjs: no Chromium found (set JOURNEYBOOK_CHROMIUM or install chromium)\n');
    process.exit(2);
  }
  const { chromium } = require('playwright-core');
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

  const server = await serve(sites);
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // Only 127.0.0.1 resolves: a request for anything else fails, and is reported.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
    timeout: 30000,
  });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const phone = await browser.newContext({
    viewport: { width: PHONE_WIDTH, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });

  const findings = [];
  const summary = new Map();
  const tasks = [];
  for (const site of sites) {
    const pages = walk(site.dir).filter((p) => p.endsWith('.html') && (!site.only || site.only.includes(p)));
    if (site.only && pages.length !== site.only.length) usage(`--only ${site.name}: not every page exists`);
    const shots = site.screenshots ? screenshotTargets(pages, site.dir) : new Map();
    if (site.screenshots) fs.mkdirSync(path.join(artifacts, site.name), { recursive: true });
    summary.set(site.name, { name: site.name, pages: pages.length, charts: 0, maps: 0, axe_rules: 0 });
    for (const rel of pages) {
      tasks.push({ site: site.name, rel, shot: [...shots].find(([, p]) => p === rel)?.[0] });
    }
  }
  const report = (task, check, detail) => {
    findings.push({ site: task.site, page: task.rel, check, detail });
    process.stderr.write(`FAIL ${task.site}/${task.rel}: ${check}: ${detail}\n`);
  };

  /** Chart text no smaller than MIN_CHART_TEXT_PX as rendered at this width. */
  async function checkChartText(task, page, width) {
    const sizes = await page.evaluate(chartTextSizes, MIN_CHART_TEXT_PX).catch((e) => ({ seen: 0, small: [String(e)] }));
    for (const s of sizes.small) report(task, 'chart-text', `(${width}) ${s}`);
  }

  async function checkPage(task, desktopTab, phoneTab) {
    const started = Date.now();
    const url = `${origin}${task.site}/${task.rel}`;
    const siteSummary = summary.get(task.site);
    const shotPath = (kind) => path.join(artifacts, task.site, `${task.shot}-${kind}.png`);

    // Desktop: console, network, charts, axe.
    const desktopProblems = await desktopTab.load(url, origin);
    const page = desktopTab.page;
    const charts = await page.evaluate(inspectCharts).catch((e) => ({ count: 0, drawn: 0, problems: [String(e)] }));
    if (task.rel === 'print/index.html') {
      const width = await page.evaluate(printPageWidth);
      if (width < PRINT_MIN_WIDTH) report(task, 'print-width', `the print page's main column is ${width} px wide at 1280 px (at least ${PRINT_MIN_WIDTH} expected)`);
    }
    siteSummary.charts += charts.drawn;
    for (const p of charts.problems) report(task, 'chart', p);
    await page.evaluate(axeSource);
    const axe = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations'] }).then((r) => ({
        rules: r.violations.length + r.passes.length + r.incomplete.length + r.inapplicable.length,
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(1).join(' ').trim()}`),
          more: Math.max(0, v.nodes.length - 3),
        })),
      })),
    );
    siteSummary.axe_rules = Math.max(siteSummary.axe_rules, axe.rules);
    for (const v of axe.violations) {
      const detail = `${v.id} (${v.impact}): ${v.help}; ${v.nodes.join(' | ')}${v.more ? ` | and ${v.more} more` : ''}`;
      if (FAILING_IMPACTS.has(v.impact)) report(task, 'axe', detail);
      else process.stderr.write(`note ${task.site}/${task.rel}: axe: ${detail}\n`);
    }
    const desktopMaps = await page.evaluate(inspectJourneyMaps, { desktop: true, ...MAP_LIMITS });
    siteSummary.maps += desktopMaps.maps;
    for (const p of desktopMaps.problems) report(task, 'journey-map', p);
    if (task.shot) await page.screenshot({ path: shotPath('desktop'), fullPage: true });
    for (const p of desktopProblems) report(task, p.check, p.detail);

    await checkChartText(task, page, 'desktop');
    if (task.rel === 'index.html') {
      for (const p of await searchOverview(page, axeSource)) report(task, 'search', p);
    }

    // Phone: no horizontal scroll.
    const phoneProblems = await phoneTab.load(url, origin);
    await checkChartText(task, phoneTab.page, 'phone');
    const overflow = await phoneTab.page.evaluate(phoneOverflow, PHONE_WIDTH);
    if (overflow.scrollWidth > PHONE_WIDTH) {
      report(task, 'phone-width', `scrollWidth ${overflow.scrollWidth} > ${PHONE_WIDTH}; sticking out: ${overflow.culprits.join(', ') || '?'}`);
    }
    const phoneMaps = await phoneTab.page.evaluate(inspectJourneyMaps, { desktop: false, ...MAP_LIMITS });
    for (const p of phoneMaps.problems) report(task, 'journey-map', `(phone) ${p}`);
    if (task.shot) await phoneTab.page.screenshot({ path: shotPath('phone'), fullPage: true });
    for (const p of phoneProblems) {
      if (!desktopProblems.some((q) => q.detail === p.detail)) report(task, p.check, `(phone) ${p.detail}`);
    }
    if (process.env.CHECK_TIMING) process.stderr.write(`  ${task.site}/${task.rel}: ${Date.now() - started} ms\n`);
  }

  // Two tabs of each kind share the pages: the machine has two cores.
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(2, queue.length) }, async () => {
    const desktopTab = await Tab.open(desktop);
    const phoneTab = await Tab.open(phone);
    for (let task = queue.shift(); task; task = queue.shift()) await checkPage(task, desktopTab, phoneTab);
  });
  await Promise.all(workers);

  for (const search of fromDisk) {
    for (const problem of await searchFromDisk(desktop, search)) {
      report({ site: 'disk', rel: search.file }, 'search-from-disk', problem);
    }
  }

  for (const s of summary.values()) {
    process.stderr.write(`checked ${s.name}: ${s.pages} pages, ${s.charts} charts drawn, ${s.maps} journey maps measured, ${s.axe_rules} axe rules\n`);
  }
  await browser.close();
  server.close();
  process.stdout.write(`${JSON.stringify({ sites: [...summary.values()], findings })}\n`);
  process.exit(findings.length ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`check.mjs: ${err.stack || err}\n`);
  process.exit(2);
});
