/**
 * Vega-Lite specs → static SVG at report time, through vega's headless renderer (no browser, no
 * canvas). Compiled views are cached by spec shape: charts that differ only in their data (the
 * per-cell loss curves) reuse one parsed view and only swap the data, which is what keeps a
 * 500-cell report fast.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../types.js';

const DATA = 'table';

/** Shared look: system fonts only (no web font request), no ARIA descriptions per mark (size). */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  aria: false,
  background: 'white',
  view: { stroke: '#e5e7eb' },
  axis: { labelColor: '#374151', titleColor: '#1d2330', gridColor: '#eef0f3', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600 },
  range: { category: ['#2563eb', '#e45756', '#54a24b', '#f58518', '#b279a2', '#72b7b2', '#9d755d', '#eeca3b', '#ff9da6', '#4c78a8'] },
};

/** Throws when an SVG string could run code or fetch anything: the report must stay inert and offline. */
export function assertInertSvg(svg: string): string {
  const bad = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["'](?!#|data:image\/)|@import|url\(\s*['"]?(?!#)/i.exec(svg);
  if (bad) throw new Error(`chart SVG contains active or external content (${bad[0]}): refusing to inline it`);
  return svg;
}

interface CachedView {
  readonly view: vega.View;
}

/**
 * Vega-Lite's compile logger with one known-benign warning dropped: a row-faceted chart with
 * independent y scales (the attribution chart) makes Vega-Lite warn that it unions the domain of
 * "the same field from different forks of the same data source" — which is what it is here (one
 * inline table). Every other warning still reaches stderr.
 */
const BENIGN = /faceted independent scales that union domain of the same fields/;
const base = vega.logger(vega.Warn);
const compileLogger = {
  level(...args: [number?]) {
    if (args.length === 0) return base.level();
    base.level(args[0] as number);
    return compileLogger;
  },
  error(...m: readonly unknown[]) {
    base.error(...m);
    return compileLogger;
  },
  warn(...m: readonly unknown[]) {
    if (!m.some((x) => BENIGN.test(String(x)))) base.warn(...m);
    return compileLogger;
  },
  info(...m: readonly unknown[]) {
    base.info(...m);
    return compileLogger;
  },
  debug(...m: readonly unknown[]) {
    base.debug(...m);
    return compileLogger;
  },
};

export class SvgRenderer {
  private readonly cache = new Map<string, CachedView>();

  /** Renders one Vega-Lite spec (inline `data.values`) to an SVG string. */
  async render(spec: VegaLiteSpec): Promise<string> {
    const { data, ...shape } = spec as { data?: { values?: unknown[] } } & Record<string, unknown>;
    const values = data?.values ?? [];
    const key = JSON.stringify(shape);
    let cached = this.cache.get(key);
    if (!cached) {
      const full = { ...shape, data: { name: DATA }, config: { ...CHART_CONFIG, ...(shape.config as object | undefined) } } as TopLevelSpec;
      const view = new vega.View(vega.parse(compile(full, { logger: compileLogger as never }).spec), { renderer: 'none' });
      cached = { view };
      this.cache.set(key, cached);
    }
    cached.view.data(DATA, values as object[]);
    await cached.view.runAsync();
    const svg = await cached.view.toSVG();
    return assertInertSvg(svg.replace(/^<svg /, '<svg role="img" '));
  }

  /** Frees every cached view. */
  finalize(): void {
    for (const c of this.cache.values()) c.view.finalize();
    this.cache.clear();
  }
}
