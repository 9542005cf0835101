// Safety (issue 5): every string from a suite, dataset, result or baseline is escaped in the HTML,
// Markdown and CSV outputs; names with <script>, quotes and ../ inject no markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../src/report/render.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderCsv, csvField } from '../../src/report/render-csv.js';
import { assertInertSvg } from '../../src/report/charts/render-svg.js';
import { buildReport } from '../../src/report/view-model.js';
import { syntheticReportInput } from './synthetic-run.js';

const EVIL = `<script>alert("x")</script>"'><img src=x onerror=alert(1)>../../etc/passwd`;

function evilInput(kind: 'image' | 'tabular') {
  const input = syntheticReportInput({ text: EVIL, kind, failed: 1, datasets: 2, examples: 120, classNames: [`${EVIL} a`, `${EVIL} b`, 'c', 'd'] });
  const baselines = {
    names: [EVIL],
    notes: [`note ${EVIL}`],
    datasets: [],
    rows: [
      {
        id: `baseline ${EVIL}`,
        datasetId: 'data-0',
        baseline: EVIL,
        kind: 'external' as const,
        label: EVIL,
        architecture: EVIL,
        optimizer: EVIL,
        seed: EVIL,
        provenance: `from ${EVIL}`,
        metrics: { accuracy: 0.5 },
        foldNote: EVIL,
      },
    ],
  };
  return { ...input, baselines };
}

for (const kind of ['image', 'tabular'] as const) {
  test(`HTML report escapes hostile names (${kind} dataset)`, async () => {
    const html = await renderHtml(buildReport(evilInput(kind), { bootstrap: 20, cellCharts: 3 }));
    assert.equal((html.match(/<script/gi) ?? []).length, 1, "only the report's own script tag");
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /\sonerror=/i);
    assert.match(html, /&lt;script&gt;alert/, 'the text is shown, escaped');
    // every <img> is one of our data: thumbnails
    for (const m of html.matchAll(/<img\b[^>]*>/g)) assert.match(m[0], /src="data:image\/png;base64,(?:[A-Za-z0-9+/=]|&#x3D;)+"/);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/, 'no network reference');
  });
}

test('Markdown and CSV escape hostile names', () => {
  const view = buildReport(evilInput('tabular'), { bootstrap: 0, cellCharts: 0 });
  const md = renderMarkdown(view);
  assert.doesNotMatch(md, /<script|<img/);
  for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
    const cells = line.replace(/\\\|/g, '').split('|').length;
    assert.ok(cells >= 3, line);
  }
  const csv = renderCsv(view);
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField(-0.5), '-0.5');
  assert.ok(csv.split('\r\n').length > 5);
});

test('an SVG with active or external content is refused', () => {
  for (const bad of [
    '<svg><script>x</script></svg>',
    '<svg><g onload="x"></g></svg>',
    '<svg><image href="http://e.com/a.png"/></svg>',
    '<svg><foreignObject/></svg>',
  ]) {
    assert.throws(() => assertInertSvg(bad), /active or external/);
  }
  assert.equal(assertInertSvg('<svg><g clip-path="url(#clip1)"><text>&lt;script&gt;</text></g></svg>').length > 0, true);
});
