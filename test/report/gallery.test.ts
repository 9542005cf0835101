import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValidatedPredictions } from '../../src/analysis/index.js';
import { buildGallery, nearChanceModels, PAGE_SIZE } from '../../src/report/sections/gallery.js';
import { renderHtml } from '../../src/report/render.js';
import { buildReport } from '../../src/report/view-model.js';
import { syntheticReportInput } from './synthetic-run.js';

function predictions(): ValidatedPredictions {
  // 400 examples, 2 classes (half each). a is wrong on x < 100, b on x < 130 (always the other
  // class, so unanimous); c always answers class 0 (accuracy 50% = chance).
  const N = 400;
  const labels = Int32Array.from({ length: N }, (_, x) => x % 2);
  const a = Int32Array.from(labels, (y, x) => (x < 100 ? 1 - y : y));
  const b = Int32Array.from(labels, (y, x) => (x < 100 ? 1 - y : x < 130 ? 1 - y : y));
  const c = new Int32Array(N);
  return {
    ids: ['a', 'b', 'c'],
    labels,
    numClasses: 2,
    preds: [a, b, c],
    probs: [undefined, undefined, undefined],
    features: [undefined, undefined, undefined],
    factors: [undefined, undefined, undefined],
  };
}

test('gallery: every systemic failure (not 24), unanimous suspects, a near-chance control', () => {
  const p = predictions();
  assert.deepEqual(nearChanceModels(p).models, [2]);
  const g = buildGallery({ predictions: p, kind: 'tabular', examples: { ok: false, reason: 'test' } });
  // With c in, all-fail = x < 100 with label 1 (c answers 0): 50 examples; without c: x < 100 → 100.
  assert.equal(g.total, 50);
  assert.equal(g.items.length, 100);
  assert.equal(g.items.filter((i) => i.inAll).length, 50);
  assert.equal(g.items.filter((i) => i.visible).length, Math.min(PAGE_SIZE, 50));
  assert.ok(g.items.filter((i) => i.inAll).every((i) => i.unanimous && i.answers[0].label === 'class 0'));
  assert.equal(g.suspects, 50);
  assert.deepEqual(g.suspectPairs, [{ pair: 'class 1 → class 0', count: 50 }]);
  assert.ok(g.nearChance && g.nearChance.count === 1 && g.nearChance.total === 100);
  assert.match(g.nearChance.label, /majority-class rate 50\.0%/);
  assert.ok(g.items.filter((i) => !i.inAll).every((i) => i.unanimousKept && i.wrongKept === String(1 - i.trueClass)));
});

test('gallery HTML: paged, filterable, thumbnails of hidden pages not decoded', async () => {
  const input = syntheticReportInput({ datasets: 1, architectures: 3, optimizers: 2, seeds: 2, examples: 2500 });
  const html = await renderHtml(buildReport(input, { bootstrap: 0 }));
  const block = html.slice(
    html.indexOf('data-gallery'),
    html.indexOf('</div>\n<details class="secondary"') > 0 ? html.indexOf('<details class="secondary"') : undefined,
  );
  const items = block.match(/<figure class="example" data-item/g) ?? [];
  assert.ok(items.length > PAGE_SIZE, `more than one page (${items.length})`);
  assert.equal((block.match(/<img src="data:image\/png/g) ?? []).length, PAGE_SIZE, 'only the first page carries src');
  assert.ok((block.match(/<img data-src="data:image\/png/g) ?? []).length > 0);
  assert.match(block, /class="g-true"/);
  assert.match(block, /class="g-wrong"/);
});
