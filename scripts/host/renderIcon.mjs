#!/usr/bin/env node
// Regenerates media/icon.png (128x128, transparent corners) from media/icon.svg with Debian's chromium:
//   node scripts/host/renderIcon.mjs
// The PNG is committed because the marketplace and `vsce package` want a PNG, and nothing renders SVG at build time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { cleanupAll } from './cleanup.mjs';
import { REPO_ROOT, makeRunDir } from './paths.mjs';

const SIZE = 128;
const source = path.join(REPO_ROOT, 'media', 'icon.svg');
const target = path.join(REPO_ROOT, 'media', 'icon.png');

const browser = await launchBrowser(makeRunDir('render-icon'), { viewport: { width: SIZE, height: SIZE } });
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const svg = readFileSync(source, 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: target, omitBackground: true, timeout: 30_000 });
  console.log(`Wrote ${path.relative(REPO_ROOT, target)} (${SIZE}x${SIZE}) from ${path.relative(REPO_ROOT, source)}`);
} finally {
  await browser.close();
  await cleanupAll();
}
