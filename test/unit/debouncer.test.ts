/** The per-document debouncer the editor services share. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { KeyedDebouncer } from '../../src/features/debouncer';

test('a newer request for the same key replaces the pending one; other keys are independent; cancel and dispose drop work', async () => {
  const debouncer = new KeyedDebouncer();
  const ran: string[] = [];
  debouncer.schedule('a', 5, () => ran.push('a1'));
  debouncer.schedule('a', 5, () => ran.push('a2'));
  debouncer.schedule('b', 5, () => ran.push('b'));
  debouncer.schedule('c', 5, () => ran.push('c'));
  debouncer.cancel('c');
  await sleep(30);
  assert.deepEqual(ran.sort(), ['a2', 'b']);
  debouncer.schedule('d', 5, () => ran.push('d'));
  debouncer.dispose();
  await sleep(30);
  assert.deepEqual(ran.sort(), ['a2', 'b']);
});
