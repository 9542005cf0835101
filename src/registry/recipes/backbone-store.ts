/**
 * Backbone weights: reading a network body's weights, writing them onto another network of the
 * same architecture (frozen or not), the run folder's content-keyed cache of pretrained bodies
 * and saved TensorFlow.js model files.
 *
 * A body's weights are every weight of every layer except the head (`logits`, `head`) and the
 * recipe's dropout, in layer order — including non-trainable ones (BatchNorm moving statistics).
 * Pretraining runs once per content key: the first cell to need it takes a lock file
 * (`<key>.lock`, holding its pid), trains, writes `<key>/backbone.json` + `weights.bin` through a
 * temporary folder and a rename; other cells wait for the folder (a lock whose process is gone is
 * taken over).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { DatasetError } from '../../errors.js';
import { stableJson } from '../datasets/content-hash.js';
import type { Tf } from '../types.js';
import { processAlive } from '../../process-alive.js';

export const HEAD_LAYERS = new Set(['logits', 'head', 'recipe-dropout']);

export interface BodyWeights {
  readonly shapes: number[][];
  readonly values: Float32Array[];
  /** Saved-model files: each weight's name (`layer/kernel`), used to match by kind. */
  readonly names?: string[];
}

export interface BackboneInfo {
  readonly key: string;
  readonly architecture: unknown;
  readonly dataset: unknown;
  readonly datasetHash: string;
  readonly inputShape: number[];
  readonly epochs: number;
  readonly finalLoss: number | null;
  readonly trainedExamples: number;
  readonly shapes: number[][];
}

function bodyLayers(model: tfjs.LayersModel): tfjs.layers.Layer[] {
  return model.layers.filter((l) => !HEAD_LAYERS.has(l.name) && l.getClassName() !== 'InputLayer');
}

export async function readBody(model: tfjs.LayersModel): Promise<BodyWeights> {
  const tensors = bodyLayers(model).flatMap((l) => l.getWeights());
  const values = await Promise.all(tensors.map(async (t) => Float32Array.from((await t.data()) as Float32Array)));
  return { shapes: tensors.map((t) => [...t.shape]), values };
}

const kindOf = (name: string) => name.slice(name.lastIndexOf('/') + 1).replace(/_\d+$/, '');

/**
 * Sets the body's weights (call before compile when freezing, so the optimizer sees only the
 * head). Cached bodies match weight for weight in layer order; a saved model's weights (named,
 * in tfjs's save order: all trainable weights, then all non-trainable ones, head included) are
 * matched in that order by kind (kernel, bias, moving_mean, …) and shape, skipping the rest.
 */
/** `freeze`: make the body's layers untrainable; `source` names the weights in errors. */
export function applyBody(tf: Tf, model: tfjs.LayersModel, w: BodyWeights, { freeze, source }: { freeze: boolean; source: string }): number {
  const layers = bodyLayers(model);
  const vars = w.names ? [...layers.flatMap((l) => l.trainableWeights), ...layers.flatMap((l) => l.nonTrainableWeights)] : layers.flatMap((l) => l.weights);
  let k = 0;
  for (const v of vars) {
    const want = v.shape.join('×');
    if (w.names) {
      while (k < w.shapes.length && (w.shapes[k].join('×') !== want || kindOf(w.names[k]) !== kindOf(v.originalName))) k++;
    }
    if (k >= w.shapes.length) {
      throw new DatasetError(
        `${source}: no weight left for ${v.originalName} (${want}); the backbone must come from the same architecture with the same params and input shape`,
      );
    }
    if (w.shapes[k].join('×') !== want) {
      throw new DatasetError(
        `${source}: weight ${k} has shape ${w.shapes[k].join('×')}, the body's ${v.originalName} expects ${want}; the backbone must come from the same architecture, params and input shape`,
      );
    }
    const t = tf.tensor(w.values[k++], w.shapes[k - 1]);
    v.write(t);
    t.dispose();
  }
  if (freeze) for (const layer of layers) freezeLayer(layer);
  return vars.length;
}

/**
 * Makes a layer untrainable, and a BatchNormalization layer also normalise as at inference: tfjs's
 * BatchNormalization uses the batch's statistics and updates its moving mean and variance whenever
 * it is called in training mode, trainable or not — so a "frozen" body would keep changing (Keras
 * since TF 2 runs a non-trainable BatchNormalization in inference mode; this does the same).
 */
function freezeLayer(layer: tfjs.layers.Layer): void {
  layer.trainable = false;
  if (layer.getClassName() !== 'BatchNormalization') return;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
}

/** The content key of a pretrained backbone: everything that decides its weights. */
export function backboneKey(parts: Record<string, unknown>): string {
  return `bb-${createHash('sha256').update(stableJson(parts)).digest('hex').slice(0, 20)}`;
}

function writeBackbone(dir: string, info: BackboneInfo, w: BodyWeights): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const total = w.values.reduce((a, v) => a + v.length, 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const v of w.values) {
    all.set(v, o);
    o += v.length;
  }
  writeFileSync(join(tmp, 'weights.bin'), new Uint8Array(all.buffer));
  writeFileSync(join(tmp, 'backbone.json'), `${JSON.stringify(info, null, 2)}\n`);
  renameSync(tmp, dir);
}

function readBackbone(dir: string): { info: BackboneInfo; weights: BodyWeights } {
  const info = JSON.parse(readFileSync(join(dir, 'backbone.json'), 'utf8')) as BackboneInfo;
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const values: Float32Array[] = [];
  let o = 0;
  for (const s of info.shapes) {
    const n = s.reduce((a, b) => a * b, 1);
    values.push(all.slice(o, o + n));
    o += n;
  }
  if (o !== all.length) throw new DatasetError(`${dir}/weights.bin: ${all.length} values, backbone.json lists ${o}; delete the folder to pretrain again`);
  return { info, weights: { shapes: info.shapes, values } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The cached backbone `key` under `cacheDir`, pretraining it with `train` when no cell has yet.
 * Returns whether this call trained it.
 */
export async function ensureBackbone(
  cacheDir: string,
  key: string,
  train: () => Promise<{ info: Omit<BackboneInfo, 'key' | 'shapes'>; weights: BodyWeights }>,
): Promise<{ info: BackboneInfo; weights: BodyWeights; trainedHere: boolean }> {
  const dir = join(cacheDir, key);
  const lock = `${dir}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  for (;;) {
    if (existsSync(join(dir, 'backbone.json'))) return { ...readBackbone(dir), trainedHere: false };
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd === undefined) {
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) rmSync(lock, { force: true });
      else await sleep(500);
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      if (existsSync(join(dir, 'backbone.json'))) return { ...readBackbone(dir), trainedHere: false };
      const { info, weights } = await train();
      const full: BackboneInfo = { ...info, key, shapes: weights.shapes };
      writeBackbone(dir, full, weights);
      return { info: full, weights, trainedHere: true };
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** The weights of a saved TensorFlow.js model (model.json + its weight files), in manifest order. */
export function readModelFile(tf: Tf, file: string): BodyWeights {
  let json: { weightsManifest?: Array<{ paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }> };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DatasetError(
      `${file}: cannot read a TensorFlow.js model.json (${(e as Error).message}); save one with model.save('file://…') or tf.io.withSaveHandler`,
    );
  }
  if (!Array.isArray(json.weightsManifest)) throw new DatasetError(`${file}: no weightsManifest; is this a TensorFlow.js LayersModel model.json?`);
  const shapes: number[][] = [];
  const values: Float32Array[] = [];
  const names: string[] = [];
  for (const group of json.weightsManifest) {
    const buffers = group.paths.map((p) => {
      const path = resolve(dirname(file), p);
      if (!existsSync(path)) throw new DatasetError(`${file}: weight file ${p} is missing beside it`);
      return readFileSync(path);
    });
    const bytes = Buffer.concat(buffers);
    const map = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), group.weights);
    for (const spec of group.weights) {
      const t = map[spec.name];
      shapes.push([...t.shape]);
      names.push(spec.name);
      values.push(Float32Array.from(t.dataSync() as Float32Array));
      t.dispose();
    }
  }
  return { shapes, values, names };
}
