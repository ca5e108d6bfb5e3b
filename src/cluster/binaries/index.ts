// What the CLI and the engine use from the binaries module.
export {
  fetchBinaries,
  fetchFailureLines,
  type FetchOptions,
  type FetchOutcome,
  type FetchPhase,
  type FetchProgress,
  type FetchResult,
} from './fetch-binaries.js';
export type { FetchFailure, FetchFailureKind } from './fetch-errors.js';
export { createProgressRenderer, type ProgressRenderer, type RendererOptions } from './progress.js';
export {
  isCniPlugin,
  missingHint,
  missingProjectHint,
  resolveAll,
  resolveBinary,
  shellEnvironment,
  type BinarySource,
  type Resolution,
  type ResolveOptions,
  type ShellEnvironment,
} from './resolve.js';
export {
  mirroredUrl,
  releaseArch,
  releaseArtifacts,
  type Artifact,
  type ReleaseArch,
} from './release-urls.js';
