// A PromQL language for Monaco (Grafana's CodeEditor): Monarch tokens for highlighting and bracket
// rules. Registered once per page under its own id so it never clashes with Grafana's own `promql`.
import type { Monaco } from '@grafana/ui';

import { AGGREGATIONS, FUNCTIONS, KEYWORDS } from './grammar';

export const PROMQL_LANGUAGE_ID = 'llmops-promql';

type Languages = Monaco['languages'];

export const monarchTokens = {
  ignoreCase: false,
  defaultToken: '',
  aggregations: AGGREGATIONS,
  functions: FUNCTIONS,
  keywords: KEYWORDS,
  operators: ['+', '-', '*', '/', '%', '^', '==', '!=', '>', '<', '>=', '<=', '=~', '!~', '='],
  symbols: /[=><!~?:&|+\-*/^%]+/,
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/\$__\w+|\$\{[^}]+\}|\$\w+/, 'variable'],
      // A name followed by "(" is a call; else a metric name (colons allowed: recording rules, vLLM).
      [/[a-zA-Z_][\w]*(?=\s*\()/, { cases: { '@aggregations': 'keyword', '@functions': 'predefined', '@default': 'identifier' } }],
      [/[a-zA-Z_:][\w:]*/, { cases: { '@keywords': 'keyword', '@aggregations': 'keyword', '@default': 'identifier' } }],
      [/\{/, { token: 'delimiter.curly', next: '@matchers' }],
      [/\[/, { token: 'delimiter.square', next: '@range' }],
      [/[()]/, 'delimiter.parenthesis'],
      [/\d+(\.\d+)?(e[+-]?\d+)?(ms|s|m|h|d|w|y)?/i, 'number'],
      [/"([^"\\]|\\.)*"|'([^'\\]|\\.)*'|`[^`]*`/, 'string'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
      [/[,]/, 'delimiter'],
      [/\s+/, 'white'],
    ],
    matchers: [
      [/\}/, { token: 'delimiter.curly', next: '@pop' }],
      [/[a-zA-Z_][\w]*/, 'type'],
      [/=~|!~|!=|=/, 'operator'],
      [/"([^"\\]|\\.)*"|'([^'\\]|\\.)*'|`[^`]*`/, 'string'],
      [/\$__\w+|\$\{[^}]+\}|\$\w+/, 'variable'],
      [/[,\s]/, ''],
    ],
    range: [
      [/\]/, { token: 'delimiter.square', next: '@pop' }],
      [/\$__\w+|\$\{[^}]+\}|\$\w+/, 'variable'],
      [/\d+(ms|s|m|h|d|w|y)/, 'number'],
      [/[:\s]/, ''],
    ],
  },
};

const languageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [['{', '}'], ['[', ']'], ['(', ')']] as Array<[string, string]>,
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  // Metric names contain colons (vllm:num_requests_running): one word for completion and double-click.
  wordPattern: /[a-zA-Z_:][\w:]*|\$__\w+/,
};

/** Registers the language once per Monaco instance (every editor on the page shares it). */
export function registerPromqlLanguage(monaco: Monaco): void {
  const languages: Languages = monaco.languages;
  if (languages.getLanguages().some((l) => l.id === PROMQL_LANGUAGE_ID)) {
    return;
  }
  languages.register({ id: PROMQL_LANGUAGE_ID });
  languages.setMonarchTokensProvider(PROMQL_LANGUAGE_ID, monarchTokens as Parameters<Languages['setMonarchTokensProvider']>[1]);
  languages.setLanguageConfiguration(PROMQL_LANGUAGE_ID, languageConfiguration);
}
