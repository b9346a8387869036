import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Three projects: pure unit tests (backend, simulator), frontend component tests (jsdom), and
// integration tests that drive the built executable against real Prometheus/VictoriaMetrics/Jaeger.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['pkg/**/*.test.ts', 'simulator/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        resolve: {
          alias: {
            components: path.resolve(__dirname, 'src/components'),
            // monaco-editor has only a "module" entry, which the test resolver does not read (Grafana's CodeEditor imports it).
            'monaco-editor': path.resolve(__dirname, 'node_modules/monaco-editor/esm/vs/editor/editor.main.js'),
          },
        },
        test: {
          name: 'frontend',
          environment: 'jsdom',
          globals: true,
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/support/frontend-setup.ts'],
          server: { deps: { inline: [/@grafana\//] } },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Each file starts its own servers; on 2 cores running them one at a time is faster and steadier.
          fileParallelism: false,
        },
      },
    ],
  },
});
