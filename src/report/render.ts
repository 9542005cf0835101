/**
 * View model → one self-contained HTML file: CSS, script, charts (static SVG rendered by vega at
 * report time) and thumbnails (PNG data URLs) inline; no network request. Templates only loop and
 * print; every string goes through handlebars' escaping except the vega SVG, which is checked to
 * be inert (charts/render-svg.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../package-info.js';
import { assertInertSvg, SvgRenderer } from './charts/render-svg.js';
import type { ChartView, ReportView } from './types.js';

const TEMPLATES = join(PACKAGE_ROOT, 'src', 'report', 'templates');

function template(name: string): string {
  return readFileSync(join(TEMPLATES, name), 'utf8');
}

/** Every chart of the report, in page order. */
export function chartsOf(view: ReportView): ChartView[] {
  const out: ChartView[] = [];
  if (view.across?.chart) out.push(view.across.chart);
  for (const d of view.datasets) {
    out.push(...(d.homogenization?.charts ?? []));
    for (const c of d.details) if (c.lossChart) out.push(c.lossChart);
  }
  return out;
}

/** Renders every chart to SVG (id → markup). */
export async function renderCharts(view: ReportView): Promise<Map<string, string>> {
  const renderer = new SvgRenderer();
  const svgs = new Map<string, string>();
  try {
    for (const c of chartsOf(view)) svgs.set(c.id, c.svg !== undefined ? assertInertSvg(c.svg) : await renderer.render(c.spec));
  } finally {
    renderer.finalize();
  }
  return svgs;
}

/** A text-safe id for HTML attributes (ids come from kebab-case cell ids, but never trust). */
const domId = (id: string) => `c-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export async function renderHtml(view: ReportView): Promise<string> {
  const svgs = await renderCharts(view);
  const hb = Handlebars.create();
  hb.registerHelper('chart', (c: ChartView | null | undefined) => {
    if (!c) return '';
    const svg = svgs.get(c.id);
    if (svg === undefined) throw new Error(`chart ${c.id} was not rendered`);
    return new hb.SafeString(svg);
  });
  hb.registerHelper('domId', (id: string) => domId(String(id)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const f of readdirSync(join(TEMPLATES, 'partials'))) {
    if (f.endsWith('.hbs')) hb.registerPartial(f.replace(/\.hbs$/, ''), readFileSync(join(TEMPLATES, 'partials', f), 'utf8'));
  }
  const render = hb.compile(template('report.hbs'), { strict: false, noEscape: false });
  // The metric definitions ship with divbench (docs/metrics.md); the report links to that copy.
  const metricsDoc = pathToFileURL(join(PACKAGE_ROOT, 'docs', 'metrics.md')).href;
  return render({ ...view, metricsDoc, css: new hb.SafeString(template('report.css')), script: new hb.SafeString(template('report.js')) });
}
