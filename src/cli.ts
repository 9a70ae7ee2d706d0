/** Composition root of the `looplens` command: `check` and `timeline`. */
import { runCheckCommand, type CliIo } from './cli/check';
import { runTimelineCommand } from './timeline';

declare const LOOPLENS_VERSION: string;
const VERSION = typeof LOOPLENS_VERSION === 'string' ? LOOPLENS_VERSION : '0.0.0-dev';

const HELP = `Loop Lens ${VERSION} — event-loop pitfalls and timelines for Python and TS/JS

Usage:
  looplens check [options] [PATH...]     report pitfalls (see looplens check --help)
  looplens timeline [options] FILE       predict how FILE runs on its event loop (see looplens timeline --help)
  looplens --version | --help

Exit status of timeline: 0 printed, 2 usage or I/O error, 3 the prediction was stopped
(out of memory, over --time-limit) or its process crashed.
`;

/** Buffers output so a failure or an interrupt never leaves half-written JSON behind. */
function bufferedIo(): CliIo & { flush(): Promise<void>; readonly flushing: boolean } {
  let out = '';
  let err = '';
  let flushing = false;
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    get flushing() {
      return flushing;
    },
    flush: async () => {
      flushing = true;
      if (out) await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
      if (err) await new Promise<void>((resolve) => process.stderr.write(err, () => resolve()));
    },
  };
}

const io = bufferedIo();
let interrupted = false;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let status: number;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(HELP);
      status = command === undefined ? 2 : 0;
    } else if (command === '-v' || command === '--version') {
      io.stdout(`${VERSION}\n`);
      status = 0;
    } else if (command === 'check') {
      status = await runCheckCommand(rest, io, VERSION);
    } else if (command === 'timeline') {
      status = await runTimelineCommand(rest, io);
    } else {
      io.stderr(`looplens: unknown command "${command}"\n${HELP}`);
      status = 2;
    }
  } catch (error) {
    io.stderr(`looplens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    status = 2;
  }
  // Interrupted before writing: the handler exits; write nothing rather than race it.
  if (!interrupted) await io.flush();
  return status;
}

// Ctrl+C: nothing is printed before the results are complete, so exit at once with no output —
// unless the results are being written, then finish writing them (never half a JSON document).
// A second Ctrl+C exits at once.
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  if (!io.flushing) {
    process.stderr.write('looplens: interrupted\n', () => process.exit(130));
    return;
  }
  process.exitCode = 130;
});
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2)).then((status) => {
  process.exitCode = interrupted ? 130 : status;
});
