/**
 * Reading dataset files: whole-file reads with errors that name the file, and transparent gzip
 * (detected by the 1f 8b magic, not by the file name). Decompression runs on libuv's thread pool,
 * so several files load in parallel.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DatasetError } from '../../errors.js';

const gunzipAsync = promisify(gunzip);

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function readDatasetFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : String((e as Error).message);
    throw new DatasetError(`${file}: ${why}`, { cause: e });
  }
}

/** The file's bytes, gunzipped when the file is gzip. */
export async function readMaybeGzip(file: string): Promise<Buffer> {
  const raw = await readDatasetFile(file);
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw);
  } catch (e) {
    throw new DatasetError(`${file}: corrupt gzip data (${(e as Error).message}); the file is damaged or incomplete — download it again`, { cause: e });
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
