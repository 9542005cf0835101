/**
 * Errors meant for people. Each class is one kind of problem with a stable `code`; the message
 * says what was wrong, where (file, YAML path, line) and how to fix it. The CLI prints
 * `error[<code>]: <message>` and exits with `exitCode` (2: bad input or usage) — never a stack.
 */
/** Every `error[<code>]` divbench prints: one per class below. */
export type ErrorCode =
  | 'suite-invalid'
  | 'dataset-invalid'
  | 'predictions-invalid'
  | 'baseline-invalid'
  | 'baseline-file-invalid'
  | 'usage'
  | 'write-failed'
  | 'backend-unavailable'
  | 'merge-refused'
  | 'folder-locked'
  | 'run-folder-damaged';

export abstract class DivbenchError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  protected constructor(code: ErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** A suite file that does not parse or validate. `issues` lists every problem found. */
export class SuiteError extends DivbenchError {
  /** At most this many problems in the message (all of them stay in `issues`). */
  static readonly SHOWN = 20;
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    const shown = issues.slice(0, SuiteError.SHOWN);
    const more = issues.length - shown.length;
    super(
      'suite-invalid',
      `${file}: ${issues.length === 1 ? issues[0] : `${issues.length} problems:\n  - ${shown.join('\n  - ')}${more > 0 ? `\n  … and ${more} more (fix these first: later ones often follow from them)` : ''}`}`,
    );
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

/**
 * One Arrow file of a baseline (models/<id>.arrow, datasets/<id>.arrow) that is truncated or does
 * not hold the columns its manifest promises. `problem` completes a sentence that starts with the path.
 */
export class BaselineFileError extends DivbenchError {
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string) {
    super('baseline-file-invalid', `${path} ${problem}; regenerate the baseline with divbench submit`);
    this.path = path;
    this.problem = problem;
  }
}

/** An explicitly requested tfjs backend that does not work here; `tried` says what was tried and why it failed. */
export class BackendUnavailableError extends DivbenchError {
  readonly tried: ReadonlyArray<{ readonly backend: string; readonly ok: boolean; readonly reason?: string }>;
  constructor(message: string, tried: ReadonlyArray<{ readonly backend: string; readonly ok: boolean; readonly reason?: string }>) {
    super('backend-unavailable', message);
    this.tried = tried;
  }
}

/** `divbench merge` refusing shards that do not belong together (other suite, version, data or results). */
export class MergeError extends DivbenchError {
  constructor(message: string) {
    super('merge-refused', message);
  }
}

/** A run or baselines folder another divbench process holds (its lock file names the holder). */
export class LockError extends DivbenchError {
  constructor(message: string) {
    super('folder-locked', message);
  }
}

/** A run folder whose files are not divbench's (symbolic links, wrong types, oversized, unparseable). */
export class RunFolderError extends DivbenchError {
  constructor(message: string) {
    super('run-folder-damaged', message);
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

/** A cell worker could not write its files (its WriteError's message, carried over IPC): the run stops. */
export class CellWriteError extends DivbenchError {
  constructor(message: string) {
    super('write-failed', message);
  }
}

export function isDivbenchError(e: unknown): e is DivbenchError {
  return e instanceof DivbenchError;
}
