/** node-cron sits behind this module: validation, next run times, and the recurring task. */
import cron from 'node-cron';

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/** The next time a cron expression fires after now (node-cron computes from the real clock). */
export function nextCronRun(expression: string, timezone?: string): Date | null {
  const task = cron.createTask(expression, () => undefined, timezone ? { timezone } : {});
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}

export interface RecurringTask {
  stop(): Promise<void>;
}

/** Runs job on the cron expression; a run still going when the next is due is skipped, not doubled. */
export function scheduleRecurring(
  expression: string,
  job: () => Promise<void>,
  options: { timezone?: string; name: string; onSkip?: () => void },
): RecurringTask {
  let running = false;
  const task = cron.schedule(
    expression,
    async () => {
      if (running) {
        options.onSkip?.();
        return;
      }
      running = true;
      try {
        await job();
      } finally {
        running = false;
      }
    },
    { name: options.name, ...(options.timezone ? { timezone: options.timezone } : {}) },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
