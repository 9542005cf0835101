/**
 * Routes tfjs's Adam, plain RMSProp and SGD updates through the one-pass kernels of
 * optimizer-updates.ts when the backend is wasm. The optimizers stay tfjs's own objects (same
 * state variables and names, same iteration count, same getWeights/setWeights, same results bit
 * for bit); only `applyGradients` changes, and it calls tfjs's original for anything else: another
 * backend, a non-float32 variable, centered RMSProp.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ADAM_UPDATE, OPTIMIZER_UPDATE_KERNELS, RMSPROP_UPDATE, SGD_UPDATE } from './optimizer-updates.js';

type Gradients = tfjs.NamedTensorMap | Array<{ name: string; tensor: tfjs.Tensor }>;
type Slot = { originalName: string; variable: tfjs.Variable };
type Apply = (this: tfjs.Optimizer, g: Gradients) => void;

interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tfjs.Variable;
  accBeta2: tfjs.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
}
interface RMSPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Slot[];
  accumulatedMoments: Slot[];
}
interface SGDState {
  learningRate: number;
}
interface Internal {
  incrementIterations(): void;
}

/** Each gradient with its variable, or null when one is not a float32 variable. */
function pairs(g: Gradients): Array<{ name: string; i: number; value: tfjs.Variable; grad: tfjs.Tensor | undefined }> | null {
  const names = Array.isArray(g) ? g.map((v) => v.name) : Object.keys(g);
  const out = [];
  for (const [i, name] of names.entries()) {
    const value = tf.engine().registeredVariables[name];
    const grad = Array.isArray(g) ? g[i].tensor : g[name];
    if (value === undefined || value.dtype !== 'float32' || (grad != null && grad.dtype !== 'float32')) return null;
    out.push({ name, i, value, grad: grad ?? undefined });
  }
  return out;
}

const slot = (slots: Slot[], i: number, name: string, suffix: string, value: tfjs.Variable): tfjs.Variable => {
  slots[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
  return slots[i].variable;
};

const run = (name: string, inputs: tfjs.NamedTensorMap, attrs: Record<string, number>): tfjs.Tensor[] =>
  tf.engine().runKernel(name, inputs, attrs as unknown as tfjs.NamedAttrMap) as unknown as tfjs.Tensor[];

function adamApply(this: tfjs.Optimizer & AdamState & Internal, g: Gradients): void {
  const ps = pairs(g);
  if (ps === null) return originals.get('adam')!.call(this, g);
  tf.tidy(() => {
    for (const { name, i, value, grad } of ps) {
      const m = slot(this.accumulatedFirstMoment, i, name, 'm', value);
      const v = slot(this.accumulatedSecondMoment, i, name, 'v', value);
      if (grad === undefined) continue;
      const [m2, v2, w2] = run(
        ADAM_UPDATE,
        { m, v, g: grad, w: value, acc1: this.accBeta1, acc2: this.accBeta2 },
        {
          beta1: this.beta1,
          beta2: this.beta2,
          epsilon: this.epsilon,
          learningRate: this.learningRate,
        },
      );
      m.assign(m2);
      v.assign(v2);
      value.assign(w2);
    }
    this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
    this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
  });
  this.incrementIterations();
}

function rmspropApply(this: tfjs.Optimizer & RMSPropState & Internal, g: Gradients): void {
  const ps = this.centered ? null : pairs(g);
  if (ps === null) return originals.get('rmsprop')!.call(this, g);
  tf.tidy(() => {
    for (const { name, i, value, grad } of ps) {
      const ms = slot(this.accumulatedMeanSquares, i, name, 'rms', value);
      const mom = slot(this.accumulatedMoments, i, name, 'momentum', value);
      if (grad === undefined) continue;
      const [ms2, mom2, w2] = run(
        RMSPROP_UPDATE,
        { ms, mom, g: grad, w: value },
        {
          decay: this.decay,
          momentum: this.momentum,
          epsilon: this.epsilon,
          learningRate: this.learningRate,
        },
      );
      ms.assign(ms2);
      mom.assign(mom2);
      value.assign(w2);
    }
  });
  this.incrementIterations();
}

function sgdApply(this: tfjs.Optimizer & SGDState & Internal, g: Gradients): void {
  const ps = pairs(g);
  if (ps === null) return originals.get('sgd')!.call(this, g);
  tf.tidy(() => {
    for (const { value, grad } of ps) {
      if (grad !== undefined) value.assign(tf.engine().runKernel(SGD_UPDATE, { g: grad, w: value }, { learningRate: this.learningRate }) as tfjs.Tensor);
    }
  });
  this.incrementIterations();
}

/** The optimizer classes whose updates are fused; SGDOptimizer's subclass MomentumOptimizer has its own applyGradients. */
const TARGETS: Array<{ key: string; proto: () => { applyGradients: Apply }; fused: Apply }> = [
  { key: 'adam', proto: () => tf.AdamOptimizer.prototype as never, fused: adamApply as Apply },
  { key: 'rmsprop', proto: () => tf.RMSPropOptimizer.prototype as never, fused: rmspropApply as Apply },
  { key: 'sgd', proto: () => tf.SGDOptimizer.prototype as never, fused: sgdApply as Apply },
];
const originals = new Map<string, Apply>();
let kernelsRegistered = false;

/** The wrapper installed on each prototype: fused on wasm, tfjs's own otherwise. */
const dispatch = (t: (typeof TARGETS)[number]): Apply =>
  function (this: tfjs.Optimizer, g: Gradients) {
    return (tf.getBackend() === 'wasm' ? t.fused : originals.get(t.key)!).call(this, g);
  };

/**
 * Turns the fused updates on (default) or off (tfjs's own applyGradients, for benchmarks and
 * tests). Idempotent. Registers the update kernels on first use.
 */
export function useFusedOptimizers(on: boolean): void {
  if (!kernelsRegistered) {
    for (const k of OPTIMIZER_UPDATE_KERNELS) if (tf.getKernel(k.kernelName, 'wasm') === undefined) tf.registerKernel(k);
    kernelsRegistered = true;
  }
  for (const t of TARGETS) {
    const proto = t.proto();
    if (!originals.has(t.key)) originals.set(t.key, proto.applyGradients);
    proto.applyGradients = on ? dispatch(t) : originals.get(t.key)!;
  }
}
