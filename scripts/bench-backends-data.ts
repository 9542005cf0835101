/**
 * The 10k Fashion-MNIST images for `bench:backends`: through the dataset registry (the split
 * shipped with divbench) when it is there, else straight from Debian's IDX files.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

export interface Images {
  x: Float32Array;
  y: Float32Array;
  n: number;
  source: string;
}

const N = 10_000;
const SYSTEM = '/usr/share/datasets/fashion-mnist';

export async function loadImages(packageRoot: string): Promise<Images> {
  try {
    const { getDataset } = await import('../src/registry/datasets/index.js');
    const def = getDataset('fashion-mnist');
    if (def) {
      const d = await def.load(def.params.parse({ variant: 'shipped', limit: N }), { packageRoot, suiteDir: packageRoot, env: process.env });
      return { x: d.x, y: Float32Array.from(d.y), n: d.n, source: d.source };
    }
  } catch (e) {
    process.stderr.write(`dataset registry unavailable (${(e as Error).message.split('\n')[0]}); reading ${SYSTEM}\n`);
  }
  const images = gunzipSync(await readFile(`${SYSTEM}/t10k-images-idx3-ubyte.gz`));
  const labels = gunzipSync(await readFile(`${SYSTEM}/t10k-labels-idx1-ubyte.gz`));
  if (images.readUInt32BE(0) !== 0x803 || labels.readUInt32BE(0) !== 0x801) throw new Error(`${SYSTEM}: not IDX files`);
  const n = Math.min(N, images.readUInt32BE(4));
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = images[16 + i] / 255;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = labels[8 + i];
  return { x, y, n, source: `${SYSTEM}/t10k-*.gz` };
}
