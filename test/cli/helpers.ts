import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

/** The result of one in-process CLI run. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in process with captured streams. */
export function runCli(args: string[], options: { stdin?: string; stdinIsTTY?: boolean; stderrIsTTY?: boolean } = {}): CliResult {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    readStdin: () => options.stdin ?? '',
    stdinIsTTY: options.stdinIsTTY ?? options.stdin === undefined,
    stderrIsTTY: options.stderrIsTTY ?? false,
  };
  const code = run(args, io);
  return { code, out, err };
}

/** Writes files into a fresh temporary directory and returns its path. */
export function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** A Pod that baseline allows and restricted denies (nothing set). */
export const PLAIN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: plain
  namespace: team-a
spec:
  containers:
  - name: app
    image: nginx
`;

/** A Deployment whose pod template passes restricted. */
export const RESTRICTED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: team-a
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: app
        image: nginx
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: [ALL]
`;

/** A privileged Pod: baseline denies it. */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: root
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: true
`;

/** RBAC: a service account bound to a Role that reads pods, plus a group binding to cluster-admin. */
export const RBAC = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: team-a
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [api]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api-reads-pods
  namespace: team-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
subjects:
- kind: ServiceAccount
  name: api
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: admins
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: Group
  name: platform-admins
  apiGroup: rbac.authorization.k8s.io
`;

/** A restricted namespace with a default-deny NetworkPolicy: on the hardened pack only warnings remain (no LimitRange, no ResourceQuota). */
export const NAMESPACE_WITH_WARNINGS = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: team-a
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
