// Shared types of the compliance scanner: what kinds of sensitive data it finds and where a match is.

export type SensitiveKind = 'email' | 'phone' | 'credit_card' | 'api_key' | 'ip_address';

export const SENSITIVE_KINDS: readonly SensitiveKind[] = ['email', 'phone', 'credit_card', 'api_key', 'ip_address'];

/** One match inside a text: [start, end) character offsets. */
export interface Match {
  kind: SensitiveKind;
  /** The specific rule: `email`, `openai_key`, `bearer_token`, `jwt`, `card_visa`, `ipv4` … */
  rule: string;
  start: number;
  end: number;
}

/** A detector's own match: the rule that fired and where. */
export type Detection = Pick<Match, 'rule' | 'start' | 'end'>;
