// Node 20 builds a start-up snapshot in a V8 context without the ES2023 "change array by copy" methods
// (Array.prototype.toSorted and kin: V8 adds them only once the snapshot is deserialized), yet node:http
// calls `toSorted()` when it loads. This module, imported first by pkg/snapshot/main.ts, lends plain
// versions for the build; snapshot-main.ts removes them again before the heap is saved, so at run time the
// executable has V8's own.
type Methods = 'toSorted' | 'toReversed' | 'toSpliced' | 'with';

const lent: Methods[] = [];
const proto = Array.prototype as unknown as Record<Methods, unknown>;

function lend(name: Methods, fn: (this: unknown[], ...args: never[]) => unknown[]): void {
  if (typeof proto[name] === 'function') return;
  Object.defineProperty(Array.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  lent.push(name);
}

lend('toSorted', function (this: unknown[], compare?: (a: unknown, b: unknown) => number) {
  return Array.from(this).sort(compare);
});
lend('toReversed', function (this: unknown[]) {
  return Array.from(this).reverse();
});
lend('toSpliced', function (this: unknown[], start: number, deleteCount: number, ...items: unknown[]) {
  const copy = Array.from(this);
  copy.splice(start, deleteCount, ...items);
  return copy;
});
lend('with', function (this: unknown[], index: number, value: unknown) {
  const copy = Array.from(this);
  const i = index < 0 ? copy.length + index : index;
  if (i < 0 || i >= copy.length) throw new RangeError('Invalid index');
  copy[i] = value;
  return copy;
});

/** Removes what this module lent, so the saved heap holds V8's methods' places empty. */
export function returnArrayMethods(): void {
  for (const name of lent.splice(0)) delete proto[name];
}
