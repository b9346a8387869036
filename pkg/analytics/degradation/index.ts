export * from './degradation';
