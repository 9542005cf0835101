/**
 * One regression tree of histogram gradient boosting as flat arrays (what HistGrower grows and
 * the boosting model stores), and its prediction for one row (the traversal shared with the
 * classification trees: class-tree.ts `descend`).
 */
import { descend } from './class-tree.js';

export interface RegressionTree {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Bin threshold (a binned row goes left when its bin ≤ this). */
  readonly binThreshold: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf values (shrinkage applied), 0 at internal nodes. */
  readonly value: Float64Array;
  readonly leafIndex: Int32Array;
  readonly leafCount: number;
}

/** The raw value a row of row-major `x` gets from one tree. */
export function treeValue(tree: RegressionTree, x: Float32Array, offset: number): number {
  return tree.value[treeLeaf(tree, x, offset)];
}

export function treeLeaf(tree: RegressionTree, x: Float32Array, offset: number): number {
  return descend(tree, x, offset);
}
