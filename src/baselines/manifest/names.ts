/**
 * Names and paths inside a baseline folder. Every file a manifest may point at has one expected
 * relative path derived from an id that was checked first, so a manifest can never name a file
 * outside its folder (`../`, absolute paths, symlinks are all rejected before anything is read).
 */
import { lstatSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';

/** Baseline, suite, dataset, architecture and optimizer ids: kebab-case. */
export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Model ids: kebab-case parts joined by dots (cell ids are `dataset.architecture.optimizer.s<seed>`). */
export const MODEL_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

// `constructor` is kebab-case but names an Object.prototype member: ids key plain objects.
function isKebab(s: string): boolean {
  return KEBAB.test(s) && !(s in Object.prototype);
}

export function isModelId(s: string): boolean {
  return MODEL_ID.test(s) && s.length <= 200 && s.split('.').every((part) => !(part in Object.prototype));
}

/** Why `name` is not a valid baseline name, or null. */
export function nameProblem(what: string, name: string): string | null {
  if (name.includes('/') || name.includes('\\') || name.includes('..'))
    return `${what} '${name}' contains a path separator or '..' (path traversal is not allowed); use a kebab-case name like 'wasm-2026-01'`;
  if (!isKebab(name)) return `${what} '${name}' is not kebab-case (lowercase letters, digits and single dashes, e.g. 'wasm-2026-01')`;
  return null;
}

export const MANIFEST_FILE = 'manifest.json';
export const modelFile = (id: string): string => `models/${id}.arrow`;
export const datasetFile = (id: string): string => `datasets/${id}.arrow`;

/** True when `rel` stays inside `root` once resolved (no `..`, not absolute). */
export function staysInside(root: string, rel: string): boolean {
  if (isAbsolute(rel) || normalize(rel).split(/[\\/]/).includes('..')) return false;
  const abs = resolve(root, rel);
  const back = relative(resolve(root), abs);
  return back !== '' && !back.startsWith(`..${sep}`) && back !== '..' && !isAbsolute(back);
}

/** Problem with a file the manifest names, or null: it must be inside, exist, and be a plain file. */
export function fileProblem(root: string, rel: string): string | null {
  if (!staysInside(root, rel)) return `file '${rel}' is outside the baseline folder`;
  let st;
  try {
    st = lstatSync(join(root, rel));
  } catch {
    return `file '${rel}' is missing`;
  }
  if (st.isSymbolicLink()) return `file '${rel}' is a symbolic link (baselines hold plain files only)`;
  if (!st.isFile()) return `'${rel}' is not a plain file`;
  return null;
}
