// External-command cells (issue 12 item 3): the shipped scikit-learn example runs through the file
// protocol; a program that exits non-zero, hangs, cannot start, or writes malformed or misaligned
// output gives an errored / timed-out cell naming the problem with its stderr tail, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cli, onlyRun, ROOT, tempDir } from './helpers.js';

const PROTOCOL = `protocol:
  folds: 3
  epochs: 1
  batchSize: 32
  timeout: 8s
  probeSize: 16
  throughput: { iterations: 3, time: 10, warmupIterations: 1 }
`;

function result(run: string, id: string) {
  return JSON.parse(readFileSync(join(run, 'cells', id, 'result.json'), 'utf8'));
}

function sklearnPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

test('the scikit-learn example runs as command cells beside the data divbench wrote', (t) => {
  const py = sklearnPython();
  if (!py) {
    if (process.env.CI === 'true') assert.fail('no python3 with scikit-learn (Debian: apt-get install python3-sklearn); .ci/run installs it');
    t.skip('no python3 with scikit-learn here (apt-get install python3-sklearn)');
    return;
  }
  const dir = tempDir('command-sk');
  const suite = join(dir, 'sk.yaml');
  writeFileSync(
    suite,
    `name: sk
datasets: [{ type: blobs, params: { n: 150, classes: 3, d: 4, seed: 3 } }]
models:
  - { type: command, id: logreg, params: { command: [${py}, ${join(ROOT, 'examples/sklearn-command.py')}, --model, logreg] } }
  - { type: command, id: forest, params: { command: [${py}, ${join(ROOT, 'examples/sklearn-command.py')}, --model, forest] } }
seeds: [1]
${PROTOCOL.replace('8s', '2m')}`,
  );
  const r = cli(['run', suite, '--out', join(dir, 'runs')]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const run = onlyRun(join(dir, 'runs'), 'sk');
  for (const id of ['blobs.logreg.s1', 'blobs.forest.s1']) {
    const res = result(run, id);
    assert.equal(res.state, 'completed', id);
    assert.equal(res.factors.family, 'command');
    assert.equal(res.factors['stream:sampling'], `sampling/s1/family=command,model=${id.split('.')[1]}`);
    assert.ok(res.summary.heldOutAccuracy.mean > 0.8, `${id}: ${res.summary.heldOutAccuracy.mean}`);
    assert.ok(res.summary.inference.samplesPerSec > 0);
    assert.equal(res.backend, undefined, 'no TensorFlow.js for an external command');
    assert.equal(existsSync(join(run, 'cells', id, 'work')), false, 'scratch files removed after a completed cell');
  }
  assert.ok(result(run, 'blobs.logreg.s1').files.features, 'logistic regression writes decision scores as its representation');
  const a = cli(['analyze', run, '--json', '--bootstrap', '0']);
  assert.equal(a.code, 0, a.stderr);
});

const FAKE = `// A stand-in external program: mode in argv[2], request in argv[3].
import { readFileSync, writeFileSync } from 'node:fs';
const [mode, file] = process.argv.slice(2);
const req = JSON.parse(readFileSync(file, 'utf8'));
const K = req.numClasses;
const rows = (n) => new Float32Array(n * K).fill(1 / K);
process.stderr.write('fake program here, mode ' + mode + '\\n');
if (mode === 'exit') { process.stderr.write('Traceback: boom\\n'); process.exit(3); }
if (mode === 'hang') setInterval(() => {}, 1000);
else {
  const n = mode === 'short' ? req.pool.n - 1 : req.pool.n;
  const p = rows(n);
  if (mode === 'nan') p[5] = NaN;
  if (mode === 'sum') p.fill(0.9);
  writeFileSync(req.output.poolProbs, new Uint8Array(p.buffer));
  const meta = { protocol: req.protocol, repeat: req.repeat, fold: mode === 'misaligned' ? req.fold + 1 : req.fold, numClasses: K, poolRows: req.pool.n, testRows: 0 };
  if (mode !== 'silent') writeFileSync(req.output.done, JSON.stringify(meta));
}
`;

test('command failures are recorded states naming the problem, never a crash of the run', () => {
  const dir = tempDir('command-fail');
  const fake = join(dir, 'fake.mjs');
  writeFileSync(fake, FAKE);
  const modes = ['ok', 'exit', 'hang', 'short', 'misaligned', 'nan', 'sum', 'silent'];
  const suite = join(dir, 'f.yaml');
  writeFileSync(
    suite,
    `name: f
datasets: [{ type: blobs, params: { n: 60, classes: 3, d: 2, seed: 1 } }]
models:
${modes.map((m) => `  - { type: command, id: ${m}, params: { command: [${process.execPath}, ${fake}, ${m}] } }`).join('\n')}
  - { type: command, id: missing, params: { command: [/nonexistent/program] } }
seeds: [1]
${PROTOCOL}`,
  );
  const r = cli(['run', suite, '--out', join(dir, 'runs'), '--jobs', '2']);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const run = onlyRun(join(dir, 'runs'), 'f');
  const state = (m: string) => result(run, `blobs.${m}.s1`);
  assert.equal(state('ok').state, 'completed');
  const expect: Array<[string, RegExp]> = [
    ['exit', /command '.*fake\.mjs exit' \(repeat 0, fold 0\) exited with code 3\. Its stderr ends:\nfake program here, mode exit\nTraceback: boom/],
    ['short', /pool probabilities .*pool_probs\.f32 has 708 bytes, expected 60 rows × 3 classes × 4 bytes = 720 \(misaligned output/],
    ['misaligned', /output\.json is for repeat 0 fold 1, but the request was repeat 0 fold 0 \(misaligned output\)/],
    ['nan', /pool probabilities row 1 has a non-finite value \(NaN\)/],
    ['sum', /pool probabilities row 0 sums to 2\.\d+, not 1/],
    ['silent', /exited 0 but wrote no .*output\.json/],
    ['missing', /command '\/nonexistent\/program' \(repeat 0, fold 0\) could not start: spawn \/nonexistent\/program ENOENT/],
  ];
  for (const [m, re] of expect) {
    const res = state(m);
    assert.equal(res.state, 'errored', m);
    assert.match(res.error.message, re, m);
  }
  const hang = state('hang');
  assert.equal(hang.state, 'timed-out');
  assert.match(
    hang.reason,
    /command '.*fake\.mjs hang' \(repeat 0, fold 0\) ran past the cell's time .* and was killed\. Its stderr ends:\nfake program here, mode hang/,
  );
  assert.equal(hang.stderrTail, 'fake program here, mode hang');
  assert.ok(existsSync(join(run, 'cells', 'blobs.exit.s1', 'work', 'r0f0', 'request.json')), 'a failed cell keeps its work folder for debugging');
});

const PID_HANG = `// Writes its pid, then runs until killed.
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2], String(process.pid));
setInterval(() => {}, 1000);
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

test("stopping a run (Ctrl-C) kills a command cell's program too, not only its worker", async () => {
  const dir = tempDir('command-sigint');
  const prog = join(dir, 'pid-hang.mjs');
  const pidFile = join(dir, 'program.pid');
  writeFileSync(prog, PID_HANG);
  const suite = join(dir, 'h.yaml');
  writeFileSync(
    suite,
    `name: h
datasets: [{ type: blobs, params: { n: 60, classes: 3, d: 2, seed: 1 } }]
models:
  - { type: command, id: hang, params: { command: [${process.execPath}, ${prog}, ${pidFile}] } }
seeds: [1]
${PROTOCOL.replace('8s', '2m')}`,
  );
  const child = spawn(process.execPath, [CLI, 'run', suite, '--out', join(dir, 'runs'), '--no-report'], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const deadline = Date.now() + 60_000;
  while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
    assert.ok(Date.now() < deadline, 'the program never started');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(alive(pid));
  child.kill('SIGINT');
  assert.equal(await exited, 130, 'SIGINT exits 130');
  const gone = Date.now() + 5000;
  while (alive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
  const still = alive(pid);
  if (still) process.kill(pid, 'SIGKILL');
  assert.equal(still, false, 'the external program outlived the stopped run');
});
