import * as D from '../../src/workloads/defaults';
import { HealthCheck } from '../../src/workloads/health-check';

describe('HealthCheck', () => {
  test('renders an HTTP GET on the container port with the per-kind timing', () => {
    expect(HealthCheck.http('/readyz')._render(8080, D.PROBES.readiness)).toEqual({
      httpGet: { path: '/readyz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
      successThreshold: 1,
    });
  });

  test('prefers the explicit port and timing options', () => {
    const check = HealthCheck.tcp({ port: 9000, initialDelaySeconds: 3, periodSeconds: 7, timeoutSeconds: 4, failureThreshold: 9 });
    expect(check.port).toBe(9000);
    expect(check._render(8080, D.PROBES.liveness)).toEqual({
      tcpSocket: { port: 9000 }, initialDelaySeconds: 3, periodSeconds: 7, timeoutSeconds: 4, failureThreshold: 9, successThreshold: 1,
    });
  });

  test('renders a command check without a port', () => {
    const check = HealthCheck.command(['/app/health']);
    expect(check.port).toBeUndefined();
    expect(check._render(undefined, D.PROBES.startup)).toEqual({
      exec: { command: ['/app/health'] }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1,
    });
  });

  test('returns a reason when a port is needed but missing', () => {
    expect(HealthCheck.tcp()._render(undefined, D.PROBES.readiness)).toBe('a TCP check needs a port');
    expect(HealthCheck.http('/x')._render(undefined, D.PROBES.readiness)).toBe("an HTTP check of '/x' needs a port");
  });

  test('fails for a relative HTTP path', () => {
    expect(() => HealthCheck.http('healthz')).toThrow('HealthCheck.http: path "healthz" is not an absolute URL path; use e.g. \'/readyz\'');
  });

  test('fails for an empty command', () => {
    expect(() => HealthCheck.command([])).toThrow('HealthCheck.command: command [] must be a non-empty list of non-empty strings');
  });

  test('fails for invalid timing and ports', () => {
    expect(() => HealthCheck.tcp({ periodSeconds: 0 })).toThrow('HealthCheck: periodSeconds 0 must be an integer >= 1');
    expect(() => HealthCheck.tcp({ initialDelaySeconds: -1 })).toThrow('HealthCheck: initialDelaySeconds -1 must be an integer >= 0');
    expect(() => HealthCheck.tcp({ port: 0 })).toThrow('HealthCheck: port 0 must be an integer between 1 and 65535');
  });
});
