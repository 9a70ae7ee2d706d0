/** Composition root of the `looplens` command: `check` and `timeline`. */
import { runCheckCommand, type CliIo } from './cli/check';
import { runTimelineCommand } from './timeline';

declare const LOOPLENS_VERSION: string;
const VERSION = typeof LOOPLENS_VERSION === 'string' ? LOOPLENS_VERSION : '0.0.0-dev';

const HELP = `Loop Lens ${VERSION} — event-loop pitfalls and timelines for Python and TS/JS

Usage:
  looplens check [options] [PATH...]     report pitfalls (see looplens check --help)
  looplens timeline [options] FILE       predict how FILE runs on its event loop (--json for JSON)
  looplens --version | --help
`;

/** Buffers output so a failure never leaves half-written JSON behind. */
function bufferedIo(): CliIo & { flush(): Promise<void> } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    flush: async () => {
      if (out) await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
      if (err) process.stderr.write(err);
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = bufferedIo();
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
  await io.flush();
  return status;
}

process.on('SIGINT', () => {
  process.stderr.write('looplens: interrupted\n');
  process.exit(130);
});
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
