// `data fetch` against a local 127.0.0.1 server: a stalled server times out, an oversized file is
// refused (announced or streamed), and neither a failure nor a kill leaves a `.part` file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from '../../src/errors.js';
import { downloadFiles } from '../../src/registry/datasets/download.js';
import { startCli, waitFor } from './helpers.js';

type Behaviour = 'stall-headers' | 'stall-body' | 'huge-announced' | 'huge-streamed';

async function serve(t: { after: (fn: () => Promise<void>) => void }, behaviour: Behaviour): Promise<string> {
  const open: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    open.push(res);
    if (behaviour === 'stall-headers') return; // never answers
    if (behaviour === 'stall-body') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(10));
      return;
    }
    if (behaviour === 'huge-announced') {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write(Buffer.alloc(10));
      return;
    }
    res.writeHead(200); // chunked, no length: keeps sending
    const pump = () => {
      if (!res.destroyed && res.write(Buffer.alloc(64 * 1024))) setImmediate(pump);
      else if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.after(
    () =>
      new Promise<void>((ok) => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const CASES: Array<[Behaviour, RegExp, { idleTimeoutMs?: number; maxBytes?: number }]> = [
  ['stall-headers', /no data for 0 s \(timed out\)|timed out/, { idleTimeoutMs: 300 }],
  ['stall-body', /timed out/, { idleTimeoutMs: 300 }],
  ['huge-announced', /announces 10485760 bytes, more than the 1048576/, { maxBytes: 1024 * 1024 }],
  ['huge-streamed', /more than 1048576 bytes/, { maxBytes: 1024 * 1024 }],
];

for (const [behaviour, message, limits] of CASES) {
  test(`download: ${behaviour} is a clear error and leaves no .part file`, { timeout: 20_000 }, async (t) => {
    const base = await serve(t, behaviour);
    const dir = mkdtempSync(join(tmpdir(), 'divbench-dl-'));
    await assert.rejects(
      downloadFiles({ baseUrl: base, dir, files: [{ name: 'f.gz', sha256: '0'.repeat(64) }], ...limits }),
      (e: unknown) => e instanceof DatasetError && message.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), []);
  });
}

test('data fetch killed mid-download removes its .part file; a stale .part of a dead pid is removed by the next fetch', { timeout: 60_000 }, async (t) => {
  const base = await serve(t, 'stall-body');
  const dir = mkdtempSync(join(tmpdir(), 'divbench-dl-kill-'));
  writeFileSync(join(dir, `.train-images-idx3-ubyte.gz.${2 ** 22 + 4321}.deadbeef.part`), 'left by kill -9');
  const run = startCli(['data', 'fetch', 'fashion-mnist', '--dir', dir, '--base-url', base]);
  assert.ok(await waitFor(() => readdirSync(dir).some((f) => f.endsWith('.part') && !f.includes('deadbeef')), 30_000), `no download started: ${run.err()}`);
  assert.ok(!readdirSync(dir).some((f) => f.includes('deadbeef')), 'stale .part removed');
  run.child.kill('SIGTERM');
  const exit = await run.exit;
  assert.equal(exit.code, 143, run.err());
  assert.deepEqual(readdirSync(dir), []);
});
