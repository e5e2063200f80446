import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Compliance } from '../../src/compliance/compliance';
import { HardenedConfigMap } from '../../src/config/hardened-config-map';
import { OptOut } from '../../src/warnings';

const KEY = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,24}$/);
const VALUE = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('info', 'https://api.shop.svc:8080', 'port: 8080\nlog: debug\n', '30s', 'true', '/etc/app/app.yaml'),
);

describe('HardenedConfigMap: properties', () => {
  test('whatever data the construct accepts, the checker passes on the pss-restricted and hardened packs', () => {
    fc.assert(fc.property(fc.dictionary(KEY, VALUE, { maxKeys: 8 }), fc.boolean(), (data, mutable) => {
      const chart = new Chart(Testing.app(), 'test');
      try {
        new HardenedConfigMap(chart, 'config', { namespace: 'shop', name: 'app-config', data, mutable: mutable ? OptOut.because('reloaded in place by the config watcher') : undefined });
      } catch {
        // A refusal is the construct's own judgement (tested with exact messages elsewhere): nothing to compare.
        fc.pre(false);
      }
      for (const pack of ['pss-restricted', 'hardened']) {
        const findings = Compliance.check(chart, { pack }).findings.filter((f) => f.suppressedReason === undefined);
        expect(findings.map((f) => `${pack} ${f.checkId}: ${f.detail ?? f.reason}`)).toEqual([]);
      }
    }), { numRuns: 200 });
  });
});
