/** One image example (floats in [0, 1], row-major h × w × c) → a PNG data URL for an <img>. */
import { encode } from 'fast-png';

export function thumbnailDataUrl(x: Float32Array, index: number, shape: readonly number[]): string {
  const [h, w, c = 1] = shape;
  const size = h * w * c;
  const channels = c === 1 || c === 3 || c === 4 ? c : 1;
  const data = new Uint8Array(h * w * channels);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < channels; k++) {
      const v = x[index * size + p * c + k];
      data[p * channels + k] = Math.max(0, Math.min(255, Math.round(v * 255)));
    }
  }
  const png = encode({ width: w, height: h, data, channels, depth: 8 });
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}
