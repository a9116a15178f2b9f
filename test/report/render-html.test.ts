// The HTML report's structure and safety, parsed with jsdom: verdict first, every section, a strict
// Content-Security-Policy whose style hash matches the stylesheet, well-formed SVG, and no way for a
// user-controlled string (column, class, path, note, slice value) to become markup.
import { createHash } from 'node:crypto';

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';

import { showControlCharacters } from '../../src/report/format.js';
import { CONTENT_SECURITY_POLICY, renderHtml } from '../../src/report/render-html.js';
import type { Report } from '../../src/report/types.js';
import { HOSTILE_COLUMN, HOSTILE_SLICE_VALUES, fullReport, sampleChartData } from './chart-fixtures.js';
import { FIXTURE_NAMES, loadReport } from './report-fixtures.js';

const HOSTILE = {
  html: '</details><img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  closeSvg: '</text></svg><iframe src="https://example.com">',
  attribute: '" onmouseover="alert(1)',
  pipe: 'a|b',
  link: '[link](javascript:alert(1))',
  backticks: '``x` `y``',
  newline: 'line\n# injected heading\n| x | y |',
  mention: '@everyone',
  entity: '&lt;script&gt;',
  escape: 'red\u001b[31mred',
  bidi: 'abc\u202edcba',
  style: '<style>body{display:none}</style>',
} as const;

const HOSTILE_VALUES = Object.values(HOSTILE);

function hostileReport(): Report {
  const report = fullReport();
  report.reasons = [`reason with ${HOSTILE.html}`, HOSTILE.newline, HOSTILE.script];
  report.classes = [HOSTILE.html, HOSTILE.pipe];
  report.data.path = `data/${HOSTILE.closeSvg}.csv`;
  report.data.label = HOSTILE.attribute;
  report.data.features = [...HOSTILE_VALUES];
  report.data.rowsDropped = { [`bad value ${HOSTILE.style}`]: 3 };
  report.data.rowsRead = report.n + 3;
  report.notes = HOSTILE_VALUES.map((value) => `note: ${value}`);
  report.models.candidate.path = HOSTILE.closeSvg;
  report.models.baseline!.path = HOSTILE.link;
  report.models.candidate.interpretation = `probabilities from '${HOSTILE.html}'`;
  report.models.candidate.inputs = HOSTILE_VALUES.map((name) => ({
    name,
    type: 'float32',
    shape: [name, 1],
  }));
  report.metrics.candidate[HOSTILE.script] = 1;
  report.metrics.baseline[HOSTILE.script] = 2;
  const [first] = report.comparisons;
  if (first !== undefined) {
    first.method = HOSTILE.html;
    first.note = HOSTILE.closeSvg;
    first.metric = HOSTILE.attribute;
  }
  report.flips = {
    fixed: 3,
    broken: 1,
    byClass: [{ class: HOSTILE.script, fixed: 3, broken: 1 }],
    changed: [{ from: HOSTILE.html, to: HOSTILE.pipe, rows: 4, fixed: 3, broken: 1 }],
    examples: { column: HOSTILE.attribute, broken: [HOSTILE.closeSvg], fixed: [HOSTILE.style] },
  };
  report.drift = {
    reference: { path: HOSTILE.closeSvg, rows: 100 },
    features: [
      {
        feature: HOSTILE.script,
        kind: 'numeric',
        psi: 0.3,
        test: 'ks',
        statistic: 0.2,
        pValue: 0.001,
        effectSize: 0.2,
        outOfRange: 4,
      },
    ],
    prediction: { psi: 0.01, ksStatistic: 0.05, pValue: 0.4 },
    quality: [{ column: HOSTILE.html, missing: 2, constant: false, outOfReferenceRange: 1 }],
    comparisons: [],
  };
  return report;
}

function parse(html: string): Document {
  return new JSDOM(html).window.document;
}

/** Elements the renderer writes; anything else in the document would be an injection. */
const OUR_ELEMENTS = new Set(
  (
    'html head meta title style body main header h1 h2 h3 ul li p span strong em code section div table thead ' +
    'tbody tr th td figure figcaption details summary footer svg g line text circle rect polyline'
  ).split(' '),
);

function expectInert(document: Document): void {
  for (const element of Array.from(document.querySelectorAll('*'))) {
    expect(OUR_ELEMENTS.has(element.localName), `<${element.localName}>`).toBe(true);
    for (const attribute of Array.from(element.attributes)) {
      expect(attribute.name, `${element.localName} ${attribute.name}`).not.toMatch(/^on|^href$|^src$|xlink/i);
    }
  }
  expect(document.querySelectorAll('style')).toHaveLength(1);
}

describe('renderHtml on the sample reports', () => {
  it.each(FIXTURE_NAMES)('%s: a complete document, verdict first, inert, deterministic', (name) => {
    const report = loadReport(name);
    const charts = report.task === 'binary' ? sampleChartData() : undefined;
    const html = renderHtml(report, charts);
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n')).toBe(
      true,
    );
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(renderHtml(report, charts)).toBe(html);
    const document = parse(html);
    const main = document.querySelector('main')!;
    const header = main.firstElementChild!;
    expect(header.localName).toBe('header');
    expect(header.className).toBe(`verdict ${report.verdict}`);
    expect(header.querySelector('h1')!.textContent).toMatch(
      new RegExp(`^${report.verdict === 'pass' ? 'PASS' : 'FAIL'} model-gate: `),
    );
    const sections = Array.from(main.querySelectorAll('section'), (section) => section.id);
    expect(sections).toEqual(expect.arrayContaining(['metrics', 'tests', 'models', 'data', 'method']));
    expect(sections.includes('roc')).toBe(report.task === 'binary');
    expectInert(document);
  });

  it('the full report has every section and chart, in reading order', () => {
    const document = parse(renderHtml(fullReport(), sampleChartData()));
    expect(Array.from(document.querySelectorAll('main > section'), (section) => section.id)).toEqual([
      'metrics',
      'gate',
      'tests',
      'slices',
      'roc',
      'calibration',
      'latency',
      'models',
      'data',
      'method',
    ]);
    // Forest plots: the gate's rules, then one per metric of the slices; ROC, reliability, latency.
    expect(document.querySelectorAll('svg.chart')).toHaveLength(1 + 4 + 3);
    const gateRows = document.querySelectorAll('#gate svg .forest-row');
    expect(gateRows).toHaveLength(4);
    expect(gateRows[0]!.querySelector('title')!.textContent).toContain('accuracy: Δ +0.0085');
    expect(document.querySelectorAll('#roc polyline')).toHaveLength(2);
    expect(document.querySelector('#roc svg')!.textContent).toContain('candidate, AUC');
    expect(document.querySelectorAll('#latency rect.bar')).toHaveLength(6);
    expect(document.querySelector('#calibration details table')).not.toBeNull();
  });

  it('every chart is well-formed SVG on its own', () => {
    const html = renderHtml(hostileReport(), sampleChartData());
    const { window } = new JSDOM('');
    for (const svg of Array.from(parse(html).querySelectorAll('svg'))) {
      const xml = new window.DOMParser().parseFromString(svg.outerHTML, 'image/svg+xml');
      expect(xml.querySelector('parsererror')).toBeNull();
      expect(xml.documentElement.localName).toBe('svg');
    }
  });

  it('without a baseline: the candidate alone, no paired tests', () => {
    const report = loadReport('binary-pass');
    report.models.baseline = null;
    report.tests = null;
    report.comparisons = [];
    for (const metric of Object.keys(report.metrics.baseline)) report.metrics.baseline[metric] = null;
    const document = parse(renderHtml(report, sampleChartData({ baseline: false })));
    expect(document.querySelector('#models')!.textContent).toContain('No baseline model yet');
    expect(document.querySelector('#tests')!.textContent).toContain('no baseline model');
    expect(document.querySelector('#gate')).toBeNull();
    expect(document.querySelectorAll('#roc polyline')).toHaveLength(1);
  });
});

describe('Content-Security-Policy', () => {
  const html = renderHtml(loadReport('binary-pass'), sampleChartData());
  const document = parse(html);

  it('forbids scripts, remote loads, frames and forms', () => {
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    expect(meta.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'none'",
      "script-src 'none'",
      "connect-src 'none'",
      "frame-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it("allows exactly the document's stylesheet, by hash", () => {
    const style = document.querySelector('style')!.textContent ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/ style="/);
  });
});

describe('user-controlled strings', () => {
  const html = renderHtml(hostileReport(), sampleChartData());
  const document = parse(html);

  it('never become markup', () => {
    expectInert(document);
    expect(document.querySelectorAll('img, script, iframe')).toHaveLength(0);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('\u202e');
    expect(html).not.toContain('\u001b');
  });

  it('are shown as text, control characters as visible escapes', () => {
    const text = document.body.textContent ?? '';
    for (const value of HOSTILE_VALUES) expect(text).toContain(showControlCharacters(value));
    for (const value of HOSTILE_SLICE_VALUES) expect(text).toContain(showControlCharacters(value));
    expect(text).toContain(HOSTILE_COLUMN);
  });

  it('in SVG labels and tooltips too', () => {
    const titles = Array.from(document.querySelectorAll('#slices svg title'), (title) => title.textContent);
    expect(titles.some((title) => title?.includes('<script>alert(1)</script>'))).toBe(true);
    const gateTitles = Array.from(document.querySelectorAll('#gate svg title'), (title) => title.textContent);
    expect(gateTitles.some((title) => title?.startsWith(HOSTILE.attribute))).toBe(true);
  });

  it('huge inputs stay bounded', () => {
    const report = loadReport('binary-pass');
    report.data.features = Array.from({ length: 50_000 }, (_, index) => `feature_${index}`);
    report.notes = Array.from({ length: 5_000 }, () => 'n'.repeat(10_000));
    const output = renderHtml(report);
    expect(output.length).toBeLessThan(2_000_000);
    expect(output).toContain('48,000 features more');
    expect(output).toContain('4,500 notes more');
  });
});
