// ${NAME} variables in file, manifest, check and action bodies. Shell steps
// and panes get the same names as environment variables, so bash expands them.

/**
 * Variables the engine always provides. The one list: src/engine/context.ts
 * gives each a value in a Record<BuiltinVariable, string>, so a name added
 * here without a value (or a value without a name) does not compile.
 */
export const BUILTIN_VARIABLES = [
  'WORKSPACE',
  'ASSETS',
  'LESSONS',
  'KUBECONFIG',
  'HOSTNAME',
  'NODE_NAME',
  'NODE_IP',
  'NODE_NETWORK',
  'HOST_IP',
  'SERVICE_CIDR',
  'POD_CIDR',
  'CLUSTER_CIDR',
  'NODE0_NAME',
  'NODE0_IP',
  'NODE0_POD_CIDR',
  'NODE1_NAME',
  'NODE1_IP',
  'NODE1_POD_CIDR',
  'CLUSTER_DOMAIN',
  'K8S_VERSION',
  'ETCD_VERSION',
  'CONTAINERD_VERSION',
  'RUNC_VERSION',
  'CNI_VERSION',
  'CNI_BIN_DIR',
  'BIN_PATH',
] as const;

export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names referenced with ${NAME}, with their offsets in the text. */
export function variableRefs(text: string): { name: string; index: number }[] {
  return [...text.matchAll(REF)].map((m) => ({ name: m[1] ?? '', index: m.index ?? 0 }));
}

/** Replaces ${NAME}; `$${NAME}` stays literal as `${NAME}`. Unknown names are returned, not guessed. */
export function substitute(
  text: string,
  vars: Readonly<Record<string, string>>,
): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, escape: string, name: string) => {
    if (escape) return whole.slice(1);
    const v = vars[name];
    if (v === undefined) {
      unknown.push(name);
      return whole;
    }
    return v;
  });
  return { text: out, unknown };
}
