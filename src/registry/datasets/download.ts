/**
 * Downloads dataset files with Node's fetch: each file streams to a temporary file in the target
 * folder, is checked (Content-Length, then every checksum we know), and only then renamed into
 * place, so an interrupted or corrupt download never leaves a file that looks complete. Files
 * already there whose checksums match are kept. Checksums: `sha256`/`md5` of the file as served
 * (upstream publishes MD5s), `contentSha256` of a gzip file's decompressed content (what divbench
 * hashes, and what stays the same when a mirror recompresses). When `contentSha256` is known it
 * replaces the `md5` check, so a recompressed copy of the right data is accepted.
 * Every download has an idle timeout (nothing received for 60 s) and a size cap (256 MiB per
 * file, announced or received); a signal removes the partial file before exiting, and a `.part`
 * file left by a killed process (its pid gone) is removed by the next download into the folder.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DatasetError, WriteError } from '../../errors.js';

export interface DownloadFile {
  readonly name: string;
  readonly sha256?: string;
  readonly md5?: string;
  readonly contentSha256?: string;
}

export interface DownloadOptions {
  readonly baseUrl: string;
  readonly files: readonly DownloadFile[];
  readonly dir: string;
  /** Download again even when a file with matching checksums is there. */
  readonly force?: boolean;
  readonly fetch?: typeof fetch;
  /** Give up when the server sends nothing for this long (connecting, headers or body). Default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Refuse a file larger than this (announced or received). Default 256 MiB. */
  readonly maxBytes?: number;
  readonly onProgress?: (event: { file: string; state: 'kept' | 'downloading' | 'done'; bytes?: number }) => void;
}

export interface DownloadedFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** True when the file was already there and verified. */
  readonly kept: boolean;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Partial files being written now: removed if the process is stopped by a signal. */
const inFlight = new Set<string>();

function removeInFlight(): void {
  for (const tmp of inFlight) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* best effort */
    }
  }
  inFlight.clear();
}

/** `.part` files a killed earlier download (kill -9) left: their pid is gone. */
async function removeStaleParts(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\..+\.(\d+)\.[0-9a-f]{8}\.part$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) await rm(join(dir, name), { force: true });
  }
}

export async function downloadFiles(o: DownloadOptions): Promise<DownloadedFile[]> {
  try {
    await mkdir(o.dir, { recursive: true });
  } catch (e) {
    throw new WriteError(o.dir, e, 'Choose another --dir');
  }
  await removeStaleParts(o.dir);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (s: NodeJS.Signals) => {
    removeInFlight();
    process.exit(128 + os.constants.signals[s]);
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    const out: DownloadedFile[] = [];
    for (const file of o.files) out.push(await downloadOne(file, o));
    return out;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

async function downloadOne(file: DownloadFile, o: DownloadOptions): Promise<DownloadedFile> {
  if (file.name.includes('/') || file.name.includes('\\') || file.name.startsWith('.')) {
    throw new DatasetError(`download: refusing file name '${file.name}' (must be a plain file name)`);
  }
  const dest = join(o.dir, file.name);
  const known = file.sha256 !== undefined || file.md5 !== undefined || file.contentSha256 !== undefined;
  if (!o.force && known && (await exists(dest))) {
    const digests = await hashFile(dest);
    if ((await mismatches(file, digests, dest)).length === 0) {
      o.onProgress?.({ file: file.name, state: 'kept', bytes: digests.bytes });
      return { name: file.name, path: dest, bytes: digests.bytes, sha256: digests.sha256, kept: true };
    }
  }
  const url = new URL(file.name, o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`).href;
  const tmp = join(o.dir, `.${file.name}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
  inFlight.add(tmp);
  try {
    o.onProgress?.({ file: file.name, state: 'downloading' });
    const digests = await fetchTo(url, tmp, o.fetch ?? fetch, {
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      maxBytes: o.maxBytes ?? DEFAULT_MAX_BYTES,
    });
    const bad = await mismatches(file, digests, tmp);
    if (bad.length > 0) {
      throw new DatasetError(
        `${file.name}: checksum mismatch for ${url}: ${bad.join('; ')}. The download is corrupt or the server holds a different file; try again or another --base-url`,
      );
    }
    try {
      await rename(tmp, dest);
    } catch (e) {
      throw new WriteError(dest, e);
    }
    o.onProgress?.({ file: file.name, state: 'done', bytes: digests.bytes });
    return { name: file.name, path: dest, bytes: digests.bytes, sha256: digests.sha256, kept: false };
  } finally {
    await rm(tmp, { force: true });
    inFlight.delete(tmp);
  }
}

interface Digests {
  readonly sha256: string;
  readonly md5: string;
  readonly bytes: number;
}

class DownloadAbort extends Error {}

async function fetchTo(url: string, tmp: string, fetchFn: typeof fetch, limits: { idleTimeoutMs: number; maxBytes: number }): Promise<Digests> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let why = '';
  const abort = (reason: string) => {
    why = reason;
    controller.abort(new DownloadAbort(reason));
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort(`no data for ${Math.round(limits.idleTimeoutMs / 1000)} s (timed out)`), limits.idleTimeoutMs);
  };
  arm();
  try {
    let res: Response;
    try {
      res = await fetchFn(url, { redirect: 'follow', signal: controller.signal });
    } catch (e) {
      if (why) throw new DatasetError(`download ${url}: ${why}; try again, or use --base-url for a mirror`, { cause: e });
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new DatasetError(
        `download ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message} (check the address and your network, or use --base-url for a mirror)`,
        { cause: e },
      );
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => {});
      throw new DatasetError(`download ${url}: HTTP ${res.status} ${res.statusText}`.trimEnd());
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await res.body.cancel().catch(() => {});
      throw new DatasetError(
        `download ${url}: the server announces ${declared} bytes, more than the ${limits.maxBytes} a dataset file may have; refusing (wrong URL?)`,
      );
    }
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    let bytes = 0;
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            arm();
            bytes += chunk.length;
            if (bytes > limits.maxBytes) {
              abort(`more than ${limits.maxBytes} bytes, more than a dataset file may have; refusing (wrong URL?)`);
              throw new DownloadAbort(why);
            }
            sha.update(chunk);
            md5.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
    } catch (e) {
      if (why) throw new DatasetError(`download ${url}: ${why}`, { cause: e });
      const code = (e as NodeJS.ErrnoException).code;
      if (code && /^E(NOSPC|DQUOT|ROFS|ACCES|PERM|NOTDIR|ISDIR|IO)$/.test(code)) throw new WriteError(tmp, e);
      throw new DatasetError(`download ${url}: connection lost after ${bytes} bytes (${(e as Error).message}); try again`, { cause: e });
    }
    if (Number.isFinite(declared) && res.headers.get('content-encoding') === null && declared !== bytes) {
      throw new DatasetError(`download ${url}: truncated: server announced ${declared} bytes, received ${bytes}; try again`);
    }
    return { sha256: sha.digest('hex'), md5: md5.digest('hex'), bytes };
  } finally {
    clearTimeout(timer);
  }
}

async function mismatches(file: DownloadFile, d: Digests, path: string): Promise<string[]> {
  const bad: string[] = [];
  if (file.sha256 && file.sha256.toLowerCase() !== d.sha256) bad.push(`sha256 expected ${file.sha256}, got ${d.sha256}`);
  // A mirror may recompress (Debian does): when the content's sha256 is known, it decides.
  if (file.md5 && !file.contentSha256 && file.md5.toLowerCase() !== d.md5) bad.push(`md5 expected ${file.md5}, got ${d.md5}`);
  if (file.contentSha256) {
    const got = await gunzipSha256(path).catch((e: unknown) => `not valid gzip (${(e as Error).message})`);
    if (got !== file.contentSha256.toLowerCase()) bad.push(`decompressed sha256 expected ${file.contentSha256}, got ${got}`);
  }
  return bad;
}

async function hashFile(path: string): Promise<Digests> {
  const hashes: Hash[] = [createHash('sha256'), createHash('md5')];
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const h of hashes) h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hashes[0].digest('hex'), md5: hashes[1].digest('hex'), bytes };
}

async function gunzipSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), createGunzip(), async function (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) h.update(chunk);
  });
  return h.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
