/** Pod builders for the PSS unit tests, written from the standard (never read from the corpus). */

/** A minimal pod that passes baseline at every version. */
export function baselinePod(): { metadata: any; spec: any } {
  return {
    metadata: { name: 'test' },
    spec: {
      initContainers: [{ name: 'init', image: 'registry.k8s.io/pause' }],
      containers: [{ name: 'app', image: 'registry.k8s.io/pause' }],
    },
  };
}

/** A minimal pod that passes restricted at every version. */
export function restrictedPod(): { metadata: any; spec: any } {
  const hardened = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  return {
    metadata: { name: 'test' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', image: 'registry.k8s.io/pause', securityContext: hardened() }],
      containers: [{ name: 'app', image: 'registry.k8s.io/pause', securityContext: hardened() }],
    },
  };
}

/** A deep copy of `pod` changed by `tweak`. */
export function tweak(pod: { metadata: any; spec: any }, change: (p: { metadata: any; spec: any }) => void): { metadata: any; spec: any } {
  const copy = JSON.parse(JSON.stringify(pod));
  change(copy);
  return copy;
}
