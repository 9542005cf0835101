/**
 * The systemic-failure gallery: examples every model gets wrong, with the true label and what the
 * models answered. Examples on which the models agree on one wrong answer come first (the most
 * homogeneous failures). Thumbnails for images, feature values for tabular rows.
 */
import type { ValidatedPredictions } from '../../analysis/index.js';
import type { ExamplesResult } from '../load-examples.js';
import { thumbnailDataUrl } from '../thumbnail.js';
import type { GalleryItem, GalleryView } from '../types.js';

export const GALLERY_LIMIT = 24;
const MAX_FEATURES = 8;

export interface GalleryInput {
  readonly predictions: ValidatedPredictions;
  readonly kind: 'image' | 'tabular';
  readonly classNames?: readonly string[];
  readonly examples: ExamplesResult;
  readonly limit?: number;
}

function answersOf(p: ValidatedPredictions, x: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const pred of p.preds) counts.set(pred[x], (counts.get(pred[x]) ?? 0) + 1);
  return counts;
}

function formatFeature(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString();
}

export function buildGallery(input: GalleryInput): GalleryView {
  const p = input.predictions;
  const limit = input.limit ?? GALLERY_LIMIT;
  const all: number[] = [];
  for (let x = 0; x < p.labels.length; x++) if (p.preds.every((pred) => pred[x] !== p.labels[x])) all.push(x);
  const modal = all.map((x) => ({ x, top: Math.max(...answersOf(p, x).values()) }));
  modal.sort((a, b) => b.top - a.top || a.x - b.x);
  const name = (k: number) => input.classNames?.[k] ?? `class ${k}`;
  const data = input.examples.ok ? input.examples.data : null;
  const featureCount = data ? Math.min(MAX_FEATURES, data.shape.reduce((a, b) => a * b, 1)) : 0;
  const featureNames = input.kind === 'tabular' && data ? Array.from({ length: featureCount }, (_, j) => data.featureNames?.[j] ?? `x${j}`) : [];
  const items: GalleryItem[] = modal.slice(0, limit).map(({ x }) => {
    const answers = [...answersOf(p, x)].sort((a, b) => b[1] - a[1]).map(([k, count]) => ({ label: name(k), count }));
    let image: string | null = null;
    let features: GalleryItem['features'] = [];
    if (data && input.kind === 'image') image = thumbnailDataUrl(data.x, x, data.shape);
    if (data && input.kind === 'tabular') {
      const d = data.shape.reduce((a, b) => a * b, 1);
      features = featureNames.map((n, j) => ({ name: n, value: formatFeature(data.x[x * d + j]) }));
    }
    return { index: x, trueLabel: name(p.labels[x]), image, features, answers };
  });
  const notes: string[] = [];
  if (!input.examples.ok) notes.push(`Example ${input.kind === 'image' ? 'images' : 'values'} not shown: ${input.examples.reason}.`);
  if (all.length > items.length) notes.push(`Showing ${items.length} of ${all.length}, those with the most agreement on one wrong answer first.`);
  if (input.kind === 'tabular' && data && data.shape.reduce((a, b) => a * b, 1) > MAX_FEATURES) notes.push(`First ${MAX_FEATURES} features shown (values as the models saw them, after any standardization).`);
  return { kind: input.kind, total: all.length, shown: items.length, items, featureNames, note: notes.join(' ') };
}
