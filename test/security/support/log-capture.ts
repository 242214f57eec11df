import type { LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';

/**
 * Everything an application could write about itself: a Nest `LoggerService` that
 * records every line (Nest's `Logger` instances report to it once it is the app's
 * logger), plus spies on `console` and on the process's stdout and stderr.
 */
export class LogCapture implements LoggerService {
  readonly lines: string[] = [];
  private readonly restores: (() => void)[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.record('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.record('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.record('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.record('fatal', message, rest);
  }

  /** Also records `console.*` and raw writes to stdout and stderr (which still go through). */
  captureProcessOutput(): this {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.record(`console.${method}`, args[0], args.slice(1));
      });
      this.restores.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...args: unknown[]) => {
        this.lines.push(`stream ${String(chunk)}`);
        return write(chunk, ...args);
      });
      this.restores.push(() => spy.mockRestore());
    }
    return this;
  }

  restore(): void {
    for (const restore of this.restores.splice(0)) restore();
  }

  text(): string {
    return this.lines.join('\n');
  }

  private record(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push([level, ...[message, ...rest].map(show)].join(' '));
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.stack ?? value.message} ${inspect({ ...value }, { depth: 5 })}`;
  return inspect(value, { depth: 5 });
}
