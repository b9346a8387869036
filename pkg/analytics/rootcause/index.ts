export * from './types';
export { analyzeRootCause, type RootCauseInput, type RootCauseResult } from './analyze';
export { scoreMovement, rankMovements, robustFit, quantileSorted } from './robust';
export { computeSelfTimes, compareSelfTime, unionLength, type SpanInput } from './selftime';
export { detectBadDeploys, type DeployEvidence } from './deploy';
export { findIncident, shiftIncidents, silenceIncidents, type FoundIncident, type EffectFloor } from './find-incident';
export { incidentFloorFor } from './floors';
export { formatEntity, related, entityLabels } from './topology';
