/**
 * A small RFC 4180 reader: fields separated by one delimiter character, optionally double-quoted
 * (a quoted field may hold the delimiter, newlines and `""` for a quote), LF or CRLF line ends,
 * a UTF-8 byte-order mark ignored, blank lines skipped. Each row keeps the line it started on, so
 * later errors can say `file:line`.
 */
import { DatasetError } from '../../errors.js';

export interface CsvRow {
  readonly fields: string[];
  /** 1-based line where the row starts. */
  readonly line: number;
}

export function parseCsv(text: string, delimiter: string, file: string): CsvRow[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DatasetError(`${file}: delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field.trim() !== '') throw new DatasetError(`${file}:${line}: a quote inside an unquoted field; quote the whole field and double inner quotes ("")`);
      field = '';
      inQuotes = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (inQuotes) throw new DatasetError(`${file}:${quoteLine}: quoted field never closed (missing ")`);
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
