/** The report reads a run folder through the harness's one reader (files only — a report never retrains). */
export { readRunFolder as loadRun, type RunFolder as LoadedRun } from '../store/run-dir.js';
