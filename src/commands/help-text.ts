/**
 * Help text that follows the terminal's width (commander wraps descriptions itself; this wraps
 * the examples block the same way): a command and its explanation on one line when both fit,
 * else the explanation wrapped on the lines below.
 */

/** Words of `text` wrapped to `width` columns, each line prefixed by `indent`. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** The "Examples:" block for a terminal `columns` wide (80 when unknown, e.g. piped). */
export function examplesHelp(examples: ReadonlyArray<readonly [string, string]>, columns = 80): string {
  const width = Math.max(40, columns - 1);
  const pad = Math.max(...examples.map(([c]) => c.length)) + 4;
  const out = ['', 'Examples:'];
  for (const [cmd, what] of examples) {
    if (pad + what.length <= width) out.push(`  ${cmd.padEnd(pad - 2)}${what}`);
    else if (pad + 20 <= width) {
      const [first, ...rest] = wrapText(what, width - pad);
      out.push(`  ${cmd.padEnd(pad - 2)}${first}`, ...rest.map((l) => ' '.repeat(pad) + l));
    } else out.push(`  ${cmd}`, ...wrapText(what, width, '      '));
  }
  return out.join('\n');
}
