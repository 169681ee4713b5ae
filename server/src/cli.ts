// `nanokit-gateway`: the language server's checks, the generator and the gateway controls, for
// terminals and CI. Output on stdout, messages on stderr, exit 0 ok / 1 failure / 2 usage.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs, USAGE, UsageError } from './cli/args';
import { checkFile, previewFile } from './cli/check';
import { runGatewayCommand } from './cli/gatewayCommands';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`nanokit-gateway: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const io = { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  if (args.command === 'check' || args.command === 'preview') {
    let text: string;
    try {
      text = readFileSync(args.file, 'utf8');
    } catch (error) {
      io.err(`nanokit-gateway: cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    return args.command === 'check' ? checkFile(args, text, io) : previewFile(args, text, io);
  }
  return runGatewayCommand(args.command, {
    file: args.file, environment: args.environment, image: args.image, adminPort: args.adminPort, yes: args.yes, format: args.format,
  }, { ...io, confirm });
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: Error) => {
    process.stderr.write(`nanokit-gateway: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  },
);
