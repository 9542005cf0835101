/** Shape checks every learner runs on its input (a mismatch is a programming error, named). */

export function checkFitInput(x: Float32Array, y: Int32Array, n: number, d: number, numClasses: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`fit needs at least one training row, got n = ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`fit needs at least one feature, got d = ${d}`);
  if (x.length !== n * d) throw new RangeError(`fit: x holds ${x.length} values, expected n·d = ${n}·${d} = ${n * d}`);
  if (y.length !== n) throw new RangeError(`fit: ${y.length} labels for ${n} rows`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (c < 0 || c >= numClasses) throw new RangeError(`fit: label ${c} of row ${i} is outside 0..${numClasses - 1}`);
  }
}

export function checkPredictInput(x: Float32Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`predict: n must be a non-negative integer, got ${n}`);
  if (x.length !== n * d) throw new RangeError(`predict: x holds ${x.length} values, expected n·d = ${n}·${d} = ${n * d}`);
}
