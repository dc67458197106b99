import cliProgress from 'cli-progress';

export interface Progress {
  /** Moves the progress to `done` of `total`. */
  update(done: number): void;
  finish(message?: string): void;
}

/**
 * A progress bar on a terminal; plain "label: 40 % (8000/20000)" lines every 10 % otherwise,
 * so CI logs and pipes stay readable.
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      stream,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
    return {
      update: (done) => bar.update(done),
      finish: (message) => {
        bar.update(total);
        bar.stop();
        if (message) stream.write(`${message}\n`);
      },
    };
  }
  let lastDecile = -1;
  return {
    update(done) {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${decile * 10} % (${done}/${total})\n`);
      }
    },
    finish(message) {
      if (lastDecile < 10) stream.write(`${label}: 100 % (${total}/${total})\n`);
      if (message) stream.write(`${message}\n`);
    },
  };
}
