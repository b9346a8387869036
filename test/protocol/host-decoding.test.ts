// The test host must reject what Grafana rejects; otherwise a green protocol test proves nothing.
import {
  Field,
  Float64,
  Schema,
  Table,
  tableFromArrays,
  tableToIPC,
  vectorFromArray,
  TimestampMillisecond,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../pkg/grafana/arrow';
import { decodeGrafanaFrame, frameToJson, toQueryJson } from '../host';

function withMetadata(schemaMeta: Record<string, string>, fieldMeta: Record<string, string> = {}): Uint8Array {
  const field = new Field('value', new Float64(), true, new Map(Object.entries(fieldMeta)));
  return tableToIPC(new Table(new Schema([field], new Map(Object.entries(schemaMeta)))), 'file');
}

describe('test host decoding follows Grafana', () => {
  it('rejects the Arrow stream format', () => {
    const t = tableFromArrays({ v: new Float64Array([1]) });
    expect(() => decodeGrafanaFrame(tableToIPC(t, 'stream'))).toThrow(/not an Arrow IPC file/);
  });

  it("rejects dictionary-encoded strings (apache-arrow's default for JS strings)", () => {
    const t = tableFromArrays({ s: ['a', 'b'] });
    expect(() => decodeGrafanaFrame(tableToIPC(t, 'file'))).toThrow(/unsupported conversion from arrow to sdk type/);
  });

  it('reads millisecond timestamps as nanoseconds, like Grafana (→ January 1970)', () => {
    const t = new Table({ time: vectorFromArray([1_700_000_000_000], new TimestampMillisecond()) });
    const json = frameToJson(decodeGrafanaFrame(tableToIPC(t, 'file')));
    expect(json.data.values[0]).toEqual([1_700_000]); // 1.7e12 "ns" = 1,700,000 ms after the epoch
  });

  it('rejects FrameMeta with wrong types and drops unknown keys', () => {
    const notice = (n: object) => withMetadata({ meta: JSON.stringify({ notices: [n] }) });
    expect(() => decodeGrafanaFrame(notice({ severity: 'info', text: 'x', inspect: 'data' }))).toThrow(/int/);
    expect(() => decodeGrafanaFrame(notice({ severity: 'critical', text: 'x' }))).toThrow(
      /unrecognized notice severity critical/
    );
    expect(() => decodeGrafanaFrame(withMetadata({ meta: '{"typeVersion":[0,-1]}' }))).toThrow(/uint/);
    expect(() => decodeGrafanaFrame(withMetadata({ meta: '{"executedQueryString":5}' }))).toThrow(/string/);
    const ok = decodeGrafanaFrame(
      withMetadata({ meta: '{"type":"table","madeUp":1,"notices":[{"severity":"error","text":"t","inspect":2}]}' })
    );
    expect(ok.meta).toEqual({
      type: 'table',
      typeVersion: [0, 0],
      notices: [{ severity: 'error', text: 't', inspect: 2 }],
    });
  });

  it('rejects non-string label values and wrongly typed FieldConfig', () => {
    expect(() => decodeGrafanaFrame(withMetadata({}, { labels: '{"gpu":0}' }))).toThrow(/labels\.gpu/);
    expect(() => decodeGrafanaFrame(withMetadata({}, { config: '{"min":"0"}' }))).toThrow(/ConfFloat64/);
    expect(() => decodeGrafanaFrame(withMetadata({}, { config: '{"decimals":-1}' }))).toThrow(/uint16/);
    expect(() => decodeGrafanaFrame(withMetadata({}, { config: '{"links":[{"targetBlank":"yes"}]}' }))).toThrow(/bool/);
    expect(() =>
      decodeGrafanaFrame(
        withMetadata({}, { config: '{"thresholds":{"mode":"absolute","steps":[{"value":1,"colour":"red"}]}}' })
      )
    ).toThrow(/unexpected field colour/);
  });

  it('maps a wire status of 0 to 500, as the host does', () => {
    const frame = Buffer.from(encodeFrame({ fields: [] }));
    expect(toQueryJson({ responses: { A: { status: 0, frames: [frame] } } }).results.A!.status).toBe(500);
  });
});
