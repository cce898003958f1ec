/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal so logs and CI
 * output stay clean. Wall-clock time is used only for the rate and ETA on screen.
 */
export interface Progress {
  update(done: number, failed: number): void;
  finish(): void;
}

export function createProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const startMs = Date.now();
  let drawn = false;
  return {
    update(done: number, failed: number): void {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const elapsedS = (Date.now() - startMs) / 1000;
      const etaS = done > 0 ? (elapsedS / done) * (total - done) : NaN;
      const eta = Number.isFinite(etaS) ? ` ETA ${etaS.toFixed(0)}s` : '';
      const fail = failed > 0 ? ` ${failed} failed` : '';
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${fail}${eta}\u001b[K`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write('\n');
    },
  };
}
