#!/usr/bin/env node
// Mermaid's own parser on diagrams, run by tests/cli/browser.rs:
//
//   JOURNEYBOOK_CHROMIUM=/usr/bin/chromium node tests/browser/mermaid.mjs FILE ...
//
// Each FILE holds one diagram. Mermaid needs a DOM, so its browser bundle
// (node_modules/mermaid/dist/mermaid.min.js) is loaded into a blank page of headless Chromium
// (through playwright-core; nothing is fetched) and `mermaid.parse()` reads each diagram.
// Prints a JSON array of {file, ok, type, error} on stdout. Exit status: 0 every diagram
// parsed, 1 one did not, 2 could not run.

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function main() {
  const files = process.argv.slice(2);
  const executablePath = process.env.JOURNEYBOOK_CHROMIUM;
  if (!executablePath || files.length === 0) {
    process.stderr.write('usage: JOURNEYBOOK_CHROMIUM=PATH node mermaid.mjs FILE ...\n');
    process.exit(2);
  }
  const { chromium } = require('playwright-core');
  const bundle = require.resolve('mermaid/dist/mermaid.min.js');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'], timeout: 30000 });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><head><title>mermaid</title></head><body></body></html>');
  await page.addScriptTag({ path: bundle });
  const results = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const result = await page.evaluate(async (diagram) => {
      window.mermaid.initialize({ startOnLoad: false });
      try {
        const parsed = await window.mermaid.parse(diagram);
        return { ok: true, type: parsed.diagramType, error: null };
      } catch (e) {
        return { ok: false, type: null, error: String(e && e.message ? e.message : e) };
      }
    }, text);
    results.push({ file, ...result });
  }
  await browser.close();
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`mermaid.mjs: ${err.stack || err}\n`);
  process.exit(2);
});
