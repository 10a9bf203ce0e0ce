/** An AbortSignal fired by SIGINT/SIGTERM: work stops at the next checkpoint instead of mid-page. */
export function stopSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C means now
    process.stderr.write('vitals: stopping after the current page (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
