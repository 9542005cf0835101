// Every registry is keyed by its definitions' own `type`: the name a suite writes is the type the
// definition declares (a renamed export can never make a second name for one component).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXES, registry } from '../../src/registry/index.js';

for (const axis of AXES) {
  test(`${axis}: every entry is keyed by its definition's type`, () => {
    const entries = Object.entries(registry[axis]);
    assert.ok(entries.length > 0);
    for (const [key, def] of entries) assert.equal(def.type, key);
  });
}
