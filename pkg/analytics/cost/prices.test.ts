import { describe, expect, it } from 'vitest';
import { apiPriceFor, gpuHourlyPrice, gpuNameTokens } from './prices';
import { inputOutputSplit } from './split';

describe('gpuHourlyPrice', () => {
  it('matches DCGM long names to short keys, most specific key first', () => {
    expect(gpuNameTokens('NVIDIA A100-SXM4-80GB')).toEqual(['A100', '80GB']);
    expect(gpuHourlyPrice('NVIDIA H100 80GB HBM3', { H100: 2.5 })).toEqual({ key: 'H100', price: 2.5, origin: 'settings' });
    expect(gpuHourlyPrice('NVIDIA A100-SXM4-80GB', { A100: 1.1, 'A100 80GB': 1.6 })).toEqual({ key: 'A100 80GB', price: 1.6, origin: 'settings' });
    expect(gpuHourlyPrice('NVIDIA A100-SXM4-40GB', { A100: 1.1, 'A100 80GB': 1.6 })?.key).toBe('A100');
  });
  it('never matches a key that is only a prefix of a token (L4 vs L40S, A10 vs A10G)', () => {
    expect(gpuHourlyPrice('NVIDIA L40S')).toEqual({ key: 'L40S', price: 1.0, origin: 'default' });
    expect(gpuHourlyPrice('NVIDIA L4')?.key).toBe('L4');
    expect(gpuHourlyPrice('NVIDIA A10G')?.key).toBe('A10G');
    expect(gpuHourlyPrice('NVIDIA GH200 480GB')?.key).toBe('GH200');
  });
  it('prefers an exact (case-insensitive) user key, then the user `*`, then defaults', () => {
    expect(gpuHourlyPrice('NVIDIA H100 80GB HBM3', { 'nvidia h100 80gb hbm3': 9, H100: 1 })?.price).toBe(9);
    expect(gpuHourlyPrice('Mystery GPU 9000', { '*': 0.8 })).toEqual({ key: '*', price: 0.8, origin: 'settings' });
    expect(gpuHourlyPrice('Mystery GPU 9000')).toBeUndefined();
    expect(gpuHourlyPrice('NVIDIA H100 80GB HBM3', { L4: 0.1 })).toEqual({ key: 'H100', price: 3, origin: 'default' });
  });
});

describe('apiPriceFor', () => {
  it('matches exact, case-insensitive, last path segment, then *', () => {
    const user = { 'meta-llama/Llama-3.1-8B-Instruct': { input: 0.1, output: 0.2 }, '*': { input: 1, output: 2 } };
    expect(apiPriceFor('meta-llama/Llama-3.1-8B-Instruct', user)).toMatchObject({ key: 'meta-llama/Llama-3.1-8B-Instruct', input: 0.1 });
    expect(apiPriceFor('META-LLAMA/llama-3.1-8b-instruct', user)?.input).toBe(0.1);
    expect(apiPriceFor('llama-3.1-8b-instruct', user)?.input).toBe(0.1);
    expect(apiPriceFor('other', user)).toEqual({ key: '*', input: 1, output: 2, origin: 'settings' });
    expect(apiPriceFor('other')).toEqual({ key: '*', input: 0.5, output: 1.5, origin: 'default' });
  });
});

describe('inputOutputSplit', () => {
  it('uses prefill/decode time when present, else the output-token weight', () => {
    expect(inputOutputSplit(1000, 500, 2.5, 100, 300)).toEqual({ inputShare: 0.25, method: 'prefill_decode_time' });
    // 1000 / (1000 + 2.5 × 600) = 0.4
    expect(inputOutputSplit(1000, 600, 2.5)).toEqual({ inputShare: 0.4, method: 'output_token_weight' });
    expect(inputOutputSplit(0, 0, 2.5)).toEqual({ inputShare: 0.5, method: 'output_token_weight' });
  });
});
