import { ConfigError } from '../../config/env.ts';
import { ServiceUnavailableError } from './check-services.ts';

type Closer = () => Promise<void>;

/**
 * Runs a process entry point: known start-up failures print one clear line (no stack trace) and exit 1;
 * SIGTERM/SIGINT run the returned closer once, and a second signal forces the exit.
 */
export function runMain(name: string, main: () => Promise<Closer>): void {
  let closing = false;
  main().then(
    (close) => {
      const shutdown = (signal: string) => {
        if (closing) process.exit(1);
        closing = true;
        process.stderr.write(`${name}: ${signal}, menutup…\n`);
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        close().then(
          () => process.exit(0),
          (error) => {
            process.stderr.write(`${name}: gagal menutup: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    },
    (error) => {
      if (error instanceof ConfigError || error instanceof ServiceUnavailableError) {
        process.stderr.write(`${name}: ${error.message}\n`);
      } else {
        process.stderr.write(
          `${name}: gagal memulai: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
      }
      process.exit(1);
    },
  );
}
