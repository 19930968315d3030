import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameGroup } from '../../src/model/names.js';

test('nameGroup folds digit runs, same as /[0-9]+/g → #', () => {
  for (const n of ['depth_1280x720_gen3', 'stream_tex004_2048x2048', 'a1b22c', '12', 'abc', 'x9', '9x', 'ünï 42 名前7']) {
    assert.equal(nameGroup(n), n.replace(/[0-9]+/g, '#'));
  }
  assert.equal(nameGroup(''), '(unnamed)');
  assert.equal(nameGroup(undefined), '(unnamed)');
});
