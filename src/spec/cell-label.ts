/**
 * A cell's two display columns, for every family: a network shows its architecture and optimizer;
 * another family shows its model id and its family (e.g. `rf-100` / `random-forest`).
 */
import type { Cell } from './types.js';

export function cellArchitecture(cell: Pick<Cell, 'architecture' | 'model'>): string {
  return cell.architecture?.id ?? cell.model.id;
}

export function cellOptimizer(cell: Pick<Cell, 'optimizer' | 'model' | 'factors'>): string {
  return cell.optimizer?.id ?? cell.factors.family ?? cell.model.type;
}
