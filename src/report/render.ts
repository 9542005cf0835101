/** View model → one self-contained HTML file (CSS and script inline, no network). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../package-info.js';
import type { ReportView } from './view-model.js';

const TEMPLATES = join(PACKAGE_ROOT, 'src', 'report', 'templates');

function template(name: string): string {
  return readFileSync(join(TEMPLATES, name), 'utf8');
}

export function renderHtml(view: ReportView): string {
  const hb = Handlebars.create();
  hb.registerHelper('json', (v: unknown) => new hb.SafeString(JSON.stringify(v).replace(/</g, '\\u003c')));
  const render = hb.compile(template('report.hbs'), { strict: false, noEscape: false });
  return render({ ...view, css: new hb.SafeString(template('report.css')), script: new hb.SafeString(template('report.js')) });
}
