/** Worker-thread entry: reads one feed per message, so a huge or hostile feed never blocks the service. */
import { parentPort } from 'node:worker_threads';
import { coerceError } from '../model/errors.js';
import { readFeed, type FeedJob } from './read-feed.js';

parentPort?.on('message', (job: FeedJob) => {
  readFeed(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (err: unknown) => {
      const error = coerceError(err, 'PARSE_INVALID', 'parse');
      parentPort?.postMessage({ ok: false, code: error.code, message: error.message });
    },
  );
});

// Loaded: the pool starts a job's clock only now, so module loading never counts against it.
parentPort?.postMessage({ ready: true });
