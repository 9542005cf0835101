/**
 * `--baseline <name...>`: committed baselines (reports/baselines/<suite>/<name>/, or folder paths)
 * resolved, verified and mapped to external leaderboard rows and predictions by src/baselines/.
 * Unknown or invalid names are usage errors (exit 2); a baseline that fails verification is a note.
 */
import { baselinesForReport, type BaselineContext } from '../baselines/index.js';
import { NO_BASELINES, type BaselineRequest } from './external-rows.js';

export async function resolveBaselines(names: readonly string[], ctx: BaselineContext): Promise<BaselineRequest> {
  if (!names.length) return NO_BASELINES;
  return baselinesForReport(names, ctx);
}
