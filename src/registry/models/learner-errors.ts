/**
 * Failures a learner reports as data. `LearnerTimeoutError`: a learner whose own work (an external
 * program) ran past the cell's time — the worker records the cell as `timed-out` with the detail,
 * instead of `errored`. Any other error a learner throws makes the cell `errored` with its message.
 */
export class LearnerTimeoutError extends Error {
  constructor(
    message: string,
    readonly timeoutMs: number,
    readonly stderrTail?: string,
  ) {
    super(message);
    this.name = 'LearnerTimeoutError';
  }
}
