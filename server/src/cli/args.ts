// argv → a command and its options, with usage errors that say what to type.
export const USAGE = `Usage: nanokit-gateway <command> <file> [options]

Commands:
  check <file>     validate nanokit.yml (schema, cross-field checks, host ports); exit 1 on errors
  preview <file>   print the Caddy JSON config the gateway would load
  up <file>        start (or reload) the local gateway container
  reload <file>    push the current config to the running gateway (zero downtime)
  down <file>      stop the gateway container (certificates are kept)
  status <file>    show the gateway's state
  trust <file>     trust the gateway's local CA in this machine's trust stores
  untrust <file>   remove that trust again

Options:
  --env, -e <name>       environment (default: local)
  --format <text|json>   output of check (default: text)
  --no-port-check        check: do not probe the gateway's host ports
  --image <image>        gateway image (up)
  --admin-port <port>    host port of the Caddy admin API, bound to 127.0.0.1 (default 2019)
  --yes, -y              trust/untrust without asking
  --help, -h             this help`;

export const COMMANDS = ['check', 'preview', 'up', 'reload', 'down', 'status', 'trust', 'untrust'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  file: string;
  environment: string;
  format: 'text' | 'json';
  portCheck: boolean;
  image?: string;
  adminPort?: number;
  yes: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs | 'help' {
  const positional: string[] = [];
  const args: Partial<CliArgs> = { environment: 'local', format: 'text', portCheck: true, yes: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--env': case '-e': args.environment = value(); break;
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}".`);
        args.format = f;
        break;
      }
      case '--no-port-check': args.portCheck = false; break;
      case '--image': args.image = value(); break;
      case '--admin-port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 1 || p > 65535) throw new UsageError('--admin-port must be a port number (1-65535).');
        args.adminPort = p;
        break;
      }
      case '--yes': case '-y': args.yes = true; break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
        positional.push(flag);
    }
  }
  const [command, file, ...extra] = positional;
  if (!command) throw new UsageError('No command given.');
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`Unknown command "${command}".`);
  if (!file) throw new UsageError(`${command} needs the path of a nanokit.yml.`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return { ...args, command: command as Command, file } as CliArgs;
}
