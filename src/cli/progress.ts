// Progress for long CLI operations: cli-progress's bar on a terminal, and a plain line every
// tenth of the way (and at the end) otherwise, so logs and pipes stay readable.
import { SingleBar } from 'cli-progress';

export interface Progress {
  setTotal(total: number): void;
  increment(): void;
  stop(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalBar(label, stream) : plainLines(label, stream);
}

function terminalBar(label: string, stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({ stream, format: `${label} [{bar}] {value}/{total}`, hideCursor: true });
  let started = false;
  return {
    setTotal(total) {
      if (!started) { bar.start(total, 0); started = true; } else bar.setTotal(total);
    },
    increment() { bar.increment(); },
    stop() { if (started) bar.stop(); },
  };
}

function plainLines(label: string, stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let done = 0;
  let lastStep = -1;
  const report = () => {
    const step = total ? Math.floor((done / total) * 10) : 10;
    if (step === lastStep) return;
    lastStep = step;
    stream.write(`${label}: ${done}/${total}\n`);
  };
  return {
    setTotal(n) { total = n; report(); },
    increment() { done++; report(); },
    stop() {},
  };
}
