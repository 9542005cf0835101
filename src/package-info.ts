/** Where the divbench package lives and its version (works from src/ under tsx and from dist/). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** True when running TypeScript sources directly (tsx), false from compiled dist/. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');
