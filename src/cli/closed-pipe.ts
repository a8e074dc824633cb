/**
 * `wiredesk parse … | head`: once the reader has gone, writes fail with EPIPE. That is the reader's
 * choice, not an error of ours: stop quietly instead of dying on an unhandled 'error' event.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') exit(0);
    else throw err;
  });
}
