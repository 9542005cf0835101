import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetError, UsageError } from '../../../src/errors.js';
import { downloadFiles } from '../../../src/registry/datasets/download.js';
import { KNOWN_DOWNLOADS } from '../../../src/registry/datasets/known-downloads.js';
import { fetchDataset } from '../../../src/commands/data.js';
import { tempDir } from './helpers.js';

type Route = { status?: number; body: Buffer; headers?: Record<string, string>; cut?: boolean };

/** A file server on 127.0.0.1 (never any other address) for the given routes. */
async function serve(t: { after: (fn: () => Promise<void> | void) => void }, routes: Record<string, Route>): Promise<{ base: string; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404, 'Not Found');
      res.end();
      return;
    }
    if (route.cut) {
      res.writeHead(200, { 'content-length': String(route.body.length * 2) });
      res.write(route.body, () => res.destroy());
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-length': String(route.body.length), ...route.headers });
    res.end(route.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.after(
    () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/`, hits };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const content = Buffer.from('idx content '.repeat(100));
const gz = gzipSync(content);

test('downloadFiles writes verified files atomically and keeps verified ones on a second run', async (t) => {
  const dir = join(tempDir(t), 'out');
  const { base, hits } = await serve(t, { '/data/a.gz': { body: gz }, '/data/b.bin': { body: content } });
  const files = [
    { name: 'a.gz', md5: md5(gz), contentSha256: sha256(content) },
    { name: 'b.bin', sha256: sha256(content) },
  ];
  const got = await downloadFiles({ baseUrl: base, dir, files });
  assert.deepEqual(
    got.map((f) => [f.name, f.bytes, f.kept]),
    [
      ['a.gz', gz.length, false],
      ['b.bin', content.length, false],
    ],
  );
  assert.deepEqual(readFileSync(join(dir, 'a.gz')), gz);
  assert.deepEqual(readdirSync(dir).sort(), ['a.gz', 'b.bin']);
  const again = await downloadFiles({ baseUrl: base.slice(0, -1), dir, files });
  assert.deepEqual(
    again.map((f) => f.kept),
    [true, true],
  );
  assert.equal(hits.length, 2);
  writeFileSync(join(dir, 'b.bin'), 'damaged');
  const repaired = await downloadFiles({ baseUrl: base, dir, files });
  assert.deepEqual(
    repaired.map((f) => f.kept),
    [true, false],
  );
  assert.deepEqual(readFileSync(join(dir, 'b.bin')), content);
});

test('downloadFiles: checksum mismatch names the file and leaves nothing behind', async (t) => {
  const dir = tempDir(t);
  const { base } = await serve(t, { '/data/a.gz': { body: gz } });
  for (const check of [{ sha256: '0'.repeat(64) }, { md5: '0'.repeat(32) }, { contentSha256: sha256(Buffer.from('other')) }]) {
    await assert.rejects(downloadFiles({ baseUrl: base, dir, files: [{ name: 'a.gz', ...check }] }), (e: unknown) => {
      assert.ok(e instanceof DatasetError);
      assert.match(e.message, /^a\.gz: checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/data\/a\.gz/);
      return true;
    });
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('downloadFiles: HTTP errors, cut connections and refused connections are clear errors', async (t) => {
  const dir = tempDir(t);
  const { base } = await serve(t, { '/data/cut.gz': { body: gz, cut: true }, '/data/gone': { status: 500, body: Buffer.from('x') } });
  await assert.rejects(
    downloadFiles({ baseUrl: base, dir, files: [{ name: 'missing.gz' }] }),
    (e: unknown) => e instanceof DatasetError && /missing\.gz: HTTP 404 Not Found$/.test(e.message),
  );
  await assert.rejects(
    downloadFiles({ baseUrl: base, dir, files: [{ name: 'gone' }] }),
    (e: unknown) => e instanceof DatasetError && /gone: HTTP 500/.test(e.message),
  );
  await assert.rejects(
    downloadFiles({ baseUrl: base, dir, files: [{ name: 'cut.gz' }] }),
    (e: unknown) => e instanceof DatasetError && /cut\.gz: (connection lost|truncated)/.test(e.message),
  );
  const closed = await new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => ok(port));
    });
  });
  await assert.rejects(
    downloadFiles({ baseUrl: `http://127.0.0.1:${closed}/`, dir, files: [{ name: 'x' }] }),
    (e: unknown) => e instanceof DatasetError && /ECONNREFUSED/.test(e.message),
  );
  await assert.rejects(downloadFiles({ baseUrl: base, dir, files: [{ name: '../escape' }] }), DatasetError);
  assert.deepEqual(readdirSync(dir), []);
});

test('data fetch: the known Fashion-MNIST checksums accept the shipped (recompressed) files', async (t) => {
  const shipped = resolve(import.meta.dirname, '../../../suites/data/fashion-mnist');
  const known = KNOWN_DOWNLOADS['fashion-mnist'];
  const t10k = known.files.filter((f) => f.name.startsWith('t10k'));
  const routes = Object.fromEntries(t10k.map((f) => [`/data/${f.name}`, { body: readFileSync(join(shipped, f.name)) }]));
  const { base } = await serve(t, routes);
  const dir = tempDir(t);
  const got = await downloadFiles({ baseUrl: base, dir, files: t10k });
  assert.deepEqual(
    got.map((f) => f.name),
    ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
  );
});

test('data fetch: reports progress and the variable to set; unknown datasets and bad URLs are usage errors', async (t) => {
  const body = Buffer.from('x');
  const routes = Object.fromEntries(KNOWN_DOWNLOADS.mnist.files.map((f) => [`/data/${f.name}`, { body }]));
  const { base } = await serve(t, routes);
  const lines: string[] = [];
  const dir = tempDir(t);
  await assert.rejects(
    fetchDataset('mnist', { dir, baseUrl: base }, (l) => lines.push(l)),
    (e: unknown) =>
      e instanceof DatasetError && /train-images-idx3-ubyte\.gz: checksum mismatch.*md5 expected f68b3c2dcbeaaa9fbdd348bbdeb94873/.test(e.message),
  );
  assert.match(lines[0], /Fetching mnist from http:\/\/127\.0\.0\.1/);
  await assert.rejects(
    fetchDataset('imagenet', { dir }, () => {}),
    (e: unknown) => e instanceof UsageError && /Known: fashion-mnist, mnist/.test(e.message),
  );
  await assert.rejects(
    fetchDataset('mnist', { dir, baseUrl: 'ftp://x/' }, () => {}),
    UsageError,
  );
  assert.equal(existsSync(join(dir, 'train-images-idx3-ubyte.gz')), false);
});
