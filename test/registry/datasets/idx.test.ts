import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../../src/errors.js';
import { parseIdx, readIdx } from '../../../src/registry/datasets/idx.js';
import { loadIdxSplit } from '../../../src/registry/datasets/idx-split.js';
import { idxBytes, imageSet, tempDir, write } from './helpers.js';

test('parseIdx reads dims big-endian and returns the data', () => {
  const arr = parseIdx(idxBytes([2, 3], [1, 2, 3, 4, 5, 6]), 'f.idx');
  assert.deepEqual(arr.dims, [2, 3]);
  assert.deepEqual([...arr.data], [1, 2, 3, 4, 5, 6]);
  const big = parseIdx(idxBytes([70000], new Uint8Array(70000)), 'big');
  assert.deepEqual(big.dims, [70000]);
});

const corrupt: Array<[string, Buffer, RegExp]> = [
  ['bad magic', Buffer.from([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5]), /bad IDX magic number 0x12340801/],
  ['unsupported dtype', idxBytes([1], [0, 0, 0, 0], 0x0d), /dtype 0x0d \(float32\) is not supported/],
  ['too short', Buffer.from([0, 0]), /not an IDX file/],
  ['truncated header', idxBytes([3, 4], []).subarray(0, 9), /truncated IDX header/],
  ['truncated data', idxBytes([2, 3], [1, 2, 3, 4]), /truncated IDX data: header declares 2×3 = 6 bytes of data, file has 4/],
  ['extra data', idxBytes([2], [1, 2, 3]), /longer than declared.*1 extra/],
];
for (const [name, bytes, message] of corrupt) {
  test(`parseIdx rejects ${name}, naming the file`, () => {
    assert.throws(
      () => parseIdx(bytes, '/data/x-idx1-ubyte'),
      (e: unknown) => {
        assert.ok(e instanceof DatasetError);
        assert.match(e.message, /^\/data\/x-idx1-ubyte: /);
        assert.match(e.message, message);
        return true;
      },
    );
  });
}

test('readIdx reads gzip and raw files alike', async (t) => {
  const dir = tempDir(t);
  const bytes = idxBytes([3], [7, 8, 9]);
  const raw = await readIdx(write(join(dir, 'a'), bytes));
  const gz = await readIdx(write(join(dir, 'a.gz'), gzipSync(bytes)));
  assert.deepEqual([...gz.data], [...raw.data]);
  assert.deepEqual(gz.bytes, raw.bytes);
});

test('readIdx reports corrupt gzip and missing files by name', async (t) => {
  const dir = tempDir(t);
  const gz = gzipSync(idxBytes([100], new Uint8Array(100).fill(3)));
  const cut = write(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 12));
  await assert.rejects(readIdx(cut), (e: unknown) => e instanceof DatasetError && e.message.startsWith(`${cut}: corrupt gzip data`));
  const flipped = Buffer.from(gz);
  flipped[flipped.length - 6] ^= 0xff; // CRC/size trailer
  const bad = write(join(dir, 'bad.gz'), flipped);
  await assert.rejects(readIdx(bad), (e: unknown) => e instanceof DatasetError && e.message.startsWith(`${bad}: corrupt gzip data`));
  await assert.rejects(readIdx(join(dir, 'nope')), (e: unknown) => e instanceof DatasetError && /nope: file not found/.test(e.message));
});

test('loadIdxSplit scales pixels to [0, 1] and applies limit', async (t) => {
  const dir = tempDir(t);
  const { images, labels } = imageSet(5);
  const imagesFile = write(join(dir, 'i'), images);
  const labelsFile = write(join(dir, 'l'), labels);
  const s = await loadIdxSplit({ imagesFile, labelsFile, height: 28, width: 28, numClasses: 10, limit: 3 });
  assert.equal(s.n, 3);
  assert.equal(s.x.length, 3 * 784);
  assert.deepEqual([...s.y], [0, 1, 2]);
  assert.equal(s.x[784 + 254], 255 / 255); // image 1, pixel 254: (1 + 254) % 256
  assert.equal(s.x[784 + 255], 0);
  assert.ok(Math.abs(s.x[2 * 784 + 10] - 12 / 255) < 1e-7);
});

test('loadIdxSplit checks the pair: count mismatch, label range, dims', async (t) => {
  const dir = tempDir(t);
  const five = imageSet(5);
  const imagesFile = write(join(dir, 'imgs'), five.images);
  const fourLabels = write(join(dir, 'four'), idxBytes([4], [0, 1, 2, 3]));
  const outOfRange = write(join(dir, 'oor'), imageSet(5, { labelOffset: 6 }).labels);
  const wrongDims = write(join(dir, 'dims'), idxBytes([2, 4, 4], new Uint8Array(32)));
  const opts = { height: 28, width: 28, numClasses: 10 };
  await assert.rejects(
    loadIdxSplit({ ...opts, imagesFile, labelsFile: fourLabels }),
    (e: unknown) => e instanceof DatasetError && e.message.startsWith(fourLabels) && /4 labels but .* has 5 images/.test(e.message),
  );
  await assert.rejects(
    loadIdxSplit({ ...opts, imagesFile, labelsFile: outOfRange }),
    (e: unknown) => e instanceof DatasetError && e.message.startsWith(outOfRange) && /label 10 of example 4 is out of range/.test(e.message),
  );
  await assert.rejects(
    loadIdxSplit({ ...opts, imagesFile: wrongDims, labelsFile: fourLabels }),
    (e: unknown) => e instanceof DatasetError && e.message.startsWith(wrongDims) && /2×4×4, expected N×28×28/.test(e.message),
  );
});
