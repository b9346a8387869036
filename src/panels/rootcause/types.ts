export interface RootCauseOptions {
  /** How many hypotheses to show (the rest are summarised). */
  maxHypotheses: number;
  /** Hide hypotheses below this confidence (0-1). */
  minConfidence: number;
  showSparklines: boolean;
}

export const DEFAULT_OPTIONS: RootCauseOptions = { maxHypotheses: 5, minConfidence: 0, showSparklines: true };
