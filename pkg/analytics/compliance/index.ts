// Compliance scanning of trace data: pure detection and redaction of sensitive values.
export { SENSITIVE_KINDS, type SensitiveKind, type Match } from './types';
export { luhnValid } from './luhn';
export { cardIssuer } from './rules';
export { findSensitive, resolveOverlaps, MAX_SCAN_CHARS } from './scan';
export { maskValue, redactText, redactedExcerpt } from './redact';
export { scanSpans, type Finding, type ScannableSpan, type ScanStats } from './scan-trace';
