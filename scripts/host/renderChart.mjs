#!/usr/bin/env node
// Renders bench/results.svg to bench/results.png with Debian's chromium: the README shows the PNG because
// `vsce package` refuses SVG images in a README. `npm run bench` calls it after a full run.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { launchBrowser } from './browser.mjs';
import { cleanupAll } from './cleanup.mjs';
import { REPO_ROOT, makeRunDir } from './paths.mjs';

const source = path.join(REPO_ROOT, 'bench', 'results.svg');
const target = path.join(REPO_ROOT, 'bench', 'results.png');
const svg = readFileSync(source, 'utf8');
const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1000);
const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 600);

const browser = await launchBrowser(makeRunDir('render-chart'), { viewport: { width, height } });
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: target, timeout: 30_000 });
  console.log(`Wrote ${path.relative(REPO_ROOT, target)} from ${path.relative(REPO_ROOT, source)}`);
} finally {
  await browser.close();
  await cleanupAll();
}
