// Frames used by the golden tests (arrow.test.ts): one of each shape and value kind the encoder supports.
import type { Frame } from './frame';

export const goldenFrames: Frame[] = [
  {
    name: 'cpu',
    refId: 'A',
    meta: { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: 'cpu{host="a"}' },
    fields: [
      { name: 'time', type: 'time', values: [1700000000000, 1700000060000, 1700000120000.25] },
      {
        name: 'value',
        type: 'number',
        values: [12.5, null, Number.NaN],
        labels: { zone: 'z1', host: 'a' },
        config: {
          unit: 'percent',
          displayNameFromDS: 'CPU a',
          links: [{ title: 'Open host', url: 'http://example.test/host/a', targetBlank: true }],
        },
      },
    ],
  },
  {
    name: 'ttft',
    refId: 'B',
    meta: { type: 'numeric-multi', typeVersion: [0, 1] },
    fields: [{ name: 'value', type: 'number', values: [42], labels: { model: 'llama-3-8b' }, config: { unit: 's' } }],
  },
  {
    name: 'hypotheses',
    refId: 'C',
    meta: {
      type: 'table',
      notices: [{ severity: 'warning', text: 'only 2 of 3 sources answered' }],
      custom: { window: [1, 2] },
    },
    fields: [
      { name: 'cause', type: 'string', values: ['kv-cache saturation', 'gpu throttling', null] },
      { name: 'rank', type: 'int64', values: [1, 2, null] },
      { name: 'confirmed', type: 'boolean', values: [true, false, null] },
      { name: 'score', type: 'number', values: [Infinity, -Infinity, 0.5], config: { decimals: 2, min: 0, max: 1 } },
    ],
  },
  { name: '', refId: 'D', meta: { type: 'numeric-multi', typeVersion: [0, 1] }, fields: [] },
];
