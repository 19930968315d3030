// A memory map too large for a PNG is refused with a message that names the way out (SVG), before
// any pixel buffer is allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPng } from '../../src/views/memory-map/png.js';
import type { MapLayout } from '../../src/views/memory-map/layout.js';

test('renderPng refuses a map of more than 500 M pixels', () => {
  const huge = { width: 20000, height: 30000 } as unknown as MapLayout;
  assert.throws(
    () => renderPng(huge),
    (e: unknown) => e instanceof RangeError && /20000 × 30000 px.*\.svg/.test((e as Error).message),
  );
});
