/**
 * The arguments of tfjs's Conv2DBackpropFilter kernel and their Conv2DInfo, shared by the two
 * wasm implementations (as one convolution, and im2col) without the two importing each other.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { Info } from './wasm-ops.js';

export interface Conv2DBackpropFilterArgs {
  x: Info;
  dy: Info;
  filterShape: [number, number, number, number];
  strides: number | [number, number];
  pad: tfjs.backend_util.PadInfo['type'] | 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

export function convInfoFor(a: Conv2DBackpropFilterArgs): tfjs.backend_util.Conv2DInfo {
  if (a.dataFormat === 'NCHW') throw new Error('divbench wasm Conv2DBackpropFilter supports NHWC (channelsLast) only');
  return tf.backend_util.computeConv2DInfo(
    a.x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad as 'valid',
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
}
