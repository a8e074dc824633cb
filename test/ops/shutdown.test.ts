import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

describe('`wiredesk start` shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 on %s after serving', async (signal) => {
    const { child, exited, url } = await startCli();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill(signal);
    expect(await exited).toBe(0);
  });

  // Before: close() waited for every connection, so one silent client held SIGTERM for minutes
  // (past systemd's TimeoutStopSec). The test's own timeout is the bound, not a measurement.
  it('exits 0 on SIGTERM while clients hold silent, half-sent and idle keep-alive connections', async () => {
    const { child, exited, url } = await startCli();
    const { port } = new URL(url);
    const open = (data: string | null): Promise<Socket> => new Promise((done) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        if (data !== null) socket.write(data);
        done(socket);
      });
      socket.on('error', () => undefined);
    });
    const sockets = [await open(null), await open('GET /feeds/all.rss HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      await open('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')];
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    sockets.forEach((s) => s.destroy());
  }, 20_000);
});

/** `wiredesk start` on a one-source config, resolved once it prints its URL. */
async function startCli() {
  expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'wd-stop-'));
  writeFileSync(join(dir, 'feed.rss'), '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://e.org/</link><description>d</description><item><title>A</title><guid>a</guid><description>Body</description></item></channel></rss>');
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
    database: 'wd.db', server: { port: 0 }, retention: { days: 36500 }, sources: [{ id: 'local', url: 'feed.rss', kind: 'wire' }], feeds: [{ id: 'all', title: 'All' }],
  }));
  const child = spawn(process.execPath, [CLI, 'start', '--config', join(dir, 'feeds.config.json')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'warn' } });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /(http:\/\/[^\s]+)\/feeds\//.exec(out);
      if (match?.[1]) done(match[1]);
    });
    void exited.then((code) => fail(new Error(`exited early with ${code}`)));
  });
  return { child, exited, url };
}
