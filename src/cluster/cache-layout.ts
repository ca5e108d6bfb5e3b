// The one cache layout shared by the downloader (official releases) and
// scripts/build-components.sh (built from Go modules): the product cannot
// tell which filled it.
//
//   <cacheDir>/bin/<project>/<version>/<binary>
//   e.g. ~/.cache/demystify/bin/kubernetes/v1.37.2/kube-apiserver
//        ~/.cache/demystify/bin/cni/v1.9.1/bridge
import path from 'node:path';
import type { Project } from './versions.js';

export function projectBinDir(cacheRoot: string, project: Project, version: string): string {
  return path.join(cacheRoot, 'bin', project, version);
}
