/**
 * Token-id sequences from a JSON-lines or CSV file: one example per line, a list of integer token
 * ids and a label. Sequences are padded with 0 (the padding id) or truncated to `maxLength`, so
 * real tokens should be ≥ 1. The vocabulary is 0..vocabSize-1 (default: the largest id + 1).
 *
 *   {"tokens": [4, 17, 9, 2], "label": "positive"}        (JSON lines)
 *   tokens,label                                          (CSV: ids separated by spaces)
 *   4 17 9 2,positive
 */
import { basename, extname, resolve } from 'node:path';
import { z } from 'zod';
import { DatasetError } from '../../errors.js';
import type { DatasetContext, DatasetDefinition, LoadedDataset } from '../types.js';
import { contentHash } from './content-hash.js';
import { parseCsv } from './csv-parse.js';
import { classIndex } from './csv-table.js';
import { readDatasetFile } from './file-bytes.js';

const MAX_LENGTH = 4096;
const MAX_VOCAB = 1 << 24; // float32 holds every integer below 2^24 exactly

const params = z
  .object({
    path: z.string().min(1).describe('JSON-lines (.jsonl) or CSV file, relative to the suite file'),
    format: z.enum(['jsonl', 'csv']).optional().describe('Default: from the extension (.jsonl/.ndjson → jsonl, otherwise csv)'),
    tokens: z.string().min(1).default('tokens').describe('Field (JSON key or CSV header) holding the token ids'),
    label: z.string().min(1).default('label').describe('Field holding the label; classes are the sorted distinct labels'),
    maxLength: z.number().int().min(1).max(MAX_LENGTH).optional().describe('Pad (with 0) or truncate to this many steps. Default: the longest sequence'),
    truncate: z.enum(['end', 'start']).default('end').describe('Which end a too-long sequence loses'),
    vocabSize: z.number().int().min(2).max(MAX_VOCAB).optional().describe('Ids are 0..vocabSize-1 (0 pads). Default: the largest id + 1'),
    limit: z.number().int().positive().optional().describe('Use only the first n examples'),
  })
  .strict();

export type SequenceFileParams = z.infer<typeof params>;

interface Raw {
  tokens: number[];
  label: string;
  line: number;
}

function parseIds(value: unknown, where: string): number[] {
  const list =
    typeof value === 'string'
      ? value
          .trim()
          .split(/[\s,]+/)
          .filter((t) => t !== '')
          .map(Number)
      : value;
  if (!Array.isArray(list)) throw new DatasetError(`${where}: token ids must be a list of integers (JSON array, or ids separated by spaces in CSV)`);
  for (const t of list) {
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= MAX_VOCAB) {
      throw new DatasetError(`${where}: token id ${JSON.stringify(t)} is not an integer in [0, ${MAX_VOCAB}); ids are vocabulary indices (0 pads)`);
    }
  }
  return list as number[];
}

function readJsonl(text: string, file: string, p: SequenceFileParams): Raw[] {
  const out: Raw[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === '' || (p.limit !== undefined && out.length >= p.limit)) return;
    const where = `${file}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(lineText);
    } catch {
      throw new DatasetError(`${where}: not valid JSON; each line must be one object like {"${p.tokens}": [4, 17, 9], "${p.label}": "a"}`);
    }
    if (obj === null || typeof obj !== 'object' || !(p.tokens in obj) || !(p.label in obj)) {
      throw new DatasetError(`${where}: each line needs the keys "${p.tokens}" and "${p.label}" (set the tokens/label params to use other keys)`);
    }
    const rec = obj as Record<string, unknown>;
    const label = rec[p.label];
    if (typeof label !== 'string' && typeof label !== 'number') throw new DatasetError(`${where}: label must be a string or a number`);
    out.push({ tokens: parseIds(rec[p.tokens], where), label: String(label), line: i + 1 });
  });
  return out;
}

function readCsv(text: string, file: string, p: SequenceFileParams): Raw[] {
  const rows = parseCsv(text, ',', file);
  if (rows.length === 0) return [];
  const header = rows[0].fields;
  const ti = header.indexOf(p.tokens);
  const li = header.indexOf(p.label);
  if (ti < 0 || li < 0)
    throw new DatasetError(
      `${file}:${rows[0].line}: the header needs the columns '${p.tokens}' and '${p.label}' (has: ${header.join(', ')}); set the tokens/label params to use other columns`,
    );
  const body = rows.slice(1, p.limit === undefined ? undefined : p.limit + 1);
  return body.map((r) => {
    const where = `${file}:${r.line}`;
    if (r.fields.length !== header.length) throw new DatasetError(`${where}: ${r.fields.length} fields, the header has ${header.length}`);
    return { tokens: parseIds(r.fields[ti], where), label: r.fields[li], line: r.line };
  });
}

async function loadSequences(p: SequenceFileParams, ctx: DatasetContext): Promise<LoadedDataset> {
  const file = resolve(ctx.suiteDir, p.path);
  const bytes = await readDatasetFile(file);
  const format = p.format ?? (['.jsonl', '.ndjson'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const raw = format === 'jsonl' ? readJsonl(text, file, p) : readCsv(text, file, p);
  if (raw.length < 2) throw new DatasetError(`${file}: ${raw.length} example(s); a dataset needs at least 2`);
  const { y, classNames } = classIndex(raw.map((r) => r.label));
  if (classNames.length < 2) throw new DatasetError(`${file}: every example has the label '${classNames[0]}'; classification needs at least 2 classes`);
  const longest = raw.reduce((m, r) => Math.max(m, r.tokens.length), 0);
  if (longest === 0) throw new DatasetError(`${file}: every sequence is empty`);
  const L = p.maxLength ?? Math.min(longest, MAX_LENGTH);
  let maxId = 0;
  for (const r of raw) for (const t of r.tokens) if (t > maxId) maxId = t;
  const vocabSize = p.vocabSize ?? maxId + 1;
  if (maxId >= vocabSize) {
    const bad = raw.find((r) => r.tokens.some((t) => t >= vocabSize))!;
    throw new DatasetError(
      `${file}:${bad.line}: token id ${bad.tokens.find((t) => t >= vocabSize)} ≥ vocabSize ${vocabSize}; raise vocabSize (or leave it out to use the largest id + 1 = ${maxId + 1})`,
    );
  }
  const x = new Float32Array(raw.length * L); // zeros: the padding id
  raw.forEach((r, i) => {
    const t = r.tokens.length > L ? (p.truncate === 'end' ? r.tokens.slice(0, L) : r.tokens.slice(r.tokens.length - L)) : r.tokens;
    x.set(t, i * L);
  });
  const truncated = raw.filter((r) => r.tokens.length > L).length;
  const { path: _path, ...settings } = p;
  return {
    x,
    y,
    n: raw.length,
    shape: [L],
    kind: 'sequence',
    vocabSize,
    numClasses: classNames.length,
    classNames,
    hash: contentHash([{ name: basename(file), bytes }], { ...settings, format }),
    source: `${file}: ${raw.length} sequences (${format}), length ${L}${truncated ? ` (${truncated} truncated at the ${p.truncate})` : ''}, vocabulary ${vocabSize}`,
  };
}

export const sequenceFile: DatasetDefinition<SequenceFileParams> = {
  type: 'sequence-file',
  kind: 'sequence',
  summary: 'Token-id sequences from a JSON-lines or CSV file (padded with 0; for lstm, gru, conv1d)',
  params,
  load: loadSequences,
};
