/**
 * Reads and validates `manifest.json`: the schema version first (an unknown version is rejected
 * by itself, before its shape is judged), then the zod schema, one problem per line.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { recoverReplacedBaselines } from './write.js';
import { BASELINE_SCHEMA_VERSION, ManifestSchema, type BaselineManifest } from './schema.js';
import { fileProblem, MANIFEST_FILE } from './names.js';

export type ManifestRead = { manifest: BaselineManifest; problems: [] } | { manifest: null; problems: string[] };

export function readManifest(dir: string): ManifestRead {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    // A `submit --force` killed between its two renames left the old baseline aside: put it back.
    recoverReplacedBaselines(dirname(dirname(resolve(dir))));
    try {
      st = lstatSync(dir);
    } catch {
      return { manifest: null, problems: ['no such baseline folder (baselines live in reports/baselines/<suite>/<name>/)'] };
    }
  }
  if (st.isSymbolicLink()) return { manifest: null, problems: ['the baseline folder is a symbolic link'] };
  if (!st.isDirectory()) return { manifest: null, problems: ['not a folder'] };
  const fp = fileProblem(dir, MANIFEST_FILE);
  if (fp) return { manifest: null, problems: [fp] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    return { manifest: null, problems: [`${MANIFEST_FILE} is not valid JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).schemaVersion : undefined;
  if (version !== BASELINE_SCHEMA_VERSION) {
    return {
      manifest: null,
      problems: [
        `${MANIFEST_FILE}: schemaVersion ${JSON.stringify(version)} is not supported (this divbench reads schemaVersion ${BASELINE_SCHEMA_VERSION}); upgrade divbench or resubmit the baseline`,
      ],
    };
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      manifest: null,
      problems: parsed.error.issues.map((i) => {
        const path = i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '');
        const what = i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.map((k) => `'${k}'`).join(', ')}` : i.message;
        return `${MANIFEST_FILE}: ${path || '(top level)'}: ${what}`;
      }),
    };
  }
  return { manifest: parsed.data, problems: [] };
}
