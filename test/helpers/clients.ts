/** Which real feed clients this machine has (CI installs them; a missing one skips its tests by name). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's python, which has python3-feedparser (the `python3` on PATH may be another one). */
export const PYTHON = '/usr/bin/python3';
export const NEWSBOAT = '/usr/bin/newsboat';
export const XMLLINT = '/usr/bin/xmllint';

export const HAS_FEEDPARSER = existsSync(PYTHON) && probe(PYTHON, ['-c', 'import feedparser']);
export const HAS_NEWSBOAT = existsSync(NEWSBOAT);
export const HAS_XMLLINT = existsSync(XMLLINT);

/** A suffix for a suite's name when it is skipped, so the report says why. */
export const skipNote = (has: boolean, what: string): string => (has ? '' : ` [SKIPPED: ${what} is not installed]`);

function probe(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
