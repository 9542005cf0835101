/** Temp folders, a submitted fixture baseline, and manifest edits for the baseline tests. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../src/store/arrow-file.js';
import { draftFromRun } from '../../src/baselines/submit-run.js';
import { writeBaseline } from '../../src/baselines/manifest/write.js';
import { makeFixtureRun, type FixtureCell } from './fixture-run.js';

export const tmp = (p: string) => mkdtempSync(join(tmpdir(), `divbench-bl-${p}-`));

export async function fixtureBaseline(name = 'fixture', cells?: FixtureCell[]): Promise<{ run: string; root: string; dir: string }> {
  const run = await makeFixtureRun(tmp('run'), cells);
  const root = tmp('baselines');
  const { dir } = writeBaseline(root, draftFromRun(run, name).draft);
  return { run, root, dir };
}

export function editManifest(dir: string, edit: (m: any) => void): void {
  const p = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8'));
  edit(m);
  writeFileSync(p, JSON.stringify(m, null, 2));
}

/** Re-records a file's size and hash in the manifest (a careful forger's edit). */
export function rehash(dir: string, rel: string): void {
  const bytes = readFileSync(join(dir, rel));
  editManifest(dir, (m) => {
    for (const e of [...m.models, ...m.datasets]) if (e.file.path === rel) e.file = { ...e.file, sha256: sha256(bytes), bytes: bytes.byteLength };
  });
}
