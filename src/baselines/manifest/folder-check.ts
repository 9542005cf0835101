/**
 * Structural checks of a baseline folder against its manifest: names (kebab-case, matching the
 * folder and its suite folder), ids (valid, unique, cell ids consistent with their components),
 * file paths (exactly the expected one per id — so nothing outside the folder can be named), no
 * symlinks, no file the manifest does not list, and each file's size and sha256.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sha256 } from '../../store/arrow-file.js';
import type { BaselineManifest } from './schema.js';
import { datasetFile, fileProblem, MANIFEST_FILE, modelFile, nameProblem } from './names.js';

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

function walk(root: string, rel = '', out: string[] = []): string[] {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(root, r));
    if (st.isDirectory()) walk(root, r, out);
    else out.push(r);
  }
  return out;
}

/** Problems with names, ids and files; `readable` holds the files safe to open (inside, plain). */
export function folderProblems(dir: string, m: BaselineManifest): { problems: string[]; readable: Set<string> } {
  const problems: string[] = [];
  const abs = resolve(dir);
  const folder = basename(abs);
  const suiteFolder = basename(dirname(abs));
  for (const p of [nameProblem('baseline folder name', folder), nameProblem('suite folder name', suiteFolder)]) if (p) problems.push(p);
  if (m.name !== folder) problems.push(`manifest name '${m.name}' does not match its folder '${folder}'`);
  if (m.suite.name !== suiteFolder)
    problems.push(`manifest suite '${m.suite.name}' does not match its folder '${suiteFolder}' (baselines live in reports/baselines/<suite>/<name>/)`);
  for (const d of duplicates(m.models.map((x) => x.id))) problems.push(`duplicate model id '${d}'`);
  for (const d of duplicates(m.datasets.map((x) => x.id))) problems.push(`duplicate dataset id '${d}'`);
  const datasetIds = new Set(m.datasets.map((d) => d.id));
  for (const x of m.models) {
    if (!datasetIds.has(x.dataset)) problems.push(`model '${x.id}': dataset '${x.dataset}' is not in the manifest's datasets`);
    if (m.kind === 'run') {
      if (x.seed === undefined || (x.model ? x.architecture || x.optimizer : !x.architecture || !x.optimizer)) {
        problems.push(`model '${x.id}': a run baseline's model needs a seed and either architecture + optimizer (a network) or model (another family)`);
      } else {
        const cellId = x.model ? `${x.dataset}.${x.model.id}.s${x.seed}` : `${x.dataset}.${x.architecture!.id}.${x.optimizer!.id}.s${x.seed}`;
        if (x.id !== cellId) problems.push(`model '${x.id}': id is not its cell id '${cellId}'`);
      }
      if (x.external) problems.push(`model '${x.id}': marked external in a run baseline`);
    } else if (!x.external) problems.push(`model '${x.id}': an external baseline's models must be marked external`);
  }
  const entries: [string, { path: string; sha256: string; bytes: number }][] = [
    ...m.datasets.map((x) => [`dataset '${x.id}'`, x.file] as [string, typeof x.file]),
    ...m.models.map((x) => [`model '${x.id}'`, x.file] as [string, typeof x.file]),
  ];
  const readable = new Set<string>();
  entries.forEach(([who, file], i) => {
    const want = i < m.datasets.length ? datasetFile(m.datasets[i].id) : modelFile(m.models[i - m.datasets.length].id);
    if (file.path !== want) {
      problems.push(
        `${who}: file path '${file.path}' is not the expected '${want}'${fileProblem(abs, file.path)?.includes('outside') ? ' (it points outside the baseline folder)' : ''}`,
      );
      return;
    }
    const fp = fileProblem(abs, want);
    if (fp) {
      problems.push(`${who}: ${fp}`);
      return;
    }
    const bytes = readFileSync(join(abs, want));
    if (bytes.byteLength !== file.bytes)
      problems.push(`${who}: ${want} has ${bytes.byteLength} bytes, the manifest says ${file.bytes} (truncated or modified)`);
    else if (sha256(bytes) !== file.sha256) problems.push(`${who}: ${want} sha256 differs from the manifest's (modified after submission)`);
    readable.add(want);
  });
  const allowed = new Set([MANIFEST_FILE, ...entries.map(([, f]) => f.path)]);
  for (const rel of walk(abs)) {
    const st = lstatSync(join(abs, rel));
    if (st.isSymbolicLink()) problems.push(`'${rel}' is a symbolic link (baselines hold plain files only)`);
    else if (!allowed.has(rel)) problems.push(`unexpected file '${rel}' (not named by the manifest): remove it`);
  }
  return { problems, readable };
}
