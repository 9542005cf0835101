/** The original agreementPlan (three passes per example over the models' vectors): reference for src/analysis/agreement.ts. */
import type { AgreementPlan } from '../../../src/analysis/agreement.js';

/** Builds the plan from per-model code vectors (values 0 .. numCodes−1, all length N). */
export function agreementPlanStraightforward(codes: readonly ArrayLike<number>[], numCodes: number): AgreementPlan {
  const M = codes.length;
  const N = M === 0 ? 0 : codes[0].length;
  const counts = new Uint32Array(numCodes);
  const plurality = new Uint16Array(N);
  const offsets = new Uint32Array(N + 1);
  for (let x = 0; x < N; x++) {
    for (let m = 0; m < M; m++) counts[codes[m][x]]++;
    let best = 0;
    for (let m = 0; m < M; m++) {
      const k = codes[m][x];
      if (counts[k] > counts[best] || (counts[k] === counts[best] && k < best)) best = k;
    }
    plurality[x] = best;
    offsets[x + 1] = offsets[x] + (M - counts[best]);
    for (let m = 0; m < M; m++) counts[codes[m][x]] = 0;
  }
  const members = new Uint16Array(offsets[N]);
  const memberCodes = new Uint16Array(offsets[N]);
  for (let x = 0; x < N; x++) {
    let a = offsets[x];
    const p = plurality[x];
    for (let m = 0; m < M; m++) {
      const k = codes[m][x];
      if (k !== p) {
        members[a] = m;
        memberCodes[a++] = k;
      }
    }
  }
  return { models: M, examples: N, offsets, members, codes: memberCodes, plurality, binary: numCodes <= 2 };
}
