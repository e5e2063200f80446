/**
 * A benchmark child: runs one job (JSON in argv[2]) in a fresh process and sends the result to the
 * parent, so every measurement starts with a clean heap and its own peak memory.
 */
import { Job, runJob } from './jobs';

const job = JSON.parse(process.argv[2]) as Job;
runJob(job).then(
  (result) => {
    process.send!({ ok: true, result }, () => process.exit(0));
  },
  (e) => {
    process.send!({ ok: false, error: String(e?.stack ?? e) }, () => process.exit(1));
  },
);
