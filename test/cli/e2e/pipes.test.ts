import * as path from 'path';
import { nodeCommand, spawnPipeline } from './spawn';
import { PLAIN_POD, tmpDir } from '../helpers';

const PRODUCER = path.join(__dirname, 'slow-producer.js');

/** `count` Pods, each carrying `padding` bytes of annotation so the stream reaches a given size. */
function pods(count: number, padding: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(PLAIN_POD.replace('name: plain', `name: pod-${i}\n  annotations:\n    note: "${'x'.repeat(padding)}"`));
  }
  return docs.join('---\n');
}

describe('cdk8s-hardened reading a pipe (spawned process)', () => {
  test('reads a slow producer that writes small chunks with pauses, to the last document', () => {
    const dir = tmpDir({ 'pods.yaml': pods(40, 200) });
    const r = spawnPipeline(nodeCommand(PRODUCER, [path.join(dir, 'pods.yaml'), '400', '80']), ['pss', '-', '--level', 'baseline', '--format', 'json']);
    expect(r.stderr).toBe('');
    const verdicts = JSON.parse(r.stdout);
    expect(verdicts.map((v: any) => v.name)).toEqual(Array.from({ length: 40 }, (_, i) => `pod-${i}`));
    expect(r.code).toBe(0);
  }, 240_000);

  test('reads several MiB from a pipe with no path argument, as `kubectl get -o yaml | cdk8s-hardened pss` runs', () => {
    const text = pods(1200, 4000); // about 5 MiB: far beyond the 64 KiB pipe buffer
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const dir = tmpDir({ 'pods.yaml': text });
    const r = spawnPipeline(nodeCommand(PRODUCER, [path.join(dir, 'pods.yaml'), '1048576', '5']), ['pss', '--level', 'baseline', '--format', 'json']);
    expect(r.stderr).toBe('');
    const verdicts = JSON.parse(r.stdout);
    expect(verdicts).toHaveLength(1200);
    expect(verdicts[1199]).toEqual({ file: '-', index: 1199, kind: 'Pod', name: 'pod-1199', namespace: 'team-a', policy: 'baseline:latest', allowed: true, reasons: [] });
    expect(r.code).toBe(0);
  }, 240_000);
});
