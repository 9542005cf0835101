/** Copying rows of a flat example array. */

/** Rows `indices` of `x` (rows of `rowSize` floats), copied in that order into a new array. */
export function gatherRows(x: Float32Array, rowSize: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] * rowSize;
    out.set(x.subarray(src, src + rowSize), r * rowSize);
  }
  return out;
}

export function rowSizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
