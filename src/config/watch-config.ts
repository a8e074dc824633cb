/**
 * Watches feeds.config.json: a valid change is handed over to be applied; an invalid one is
 * refused with its key-path problems and the last good config stays in force. The folder is
 * watched, not the file, because editors save by writing a temp file and renaming it over.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError, parseConfigText, readConfigText, type ConfigProblem, type LoadedConfig } from './load-config.js';

export interface ConfigWatchHandlers {
  onChange(next: LoadedConfig): void;
  /** The file changed but is not a valid config (or cannot be read): nothing was applied. */
  onInvalid(problems: ConfigProblem[], file: string): void;
}

export interface ConfigWatcher {
  /** Re-reads the file now (what a change event triggers, after a short debounce). */
  check(): Promise<void>;
  close(): void;
}

const DEBOUNCE_MS = 150;

export function watchConfig(path: string, initialText: string | null, handlers: ConfigWatchHandlers): ConfigWatcher {
  const name = basename(path);
  let lastText = initialText;
  let timer: NodeJS.Timeout | null = null;
  let checking: Promise<void> = Promise.resolve();

  const check = async (): Promise<void> => {
    let text: string;
    try {
      text = readConfigText(path);
    } catch (err) {
      // Mid-rename the file can be briefly missing; the rename's own event re-checks.
      if (((err as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
      handlers.onInvalid([{ path: '', message: `cannot read: ${(err as Error).message}` }], name);
      return;
    }
    if (text === lastText) return;
    lastText = text;
    try {
      handlers.onChange(parseConfigText(text, path));
    } catch (err) {
      if (err instanceof ConfigError) handlers.onInvalid(err.problems, name);
      else handlers.onInvalid([{ path: '', message: (err as Error).message }], name);
    }
  };
  const queue = (): Promise<void> => (checking = checking.then(check, check));

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file !== null && file.toString() !== name) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void queue(), DEBOUNCE_MS);
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = null;
  }
  return {
    check: queue,
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
