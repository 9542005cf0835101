/** Messages between the parent (harness) and a cell worker, over Node IPC. */
import type { BackendInfo, CellFiles, CellSummary, DatasetInfo, DivergedInfo, FoldResult } from '../store/results.js';
import type { BackendRequest } from '../spec/backends.js';
import type { Cell } from '../spec/types.js';

export interface StartMessage {
  readonly type: 'start';
  readonly cell: Cell;
  /** Folder the worker writes its Arrow files into. */
  readonly cellDir: string;
  readonly backend: BackendRequest;
  /** Number of cells the pool runs at once (recorded next to training throughput). */
  readonly concurrency: number;
  /** The cell's model family uses TensorFlow.js: the worker sets the backend up first, beside loading the rest. */
  readonly usesTf: boolean;
}

export type ParentMessage = StartMessage | { readonly type: 'throughput-grant' };

export type WorkerOutcome =
  | { readonly state: 'completed'; readonly summary: CellSummary; readonly files: CellFiles }
  | { readonly state: 'diverged'; readonly diverged: DivergedInfo }
  | { readonly state: 'errored'; readonly error: { name: string; message: string; cause?: string; stack?: string } }
  | { readonly state: 'timed-out'; readonly timeoutMs: number; readonly lastProgress?: string; readonly reason: string; readonly stderrTail?: string };

export type WorkerMessage =
  | {
      readonly type: 'progress';
      readonly phase: 'load' | 'train' | 'evaluate' | 'throughput';
      readonly repeat?: number;
      readonly fold?: number;
      readonly folds?: number;
      readonly epoch?: number;
      readonly epochs?: number;
      readonly loss?: number;
    }
  | { readonly type: 'backend'; readonly backend: BackendInfo }
  | { readonly type: 'dataset'; readonly dataset: DatasetInfo }
  | { readonly type: 'fold'; readonly fold: FoldResult }
  | { readonly type: 'throughput-request' }
  | { readonly type: 'throughput-done' }
  /** A program the cell started in its own process group (a command model): the parent kills that group with the worker's until the worker says it is gone (`alive: false`). */
  | { readonly type: 'process-group'; readonly pgid: number; readonly alive: boolean }
  | { readonly type: 'outcome'; readonly outcome: WorkerOutcome };
