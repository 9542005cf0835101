/** `divbench validate <suite>` and `divbench list`. */
import { Command } from 'commander';
import { z } from 'zod';
import { registry, AXES } from '../registry/index.js';
import { RECIPE_AXES, recipes } from '../registry/recipes/index.js';
import type { ComponentDefinition } from '../registry/types.js';
import { incompatibleCells } from '../spec/compatibility.js';
import { expandMatrix } from '../spec/expand-matrix.js';
import { loadSuite } from '../spec/load-suite.js';
import { SuiteError } from '../errors.js';
import { formatDuration } from '../spec/duration.js';
import { action } from './action.js';
import { dirname } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { plural } from '../report/format.js';
import { matrixShape } from '../report/matrix-shape.js';
import { protocolPower } from '../analysis/power.js';
import { recipeKey } from '../analysis/factors.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a suite file and print the cells it expands to')
    .argument('<suite...>', 'suite file(s)')
    .option('--cells', 'list every cell id')
    .action(
      action(async (files: string[], o: { cells?: boolean }) => {
        for (const file of files) {
          const suite = loadSuite(file);
          const cells = expandMatrix(suite);
          const bad = incompatibleCells(cells);
          if (bad.length) throw new SuiteError(file, bad);
          const p = suite.protocol;
          process.stdout.write(
            `${file}: ok — suite '${suite.name}': ${plural(cells.length, 'cell')} (${matrixShape(suite)}); ${p.repeats}×${p.folds}-fold${p.stratified ? ' stratified' : ''}, ${plural(p.epochs, 'epoch')}, batch ${p.batchSize}, timeout ${formatDuration(p.timeoutMs)} per cell\n`,
          );
          // Which data each dataset resolves to (variant: auto may pick another set than the one a person had in mind).
          for (const ds of suite.datasets) {
            const def = registry.datasets[ds.type];
            if (!def?.describe) continue;
            process.stdout.write(
              `  ${ds.id}: ${await def.describe(ds.params, { packageRoot: PACKAGE_ROOT, suiteDir: dirname(suite.file), env: process.env })}\n`,
            );
          }
          // What the protocol can detect (analysis/power.ts): warn when it cannot tell models apart
          const perRecipe = new Map<string, number>();
          for (const c of cells) {
            const k = `${c.dataset.id}|${recipeKey(c.factors)}`;
            perRecipe.set(k, (perRecipe.get(k) ?? 0) + 1);
          }
          const power = protocolPower({
            folds: p.folds,
            repeats: p.repeats,
            seedsPerRecipe: Math.min(...perRecipe.values()),
            seedCounts: [...perRecipe.values()],
          });
          for (const w of power.warnings) process.stdout.write(`  warning: ${w}\n`);
          if (power.mdd !== null)
            process.stdout.write(
              `  power: accuracy differences ≥ ${(power.mdd * 100).toFixed(1)} pp are detectable (α 0.05, power 0.8; ${power.mddFactor?.toFixed(2)} × σ_d at an assumed σ_d = ${(power.splitSd * 100).toFixed(0)} pp of per-split differences; the report states it with the observed σ_d)\n`,
            );
          if (o.cells) for (const c of cells) process.stdout.write(`  ${c.id}\n`);
        }
      }),
    );
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the registered datasets, architectures, optimizers and model families with their params')
    .option('--json', 'as JSON (with JSON Schemas of the params)')
    .action(
      action((o: { json?: boolean }) => {
        // The component registries, then the recipe axes (schedules, regularization, augmentation, earlyStopping, backbones).
        const sections: Array<[string, Record<string, ComponentDefinition>]> = [
          ...AXES.map((a): [string, Record<string, ComponentDefinition>] => [a, registry[a]]),
          ...RECIPE_AXES.map((a): [string, Record<string, ComponentDefinition>] => [a, recipes[a]]),
        ];
        if (o.json) {
          const out = Object.fromEntries(
            sections.map(([axis, defs]) => [
              axis,
              Object.fromEntries(
                Object.values(defs).map((d) => [d.type, { summary: d.summary, params: z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) }]),
              ),
            ]),
          );
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        for (const [axis, defs] of sections) {
          process.stdout.write(`\n${axis.toUpperCase()}\n`);
          for (const def of Object.values(defs)) {
            process.stdout.write(`  ${def.type.padEnd(14)} ${def.summary}\n`);
            const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as {
              properties?: Record<string, { description?: string; default?: unknown; type?: string | string[]; enum?: unknown[] }>;
            };
            for (const [name, prop] of Object.entries(schema.properties ?? {})) {
              const type = prop.enum ? prop.enum.map(String).join('|') : Array.isArray(prop.type) ? prop.type.join('|') : (prop.type ?? '');
              const dflt = prop.default !== undefined ? ` (default ${JSON.stringify(prop.default)})` : '';
              process.stdout.write(`      ${name.padEnd(24)} ${type}${dflt}${prop.description ? ` — ${prop.description}` : ''}\n`);
            }
          }
        }
      }),
    );
}

/** "2 architectures × 3 optimizers", "4 models", or "(2 architectures × 3 optimizers + 4 models)". */
