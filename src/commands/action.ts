/** Wraps a command action: people-facing errors print as one block and exit 2; bugs keep their stack. */
import { InvalidArgumentError } from 'commander';
import { isDivbenchError } from '../errors.js';

export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (e) {
      if (isDivbenchError(e)) {
        process.stderr.write(`error[${e.code}]: ${e.message}\n`);
        process.exitCode = e.exitCode;
        return;
      }
      process.stderr.write(`divbench: internal error (please report it): ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 70;
    }
  };
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'`);
    return n;
  };
}
