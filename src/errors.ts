/**
 * Errors meant for people. Each class is one kind of problem with a stable `code`; the message
 * says what was wrong, where (file, YAML path, line) and how to fix it. The CLI prints
 * `error[<code>]: <message>` and exits with `exitCode` (2: bad input or usage) — never a stack.
 */
export class DivbenchError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** A suite file that does not parse or validate. `issues` lists every problem found. */
export class SuiteError extends DivbenchError {
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    super('suite-invalid', `${file}: ${issues.length === 1 ? issues[0] : `${issues.length} problems:\n  - ${issues.join('\n  - ')}`}`);
    this.issues = issues;
  }
}

/** A dataset file that is missing, truncated or not in the expected format. */
export class DatasetError extends DivbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('dataset-invalid', message, options);
  }
}

/** A predictions file (for `analyze` or an external baseline) that is malformed. */
export class PredictionsError extends DivbenchError {
  constructor(message: string) {
    super('predictions-invalid', message);
  }
}

/** A baseline that fails verification (forged number, wrong hash, bad name, …). */
export class BaselineError extends DivbenchError {
  readonly problems: string[];
  constructor(dir: string, problems: string[]) {
    super('baseline-invalid', `${dir}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`);
    this.problems = problems;
  }
}

/** Wrong command-line usage (unknown flag value, missing argument, bad path). */
export class UsageError extends DivbenchError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * A value from a file or the command line as it may appear in a message: control characters
 * escaped (no terminal escapes, no forged lines) and cut to `max` characters with the full length
 * said, so a 10 MB field never floods the terminal.
 */
export function shown(value: unknown, max = 60): string {
  const s = String(value);
  const clean = (t: string) => t.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (s.length <= max) return clean(s);
  return `${clean(s.slice(0, max))}… (${s.length} characters)`;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on the device; free some space or write elsewhere',
  EDQUOT: 'disk quota exceeded; free some space or write elsewhere',
  EROFS: 'the file system is read-only; write elsewhere (e.g. --out on a writable disk)',
  EACCES: 'permission denied; make the folder writable or write elsewhere',
  EPERM: 'operation not permitted; make the folder writable or write elsewhere',
  ENOTDIR: 'a part of the path is a file, not a folder; choose another folder',
  EEXIST: 'a file is in the way where a folder should be; choose another folder',
  EISDIR: 'a folder is in the way where a file should be; choose another path',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files; raise the limit (ulimit -n) and try again',
  EIO: 'input/output error from the disk',
};

/** A file divbench must write (or a folder it must create) could not be written. */
export class WriteError extends DivbenchError {
  readonly errno?: string;
  readonly path: string;
  constructor(path: string, cause: unknown, hint?: string) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const why = (code && ERRNO_TEXT[code]) ?? (cause instanceof Error ? cause.message : String(cause));
    super('write-failed', `cannot write ${path}: ${why}${code ? ` (${code})` : ''}${hint ? `. ${hint}` : ''}`, { cause });
    this.errno = code;
    this.path = path;
  }
}

export function isDivbenchError(e: unknown): e is DivbenchError {
  return e instanceof DivbenchError;
}
