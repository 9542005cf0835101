/**
 * From parsed CSV rows to a numeric table: pick the label column (by name or 0-based index,
 * default the last), the feature columns (all others except `ignore`), check every row has the
 * header's width and every feature is a finite number, and map label values to class indices.
 */
import { DatasetError, shown } from '../../errors.js';
import type { CsvRow } from './csv-parse.js';

export type ColumnRef = string | number;

export interface CsvTableOptions {
  readonly file: string;
  readonly header: boolean;
  readonly label?: ColumnRef;
  readonly ignore: readonly ColumnRef[];
  readonly limit?: number;
}

export interface CsvTable {
  /** Row-major features, `n * featureNames.length`. */
  readonly x: Float32Array;
  /** Label values as written (trimmed), one per row. */
  readonly labels: string[];
  /** Line each row starts on, for messages. */
  readonly lines: number[];
  readonly n: number;
  readonly featureNames: string[];
  readonly labelName: string;
}

const FLOAT32_MAX = 3.4028234663852886e38;

export function csvTable(rows: readonly CsvRow[], o: CsvTableOptions): CsvTable {
  if (rows.length === 0) throw new DatasetError(`${o.file}: empty CSV file`);
  const width = rows[0].fields.length;
  const names = o.header ? rows[0].fields.map((f) => f.trim()) : rows[0].fields.map((_, i) => `column ${i}`);
  if (o.header) {
    const first = new Map<string, number>();
    names.forEach((name, i) => {
      if (name === '') throw new DatasetError(`${o.file}:${rows[0].line}: header column ${i + 1} has no name; name every column (or set header: false)`);
      const j = first.get(name);
      if (j !== undefined)
        throw new DatasetError(`${o.file}:${rows[0].line}: header names '${shown(name)}' twice (columns ${j + 1} and ${i + 1}); column names must be unique`);
      first.set(name, i);
    });
  }
  let data = o.header ? rows.slice(1) : rows;
  if (o.limit !== undefined) data = data.slice(0, o.limit);
  if (data.length === 0) throw new DatasetError(`${o.file}: no data rows${o.header ? ' after the header' : ''}`);
  if (width < 2) throw new DatasetError(`${o.file}:${rows[0].line}: only ${width} column; need at least one feature and a label (is the delimiter right?)`);

  const labelCol = o.label === undefined ? width - 1 : columnIndex(o.label, names, o);
  const ignored = new Set(o.ignore.map((c) => columnIndex(c, names, o)));
  if (ignored.has(labelCol)) throw new DatasetError(`${o.file}: column '${shown(names[labelCol])}' is both the label and ignored`);
  const featureCols = names.map((_, i) => i).filter((i) => i !== labelCol && !ignored.has(i));
  if (featureCols.length === 0) throw new DatasetError(`${o.file}: no feature columns left after taking the label and ignored columns`);

  const d = featureCols.length;
  const x = new Float32Array(data.length * d);
  const labels: string[] = new Array(data.length);
  const headerWhere = o.header ? `the header on line ${rows[0].line}` : `line ${rows[0].line}`;
  data.forEach((row, r) => {
    if (row.fields.length !== width) {
      throw new DatasetError(
        `${o.file}:${row.line}: ${row.fields.length} fields, expected ${width} as on ${headerWhere} (ragged row; check quoting and the delimiter)`,
      );
    }
    for (let j = 0; j < d; j++) {
      const raw = row.fields[featureCols[j]].trim();
      const v = raw === '' ? NaN : Number(raw);
      const where = `${o.file}:${row.line}: column ${featureCols[j] + 1} ('${shown(names[featureCols[j]])}')`;
      if (!Number.isFinite(v)) {
        const what = raw === '' ? 'is empty' : `'${shown(raw)}' is not a finite number`;
        throw new DatasetError(`${where}: value ${what}; features must be numeric (drop the column with ignore, or fix the row)`);
      }
      if (Math.abs(v) > FLOAT32_MAX) {
        throw new DatasetError(
          `${where}: value '${shown(raw)}' is beyond float32's range (±3.4e38), in which features are stored; rescale the column or drop it with ignore`,
        );
      }
      x[r * d + j] = v;
    }
    const label = row.fields[labelCol].trim();
    if (label === '') throw new DatasetError(`${o.file}:${row.line}: empty label in column ${labelCol + 1} ('${shown(names[labelCol])}')`);
    labels[r] = label;
  });
  return { x, labels, lines: data.map((r) => r.line), n: data.length, featureNames: featureCols.map((i) => names[i]), labelName: names[labelCol] };
}

function columnIndex(ref: ColumnRef, names: readonly string[], o: CsvTableOptions): number {
  if (typeof ref === 'number') {
    if (ref < names.length) return ref;
    throw new DatasetError(`${o.file}: column index ${ref} out of range; the file has ${names.length} columns (0..${names.length - 1})`);
  }
  if (!o.header) throw new DatasetError(`${o.file}: column '${shown(ref)}' given by name but header is false; use a 0-based index`);
  const i = names.indexOf(ref);
  if (i < 0) throw new DatasetError(`${o.file}: no column named '${shown(ref)}'. Columns: ${shown(names.map((n) => shown(n, 40)).join(', '), 400)}`);
  return i;
}

/**
 * Class indices from label values: the distinct values sorted — numerically when every value is
 * a number (so "2" < "10", and "1" and "1.0" are one class), else by code point — index i is the
 * i-th. Sorting, not order of appearance, keeps indices stable when rows are reordered.
 */
export function classIndex(labels: readonly string[]): { y: Int32Array; classNames: string[]; keyOf: (label: string) => string } {
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  const keyOf = numeric ? (l: string) => String(Number(l)) : (l: string) => l;
  const keys = [...new Set(labels.map(keyOf))];
  keys.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(keys.map((k, i) => [k, i]));
  const y = Int32Array.from(labels, (l) => index.get(keyOf(l)) as number);
  return { y, classNames: keys, keyOf };
}
