// What the CLI uses for `demystify doctor`.
export { checkBinaries, parseVersion } from './binary-checks.js';
export { doctorPassed, type DoctorRow, type DoctorStatus } from './doctor-row.js';
export { formatDoctor, shouldColor, summary, type FormatOptions } from './format-doctor.js';
export { workshopPorts } from './host-checks.js';
export { hostProbes, type ExecResult, type HostProbes } from './probes.js';
export { runDoctor, type DoctorOptions } from './run-doctor.js';
