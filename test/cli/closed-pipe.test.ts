/** `wiredesk parse … | head`: when the reader goes away, wiredesk stops quietly (no EPIPE stack trace). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = ['wire-en.rss', 'wire-afp-like.rss', 'partner-gazette.atom', 'partner-json.json'].map((f) => join(ROOT, 'data/samples', f));

/** Runs the CLI, reads its first chunk of output, then closes the pipe as `head -c` would. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstChunk = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      firstChunk = d.toString().slice(0, 40);
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, firstChunk }));
  });
}

describe('wiredesk output into a closed pipe', () => {
  it('ends parse quietly with exit 0 when the reader closes the pipe', async () => {
    const inputs = Array.from({ length: 30 }, (_, i) => SAMPLES[i % SAMPLES.length] ?? '');
    const result = await runAndCloseEarly(['parse', ...inputs]);
    expect(result.firstChunk).toMatch(/^\{"input":/);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(result.code).toBe(0);
  });
});
