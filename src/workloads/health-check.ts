/** Timing of a probe, resolved from the options and the per-kind defaults. */
interface ProbeTiming {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

/**
 * Options of a health check.
 */
export interface HealthCheckOptions {
  /**
   * The container port to probe.
   *
   * @default - the container's declared port
   */
  readonly port?: number;

  /**
   * Seconds after the container started before the first check.
   *
   * Prefer the startup probe for slow starts: it does not delay detection of a hang later on.
   *
   * @default 0
   */
  readonly initialDelaySeconds?: number;

  /**
   * Seconds between two checks.
   *
   * @default - 5 for readiness and startup, 10 for liveness
   */
  readonly periodSeconds?: number;

  /**
   * Seconds after which a check counts as failed.
   *
   * @default - 2 for readiness and startup, 5 for liveness
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures before the probe reports failure.
   *
   * @default - 3 for readiness, 6 for liveness, 30 for startup
   */
  readonly failureThreshold?: number;
}

type Handler =
  | { readonly kind: 'http'; readonly path: string }
  | { readonly kind: 'tcp' }
  | { readonly kind: 'command'; readonly command: string[] };

/**
 * A readiness, liveness or startup check of a hardened container.
 *
 * Readiness and liveness answer different questions (may this pod get traffic? must it be restarted?),
 * so a HardenedDeployment refuses identical ones: a shared check restarts a pod that is merely busy.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthCheck {
  /**
   * An HTTP GET on a path of the container port, healthy on a 2xx or 3xx response.
   *
   * @param path e.g. `/readyz`; must start with `/`
   */
  public static http(path: string, options: HealthCheckOptions = {}): HealthCheck {
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
      throw new Error(`HealthCheck.http: path ${JSON.stringify(path)} is not an absolute URL path; use e.g. '/readyz'`);
    }
    return new HealthCheck({ kind: 'http', path }, options);
  }

  /** A TCP connection to the container port, healthy when the port accepts it. */
  public static tcp(options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck({ kind: 'tcp' }, options);
  }

  /**
   * A command run inside the container; exit code 0 counts as healthy.
   *
   * The binary must exist in the image (distroless images have no shell).
   *
   * @param command e.g. `['/app/healthcheck', '--ready']`
   */
  public static command(command: string[], options: HealthCheckOptions = {}): HealthCheck {
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string' || c.length === 0)) {
      throw new Error(`HealthCheck.command: command ${JSON.stringify(command)} must be a non-empty list of non-empty strings`);
    }
    return new HealthCheck({ kind: 'command', command: [...command] }, options);
  }

  private constructor(private readonly handler: Handler, private readonly options: HealthCheckOptions) {
    for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
      const value = options[key];
      const min = key === 'initialDelaySeconds' ? 0 : 1;
      if (value !== undefined && (!Number.isInteger(value) || value < min)) {
        throw new Error(`HealthCheck: ${key} ${JSON.stringify(value)} must be an integer >= ${min}`);
      }
    }
    if (options.port !== undefined && !isPort(options.port)) {
      throw new Error(`HealthCheck: port ${JSON.stringify(options.port)} must be an integer between 1 and 65535`);
    }
  }

  /** The port this check probes, if it probes one. */
  public get port(): number | undefined {
    return this.handler.kind === 'command' ? undefined : this.options.port;
  }

  /**
   * Renders the Kubernetes Probe object.
   *
   * @returns the probe, or a reason why it cannot be rendered
   * @internal
   */
  public _render(containerPort: number | undefined, timing: ProbeTiming): { [key: string]: any } | string {
    const port = this.options.port ?? containerPort;
    const probe: { [key: string]: any } = {};
    switch (this.handler.kind) {
      case 'http':
        if (port === undefined) return `an HTTP check of '${this.handler.path}' needs a port`;
        probe.httpGet = { path: this.handler.path, port, scheme: 'HTTP' };
        break;
      case 'tcp':
        if (port === undefined) return 'a TCP check needs a port';
        probe.tcpSocket = { port };
        break;
      case 'command':
        probe.exec = { command: [...this.handler.command] };
        break;
    }
    if (this.options.initialDelaySeconds !== undefined) probe.initialDelaySeconds = this.options.initialDelaySeconds;
    probe.periodSeconds = this.options.periodSeconds ?? timing.periodSeconds;
    probe.timeoutSeconds = this.options.timeoutSeconds ?? timing.timeoutSeconds;
    probe.failureThreshold = this.options.failureThreshold ?? timing.failureThreshold;
    probe.successThreshold = timing.successThreshold;
    return probe;
  }
}

function isPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
