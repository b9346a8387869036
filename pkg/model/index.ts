// The single source of truth for the query model. Frontend: `import type { SignalQuery } from '…/pkg/model'`.
export * from './ids';
export * from './query';
export * from './validate';
