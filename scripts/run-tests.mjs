#!/usr/bin/env node
// Runs test/**/*.test.ts with Node's own test runner (TAP output in CI) through tsx.
// Node 20's --test does not expand globs, so we list the files here.
//
//   node scripts/run-tests.mjs [--unit | --e2e] [path-substring...]
//
// --unit: every test outside test/e2e; --e2e: test/e2e only; path substrings narrow further.
// When a selected file uses the shared smoke run (test/fixtures/smoke-run.ts), it is trained once
// here, before the test processes start, and passed to them in DIVBENCH_TEST_SMOKE_RUN.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') find(p, out);
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const args = process.argv.slice(2);
const unit = args.includes('--unit');
const e2e = args.includes('--e2e');
const filter = args.filter((a) => !a.startsWith('--'));
let files = find('test').sort();
const isE2e = (f) => f.startsWith(join('test', 'e2e'));
if (unit) files = files.filter((f) => !isE2e(f));
if (e2e) files = files.filter(isE2e);
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));

const env = { ...process.env };
if (!env.DIVBENCH_TEST_SMOKE_RUN && files.some((f) => readFileSync(f, 'utf8').includes('smokeRunCopy'))) {
  const out = mkdtempSync(join(tmpdir(), 'divbench-smoke-shared-'));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['dist/cli.js', 'run', 'suites/smoke.yaml', '--backend', 'cpu', '--no-report', '--out', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...env, CI: 'true' },
  });
  if (r.status !== 0) {
    console.error(`# shared smoke run failed (exit ${r.status}); is dist/ built? (npm test builds it)`);
    process.exit(1);
  }
  const runs = readdirSync(join(out, 'smoke'));
  env.DIVBENCH_TEST_SMOKE_RUN = join(out, 'smoke', runs[0]);
  console.log(`# shared smoke run trained once in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${env.DIVBENCH_TEST_SMOKE_RUN}`);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
