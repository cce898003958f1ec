/** A one-line progress display on stderr, only when stderr is a terminal. */
export interface ProgressReporter {
  update: (progress: { simTimeNs: number; events: number }) => void;
  clear: () => void;
}

const INTERVAL_MS = 250;

export function progressReporter(): ProgressReporter {
  if (process.stderr.isTTY !== true) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update({ simTimeNs, events }) {
      const now = Number(process.hrtime.bigint() / 1_000_000n);
      if (now - last < INTERVAL_MS) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[Ksimulated ${(simTimeNs / 1e9).toFixed(3)} s, ${(events / 1e6).toFixed(1)} M events`);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
