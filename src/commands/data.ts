/**
 * `divbench data fetch <dataset> --dir <dir> [--base-url URL] [--force]`: downloads the full
 * data for datasets divbench cannot ship (fashion-mnist's 60k training split, mnist), verifying
 * the published checksums. Errors print through `action()` (error[code], exit 2).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { downloadFiles } from '../registry/datasets/download.js';
import { KNOWN_DOWNLOADS } from '../registry/datasets/known-downloads.js';
import { action, parsePositiveInt } from './action.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('Manage dataset files');
  data
    .command('fetch')
    .description(`Download a dataset's official files and verify their checksums (${Object.keys(KNOWN_DOWNLOADS).join(', ')})`)
    .argument('<dataset>', `dataset type: ${Object.keys(KNOWN_DOWNLOADS).join(', ')}`)
    .requiredOption('--dir <dir>', 'folder to write the files into (created if needed)')
    .option('--base-url <url>', 'download from this mirror instead of the default')
    .option('--force', 'download again even when verified files are already there')
    .option('--timeout <seconds>', 'give up when the server sends nothing for this long', parsePositiveInt('--timeout'), 60)
    .action(
      action(async (dataset: string, opts: { dir: string; baseUrl?: string; force?: boolean; timeout?: number }) => {
        await fetchDataset(dataset, opts);
      }),
    );
}

export async function fetchDataset(
  dataset: string,
  opts: { dir: string; baseUrl?: string; force?: boolean; timeout?: number; maxBytes?: number },
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<void> {
  const known = Object.hasOwn(KNOWN_DOWNLOADS, dataset) ? KNOWN_DOWNLOADS[dataset] : undefined;
  if (!known) {
    throw new UsageError(
      `cannot fetch '${dataset}'. Known: ${Object.keys(KNOWN_DOWNLOADS).join(', ')} (cifar10: download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract it yourself)`,
    );
  }
  if (opts.baseUrl !== undefined && !/^https?:\/\//.test(opts.baseUrl)) {
    throw new UsageError(`--base-url must be an http:// or https:// URL, got '${opts.baseUrl}'`);
  }
  const dir = resolve(opts.dir);
  const baseUrl = opts.baseUrl ?? known.baseUrl;
  log(`Fetching ${dataset} from ${baseUrl} into ${dir}`);
  const files = await downloadFiles({
    baseUrl,
    dir,
    files: known.files,
    force: opts.force,
    ...(opts.timeout !== undefined ? { idleTimeoutMs: opts.timeout * 1000 } : {}),
    ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    onProgress: (e) => {
      if (e.state === 'downloading') log(`  ${e.file}: downloading…`);
      else if (e.state === 'kept') log(`  ${e.file}: already there, checksums match`);
      else if (e.state === 'done') log(`  ${e.file}: ${e.bytes} bytes, verified`);
    },
  });
  log(`Done: ${files.length} files in ${dir}. Use them with ${known.use.replace('<dir>', dir)}.`);
  if (!opts.baseUrl && known.mirrors.length > 0) log(`(If the default server fails, try --base-url ${known.mirrors[0]})`);
}
