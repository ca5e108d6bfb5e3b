// The PKI a lesson builds, in place of cfssl: plans (who gets which
// certificate), generation into a directory, and readable summaries.
export { firstServiceIp, formatIpv4, InvalidAddressError, isIpv4, parseCidr, parseIpv4 } from './ipv4.js';
export {
  apiserverSans,
  classicAdminPlan,
  defaultCaDays,
  defaultCaName,
  defaultCertDays,
  InvalidPlanError,
  kubeletApiAdminBinding,
  kubeletClientCn,
  nodeKubeletName,
  nodeKubeletPlan,
  nodeSans,
  perRolePlan,
  validatePlan,
  type CaSpec,
  type CertSpec,
  type ClusterIdentity,
  type PerRoleOptions,
  type PkiPlan,
  type SubjectAltNames,
  type Usage,
} from './plan.js';
export {
  certMode,
  certPaths,
  generatePki,
  keyMode,
  serviceAccountPaths,
  type FileAction,
  type GenerateOptions,
  type IssuedFiles,
  type PkiResult,
  type ServiceAccountFiles,
} from './generate.js';
export {
  checkExisting,
  describeCertificate,
  summarizeCertificate,
  type CertificateSummary,
  type KeepVerdict,
} from './inspect.js';
export { writeFileAtomic, writeFileAtomicIfChanged } from '../../fs/atomic-write.js';
export { generateRsaKeyPair, type KeyPairPem } from './keys.js';
