// The public face of src/terminal: the supervisor, its clean-up, and the contract types.
export type * from './types.js';
export { createSupervisor, type SupervisorOptions } from './supervisor.js';
export { installCleanup, type Cleanup, type CleanupOptions, type ExitReason } from './cleanup.js';
export { reapStale, type ReapOutcome, type ReapReport } from './pid-records.js';
export { describeProbe } from './probes.js';
export { stripAnsi } from './ansi-lines.js';
