/**
 * The systemic-failure gallery: every example all models get wrong (up to MAX_GALLERY_ITEMS),
 * with the true label and what the models answered; the report's script pages through them
 * (PAGE_SIZE at a time, images decoded only when their page is shown) and filters by true class,
 * by a wrong answer and to the "everyone gives the same wrong answer" examples (label-error
 * suspects). Near-chance models (accuracy within NEAR_CHANCE_MARGIN of the majority-class rate)
 * can be left out: they fail almost everything, so with them in, "every model fails" says little.
 * Both variants are precomputed; the page stays self-contained and offline.
 */
import type { ValidatedPredictions } from '../../analysis/index.js';
import type { ExamplesResult } from '../load-examples.js';
import { thumbnailDataUrl } from '../thumbnail.js';
import { pct, plural } from '../format.js';
import type { GalleryItem, GalleryView } from '../types.js';

/** Examples in the page at most (each image thumbnail costs ~1 kB). */
export const MAX_GALLERY_ITEMS = 1500;
export const PAGE_SIZE = 48;
/** A model within this many accuracy points of the majority-class rate counts as near chance. */
export const NEAR_CHANCE_MARGIN = 0.05;
const MAX_FEATURES = 8;
const SUSPECTS_LISTED = 12;

export interface GalleryInput {
  readonly predictions: ValidatedPredictions;
  readonly kind: 'image' | 'tabular';
  readonly classNames?: readonly string[];
  readonly examples: ExamplesResult;
  readonly limit?: number;
}

function answersOf(p: ValidatedPredictions, x: number, models: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of models) counts.set(p.preds[m][x], (counts.get(p.preds[m][x]) ?? 0) + 1);
  return counts;
}

function formatFeature(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString();
}

/** Models whose accuracy is at most the majority-class rate + NEAR_CHANCE_MARGIN. */
export function nearChanceModels(p: ValidatedPredictions): { models: number[]; chance: number } {
  const N = p.labels.length;
  const counts = new Array<number>(p.numClasses).fill(0);
  for (let x = 0; x < N; x++) counts[p.labels[x]]++;
  const chance = N ? Math.max(...counts) / N : 0;
  const models = p.preds
    .map((pred, m) => {
      let right = 0;
      for (let x = 0; x < N; x++) if (pred[x] === p.labels[x]) right++;
      return { m, acc: N ? right / N : 0 };
    })
    .filter((e) => e.acc <= chance + NEAR_CHANCE_MARGIN)
    .map((e) => e.m);
  return { models, chance };
}

export function buildGallery(input: GalleryInput): GalleryView {
  const p = input.predictions;
  const limit = input.limit ?? MAX_GALLERY_ITEMS;
  const M = p.preds.length;
  const all = p.preds.map((_, m) => m);
  const near = nearChanceModels(p);
  // Leaving out every model would leave nothing to fail: the control exists only when some remain.
  const kept = near.models.length > 0 && near.models.length < M ? all.filter((m) => !near.models.includes(m)) : all;
  const failsAll = (x: number, models: readonly number[]) => models.every((m) => p.preds[m][x] !== p.labels[x]);
  const candidates: Array<{ x: number; inAll: boolean; top: number }> = [];
  for (let x = 0; x < p.labels.length; x++) {
    const inKept = failsAll(x, kept);
    if (!inKept) continue; // failing every model implies failing every kept model
    const inAll = kept.length === M ? true : failsAll(x, all);
    candidates.push({ x, inAll, top: Math.max(...answersOf(p, x, kept).values()) });
  }
  // Unanimous wrong answers first (label-error suspects), then by agreement on one wrong answer.
  candidates.sort((a, b) => b.top - a.top || a.x - b.x);
  const totalAll = candidates.filter((c) => c.inAll).length;
  const name = (k: number) => input.classNames?.[k] ?? `class ${k}`;
  const data = input.examples.ok ? input.examples.data : null;
  const featureCount = data
    ? Math.min(
        MAX_FEATURES,
        data.shape.reduce((a, b) => a * b, 1),
      )
    : 0;
  const featureNames = input.kind === 'tabular' && data ? Array.from({ length: featureCount }, (_, j) => data.featureNames?.[j] ?? `x${j}`) : [];
  const shown = candidates.slice(0, limit);
  let firstPage = 0;
  const items: GalleryItem[] = shown.map(({ x, inAll }) => {
    const answer = (models: readonly number[]) =>
      [...answersOf(p, x, models)].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([k, count]) => ({ label: name(k), count, classIndex: k }));
    const answers = answer(all);
    const answersKept = kept.length === M ? answers : answer(kept);
    let image: string | null = null;
    let features: GalleryItem['features'] = [];
    if (data && input.kind === 'image') image = thumbnailDataUrl(data.x, x, data.shape);
    if (data && input.kind === 'tabular') {
      const d = data.shape.reduce((a, b) => a * b, 1);
      features = featureNames.map((n, j) => ({ name: n, value: formatFeature(data.x[x * d + j]) }));
    }
    const visible = inAll && firstPage < PAGE_SIZE;
    if (visible) firstPage++;
    return {
      index: x,
      trueLabel: name(p.labels[x]),
      trueClass: p.labels[x],
      image,
      features,
      answers,
      answersKept,
      inAll,
      unanimous: inAll && answers.length === 1,
      unanimousKept: answersKept.length === 1,
      wrong: answers.map((a) => a.classIndex).join(' '),
      wrongKept: answersKept.map((a) => a.classIndex).join(' '),
      visible,
    };
  });
  // Label-error suspects: every model gives the same wrong answer (counted per true → answer pair).
  const pairs = new Map<string, number>();
  for (const it of items)
    if (it.unanimous) pairs.set(`${it.trueLabel} → ${it.answers[0].label}`, (pairs.get(`${it.trueLabel} → ${it.answers[0].label}`) ?? 0) + 1);
  const suspectPairs = [...pairs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const suspects = items.filter((i) => i.unanimous).length;
  const notes: string[] = [];
  if (!input.examples.ok) notes.push(`Example ${input.kind === 'image' ? 'images' : 'values'} not shown: ${input.examples.reason}.`);
  if (candidates.length > shown.length)
    notes.push(
      `The page holds the first ${shown.length} of ${candidates.length} (most agreement on one wrong answer first); the rest are in the run's predictions files.`,
    );
  if (input.kind === 'tabular' && data && data.shape.reduce((a, b) => a * b, 1) > MAX_FEATURES)
    notes.push(`First ${MAX_FEATURES} features shown (values as the models saw them, after any standardization).`);
  const classesPresent = [...new Set(items.map((i) => i.trueClass))].sort((a, b) => a - b);
  const answered = [...new Set(items.flatMap((i) => [...i.answers, ...i.answersKept].map((a) => a.classIndex)))].sort((a, b) => a - b);
  return {
    kind: input.kind,
    total: totalAll,
    shown: items.filter((i) => i.inAll).length,
    items,
    featureNames,
    note: notes.join(' '),
    pageSize: PAGE_SIZE,
    trueClasses: classesPresent.map((k) => ({ value: String(k), label: name(k) })),
    wrongAnswers: answered.map((k) => ({ value: String(k), label: name(k) })),
    suspects,
    suspectPairs: suspectPairs.slice(0, SUSPECTS_LISTED).map(([pair, count]) => ({ pair, count })),
    nearChance:
      kept.length === M
        ? null
        : {
            count: near.models.length,
            label: `leave out ${plural(near.models.length, 'near-chance model')} (accuracy ≤ ${pct(near.chance + NEAR_CHANCE_MARGIN, 1)}, the majority-class rate ${pct(near.chance, 1)} + ${Math.round(NEAR_CHANCE_MARGIN * 100)} pp): ${near.models.map((m) => p.ids[m]).join(', ')}`,
            total: candidates.length,
          },
  };
}
