import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterName, classifyAdapter, type AdapterInfoLike } from '../../src/worker/webgpu/software.js';

const CASES: Array<[string, AdapterInfoLike, boolean]> = [
  [
    'Mesa llvmpipe via OpenGL ES (vendor empty)',
    { vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' },
    true,
  ],
  [
    'Mesa lavapipe via Vulkan',
    { vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15.0.6, 256 bits)', description: 'Mesa 22.3.6 (LLVM 15.0.6)' },
    true,
  ],
  ['SwiftShader', { vendor: 'google', architecture: 'swiftshader', device: 'SwiftShader Device (Subzero)', description: '' }, true],
  ['a fallback adapter', { vendor: 'nvidia', device: 'anything', isFallbackAdapter: true }, true],
  ['an adapter that names nothing', { vendor: '', architecture: '', device: '', description: 'OpenGL version OpenGL ES 3.2 Mesa 23.0' }, true],
  ['NVIDIA on Vulkan', { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 550.54.15' }, false],
  [
    'NVIDIA on OpenGL ES (vendor empty)',
    { vendor: '', architecture: '', device: 'NVIDIA H100 80GB HBM3', description: 'OpenGL ES 3.2 NVIDIA 550.54.15' },
    false,
  ],
  ['AMD through Mesa radv', { vendor: 'amd', architecture: 'rdna-3', device: 'AMD Radeon RX 7900 XTX (RADV NAVI31)', description: 'radv Mesa 24.0.5' }, false],
  [
    'Intel through Mesa iris on OpenGL ES',
    { vendor: '', architecture: '', device: 'Mesa Intel(R) UHD Graphics 630 (CFL GT2)', description: 'OpenGL ES 3.2 Mesa 22.3.6' },
    false,
  ],
  ['Apple', { vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2' }, false],
];

for (const [name, info, software] of CASES) {
  test(`classifyAdapter: ${name} → ${software ? 'software' : 'GPU'}`, () => {
    const c = classifyAdapter(info);
    assert.equal(c.software, software, c.why);
    assert.ok(c.why.length > 0);
  });
}

test('adapterName says what the adapter is and flags software', () => {
  assert.equal(adapterName(CASES[0][1], { software: true }), 'llvmpipe-llvm-15-0-6-256-bits (OpenGL version OpenGL ES 3.2 Mesa 22.3.6), software');
  assert.equal(adapterName(CASES[5][1], { software: false }), 'NVIDIA H200 (nvidia/hopper, NVIDIA: 550.54.15)');
  assert.equal(adapterName({ description: 'Apple M2', vendor: 'apple' }, { software: false }), 'Apple M2 (apple)');
});
