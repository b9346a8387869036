// Input/output cost split. With prefill and decode times (vLLM's request_prefill/decode_time_seconds)
// the split follows the GPU time each phase used; without them, an output token costs
// `outputTokenWeight` input tokens (OpenCost's documented fallback multiplier is 2.5).
export interface SplitResult {
  inputShare: number;
  method: 'prefill_decode_time' | 'output_token_weight';
}

export function inputOutputSplit(
  inputTokens: number,
  outputTokens: number,
  outputTokenWeight: number,
  prefillSeconds?: number,
  decodeSeconds?: number
): SplitResult {
  if (prefillSeconds !== undefined && decodeSeconds !== undefined && prefillSeconds + decodeSeconds > 0) {
    return { inputShare: prefillSeconds / (prefillSeconds + decodeSeconds), method: 'prefill_decode_time' };
  }
  const weighted = weightedTokens(inputTokens, outputTokens, outputTokenWeight);
  return { inputShare: weighted > 0 ? inputTokens / weighted : 0.5, method: 'output_token_weight' };
}

/** Cost weight of a model's tokens, for sharing unattributed GPU cost between models. */
export function weightedTokens(inputTokens: number, outputTokens: number, outputTokenWeight: number): number {
  return inputTokens + outputTokenWeight * outputTokens;
}
