/** The environment a run happened in (`env.json`): versions, hardware, git commit. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { PACKAGE_ROOT, VERSION } from '../package-info.js';
import { backendPackages } from '../spec/backends.js';
import type { EnvInfo } from '../store/results.js';

export type { EnvInfo };

function packageVersion(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function collectEnv(): EnvInfo {
  const cpus = os.cpus();
  const cpu = { model: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    divbench: VERSION,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpu,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    packages: Object.fromEntries(backendPackages().map((p) => [p, packageVersion(p)])),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    hardwareFingerprint: createHash('sha256').update(`${cpu.model}|${cpu.cores}|${process.platform}|${process.arch}`).digest('hex').slice(0, 16),
  };
}
