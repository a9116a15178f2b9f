// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core (which never
// downloads a browser). Each report must render with no console error (a Content-Security-Policy violation
// is one), no page error and no network request, with its stylesheet applied, and every chart must be drawn:
// a non-empty box, and a screenshot of it with enough ink, in the series' own colours where there are
// series. One screenshot is kept for the README (docs/images/html-report.png, rewritten with UPDATE_SCREENSHOTS=1).
//
// Chromium is required, not optional: without it this suite fails and says how to install it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChartData } from '../../src/report/chart-data.js';
import { renderHtml } from '../../src/report/render-html.js';
import type { Report } from '../../src/report/types.js';
import { fullReport, sampleChartData } from './chart-fixtures.js';
import { countColour, countNonWhite, decodePng } from './png-pixels.js';
import { loadReport } from './report-fixtures.js';

const CHROMIUM = process.env.MODEL_GATE_CHROMIUM ?? '/usr/bin/chromium';
const README_SCREENSHOT = fileURLToPath(new URL('../../docs/images/html-report.png', import.meta.url));

/** The colours the stylesheet gives the series in the light scheme. */
const COLOURS = { candidate: '#2563eb', baseline: '#ea580c' } as const;

let folder: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the HTML report's browser tests need it. ` +
        'Install it with `apt-get install -y chromium` (Debian), or set MODEL_GATE_CHROMIUM to a Chromium binary.',
    );
  }
  folder = mkdtempSync(join(tmpdir(), 'model-gate-html-'));
  context = await chromium.launchPersistentContext(join(folder, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    offline: true,
  });
}, 30_000);

afterAll(async () => {
  await context?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

interface Loaded {
  page: Page;
  problems: string[];
  requests: string[];
}

/** Writes the report to a file, opens it, and records every console error, page error and request. */
async function open(name: string, report: Report, charts: ChartData | undefined): Promise<Loaded> {
  const file = join(folder, `${name}.html`);
  writeFileSync(file, renderHtml(report, charts));
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

interface ChartCheck {
  /** CSS selector of the chart's <svg>. */
  selector: string;
  /** Colours that must appear in the chart's screenshot, with a minimum number of pixels each. */
  colours?: Array<[string, number]>;
}

async function expectDrawn(page: Page, check: ChartCheck): Promise<void> {
  const chart = page.locator(check.selector);
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  expect(box, check.selector).not.toBeNull();
  expect(box!.width).toBeGreaterThan(200);
  expect(box!.height).toBeGreaterThan(100);
  const pixels = decodePng(await chart.screenshot());
  const ink = countNonWhite(pixels) / (pixels.width * pixels.height);
  expect(ink, `${check.selector}: share of non-white pixels`).toBeGreaterThan(0.02);
  for (const [colour, minimum] of check.colours ?? []) {
    expect(countColour(pixels, colour), `${check.selector}: pixels of ${colour}`).toBeGreaterThan(minimum);
  }
}

async function expectClean(loaded: Loaded): Promise<void> {
  expect(loaded.problems).toEqual([]);
  expect(loaded.requests).toEqual([]);
  // The stylesheet is allowed by the Content-Security-Policy hash, so it applies.
  const radius = await loaded.page
    .locator('header.verdict')
    .evaluate((element) => getComputedStyle(element).borderRadius);
  expect(radius).toBe('8px');
}

describe('the HTML report in Chromium', () => {
  it('the full report: every chart drawn, no error, no request; the README screenshot', async () => {
    const loaded = await open('full', fullReport(), sampleChartData());
    const { page } = loaded;
    await expectClean(loaded);
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(8);
    await expectDrawn(page, { selector: '#gate svg.chart' });
    await expectDrawn(page, { selector: '#slices figure >> nth=0 >> svg.chart' });
    await expectDrawn(page, {
      selector: '#roc svg.chart',
      colours: [
        [COLOURS.candidate, 300],
        [COLOURS.baseline, 300],
      ],
    });
    await expectDrawn(page, {
      selector: '#calibration svg.chart',
      colours: [
        [COLOURS.candidate, 300],
        [COLOURS.baseline, 300],
      ],
    });
    await expectDrawn(page, {
      selector: '#latency svg.chart',
      colours: [
        [COLOURS.candidate, 500],
        [COLOURS.baseline, 500],
      ],
    });
    // Hostile slice values are shown as text inside the SVG, not run.
    expect(await page.locator('#slices svg title').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('<script>alert(1)</script>')]),
    );
    // The README screenshot: the verdict, the metrics and the gate rules chart.
    const gateBottom = await page
      .locator('#gate figure')
      .evaluate((element) => element.getBoundingClientRect().bottom + window.scrollY);
    // The committed README image is only rewritten on request (UPDATE_SCREENSHOTS=1): a test run never
    // modifies the working tree.
    const update = process.env.UPDATE_SCREENSHOTS === '1';
    if (update) mkdirSync(fileURLToPath(new URL('../../docs/images/', import.meta.url)), { recursive: true });
    const screenshot = await page.screenshot({
      ...(update ? { path: README_SCREENSHOT } : {}),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1100, height: Math.ceil(gateBottom + 16) },
    });
    expect(countNonWhite(decodePng(screenshot))).toBeGreaterThan(10_000);
    await page.close();
  });

  it.each([
    ['binary-pass', true],
    ['binary-fail', true],
    ['regression', false],
    ['multiclass-label-only-baseline', false],
  ] as const)('%s renders cleanly', async (name, binary) => {
    const report = loadReport(name);
    const loaded = await open(name, report, binary ? sampleChartData() : undefined);
    await expectClean(loaded);
    const header = await loaded.page.locator('main > header h1').textContent();
    expect(header).toMatch(report.verdict === 'pass' ? /^PASS model-gate: / : /^FAIL model-gate: /);
    if (binary) {
      await expectDrawn(loaded.page, {
        selector: '#roc svg.chart',
        colours: [[COLOURS.candidate, 300]],
      });
    }
    await loaded.page.close();
  });
});
