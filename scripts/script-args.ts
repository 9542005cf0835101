/**
 * Command-line options for the benchmark and profiling scripts: node's parseArgs plus `--help`
 * (prints the usage, exit 0) and, for an unknown option or a missing value, the error and the
 * usage on stderr with exit 2 — not a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>['values'];

/** The options as a usage line: `--name <default>` for strings, `--flag` for booleans. */
function optionList(options: Options): string {
  return Object.entries(options)
    .map(([name, o]) => (o.type === 'string' ? `[--${name} ${o.default === undefined || o.default === '' ? '…' : String(o.default)}]` : `[--${name}]`))
    .join(' ');
}

export function scriptArgs<const O extends Options>(what: string, options: O): Values<O> {
  const usage = `${what}\noptions (defaults shown): ${optionList(options)} [--help]`;
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed.values as Values<O>;
}
