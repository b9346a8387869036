import React, { useEffect, useRef } from 'react';
import { CodeEditor, type Monaco, type MonacoEditor } from '@grafana/ui';

import type { Resources } from '../../resources';
import { completionContext, durationItems, nameItems, type CompletionItem, type ItemKind } from './promql/completion';
import { PROMQL_LANGUAGE_ID, registerPromqlLanguage } from './promql/language';

interface Props {
  value: string;
  /** Called on blur with the text (the query runs then, as in Grafana's Prometheus editor). */
  onBlur: (expr: string) => void;
  resources: Resources;
  label: string;
  placeholder?: string;
}

type Disposable = { dispose(): void };

/**
 * PromQL in Grafana's code editor (Monaco): highlighting from our PromQL grammar, completion of metric
 * names (the `metrics` resource, searched by the typed prefix), functions, Grafana macros, label names
 * and label values (the `labels` and `label-values` resources) and range durations.
 */
export function PromqlCodeEditor({ value, onBlur, resources, label, placeholder }: Props) {
  const disposables = useRef<Disposable[]>([]);
  const resourcesRef = useRef(resources);
  resourcesRef.current = resources;
  useEffect(() => () => disposables.current.forEach((d) => d.dispose()), []);

  const didMount = (editor: MonacoEditor, monaco: Monaco) => {
    const model = editor.getModel();
    // The editor's accessible name, for screen readers and the browser tests.
    editor.updateOptions({ ariaLabel: `${label} expression`, placeholder } as Parameters<MonacoEditor['updateOptions']>[0]);
    const kindOf: Record<ItemKind, number> = {
      metric: monaco.languages.CompletionItemKind.Field,
      function: monaco.languages.CompletionItemKind.Function,
      keyword: monaco.languages.CompletionItemKind.Keyword,
      variable: monaco.languages.CompletionItemKind.Variable,
      label: monaco.languages.CompletionItemKind.Enum,
      value: monaco.languages.CompletionItemKind.EnumMember,
      duration: monaco.languages.CompletionItemKind.Unit,
    };
    const provider = monaco.languages.registerCompletionItemProvider(PROMQL_LANGUAGE_ID, {
      triggerCharacters: ['{', ',', '"', '[', '(', '$', '_', ':'],
      provideCompletionItems: async (m, position) => {
        // One provider per editor: answer only for this editor's model.
        if (!model || m.id !== model.id) {
          return { suggestions: [] };
        }
        const before = m.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
        const ctx = completionContext(before);
        const r = resourcesRef.current;
        let items: CompletionItem[] = [];
        try {
          if (ctx.kind === 'name') {
            items = nameItems(ctx.prefix, await r.metrics(ctx.prefix || undefined));
          } else if (ctx.kind === 'label') {
            items = (await r.labels()).filter((l) => l.startsWith(ctx.prefix)).map((l) => ({ label: l, kind: 'label', insertText: l }));
          } else if (ctx.kind === 'labelValue') {
            const values = await r.labelValues(ctx.label);
            items = values.filter((v) => v.startsWith(ctx.prefix)).map((v) => ({ label: v, kind: 'value', insertText: v.replace(/["\\]/g, '\\$&') }));
          } else {
            items = durationItems(ctx.prefix);
          }
        } catch {
          items = ctx.kind === 'name' ? nameItems(ctx.prefix, []) : [];
        }
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: position.column - ctx.prefix.length,
          endColumn: position.column,
        };
        return {
          suggestions: items.map((it, i) => ({
            label: it.label,
            kind: kindOf[it.kind],
            insertText: it.insertText,
            detail: it.detail,
            range,
            // Keep our order (metrics first) rather than Monaco's alphabetical one.
            sortText: String(i).padStart(5, '0'),
          })),
        };
      },
    });
    disposables.current.push(provider);
  };

  return (
    <div aria-label={`${label} editor`} style={{ width: '100%' }}>
      <CodeEditor
        value={value}
        language={PROMQL_LANGUAGE_ID}
        height={76}
        showLineNumbers={false}
        showMiniMap={false}
        monacoOptions={{ wordWrap: 'on', lineNumbers: 'off', folding: false, scrollBeyondLastLine: false, renderLineHighlight: 'none', overviewRulerLanes: 0, fixedOverflowWidgets: true, suggest: { showWords: false } }}
        onBeforeEditorMount={registerPromqlLanguage}
        onEditorDidMount={didMount}
        onBlur={onBlur}
      />
    </div>
  );
}
