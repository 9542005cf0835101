// Every people-facing error is one class of src/errors.ts with its own literal code, exit code 2
// (bad input or usage) and a name the CLI can report; none is a bare DivbenchError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as errors from '../src/errors.js';

const samples: errors.DivbenchError[] = [
  new errors.SuiteError('s.yaml', ['bad']),
  new errors.DatasetError('bad data'),
  new errors.PredictionsError('bad predictions'),
  new errors.BaselineError('dir', ['bad']),
  new errors.BaselineFileError('models/a.arrow', 'has no pred column'),
  new errors.BackendUnavailableError('no backend', [{ backend: 'wasm', ok: false, reason: 'missing' }]),
  new errors.MergeError('other suite'),
  new errors.LockError('locked'),
  new errors.RunFolderError('symlink'),
  new errors.UsageError('bad flag'),
  new errors.WriteError('/x', Object.assign(new Error('full'), { code: 'ENOSPC' })),
  new errors.CellWriteError('cannot write'),
];

test('each error class has its own name, a code and exit code 2', () => {
  const classes = (Object.values(errors) as unknown[]).filter((v) => typeof v === 'function' && v.prototype instanceof errors.DivbenchError);
  assert.deepEqual(new Set(samples.map((e) => e.constructor)), new Set(classes), 'every class of errors.ts is sampled here');
  for (const e of samples) {
    assert.ok(errors.isDivbenchError(e));
    assert.equal(e.name, e.constructor.name);
    assert.match(e.code, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(e.exitCode, 2);
  }
});

test('a baseline file error names the file, the problem and the fix', () => {
  const e = new errors.BaselineFileError('models/a.arrow', 'has no pred column');
  assert.equal(e.problem, 'has no pred column');
  assert.match(e.message, /^models\/a\.arrow has no pred column; regenerate/);
});
