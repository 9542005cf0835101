/** Copying rows of a flat example array into batch buffers, and labels into one-hot rows. */

/** Copies rows `indices[start..end)` of `x` (rows of `rowSize` floats) into `out`; returns the filled view. */
export function gatherRows(x: Float32Array, rowSize: number, indices: Int32Array, start: number, end: number, out: Float32Array): Float32Array {
  const count = end - start;
  for (let r = 0; r < count; r++) {
    const src = indices[start + r] * rowSize;
    out.set(x.subarray(src, src + rowSize), r * rowSize);
  }
  return out.subarray(0, count * rowSize);
}

export function rowSizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
