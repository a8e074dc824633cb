/** Worker-thread entry: reads one feed, one chunk of a feed's entries or extracts one page per message, so a huge or hostile one never blocks the service. */
import { parentPort } from 'node:worker_threads';
import { coerceError } from '../model/errors.js';
import type { PageJob } from '../scrape/read-page.js';
import { readEntries, readOrSplitFeed, transferablesOf, type EntriesJob, type FeedJob } from './read-feed.js';
import { lowerThisThreadPriority } from './thread-priority.js';

// Parsing yields the cores to serving and committing when both are busy.
lowerThisThreadPriority();

parentPort?.on('message', (job: FeedJob | PageJob | EntriesJob) => {
  const isPage = 'kind' in job && job.kind === 'page';
  // The page extractor (a DOM, readability) loads with the first page: a thread reading feeds never loads it.
  const work = isPage ? import('../scrape/read-page.js').then(({ runPageJob }) => runPageJob(job))
    : 'kind' in job && job.kind === 'entries' ? Promise.resolve().then(() => readEntries(job))
    : readOrSplitFeed(job as FeedJob);
  work.then(
    (result) => parentPort?.postMessage({ ok: true, result }, transferablesOf(result)),
    (err: unknown) => {
      const error = isPage ? coerceError(err, 'SCRAPE_FAILED', 'scrape') : coerceError(err, 'PARSE_INVALID', 'parse');
      parentPort?.postMessage({ ok: false, code: error.code, message: error.message });
    },
  );
});

// Loaded: the pool starts a job's clock only now, so module loading never counts against it.
parentPort?.postMessage({ ready: true });
