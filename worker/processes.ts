// Child processes that the launcher and the test harness start and must stop in a chosen order.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ManagedProcess {
  readonly name: string;
  /** Of the process started (its group leader); undefined if it could not start. */
  readonly pid: number | undefined;
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** Sends the stop signal, then SIGKILL if the process still runs after the grace period. */
  stop(): Promise<ProcessExit>;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'inherit' shares this terminal; a log file keeps chatty servers out of it. */
  output: 'inherit' | { logFile: string };
  stopSignal?: NodeJS.Signals;
  stopGraceMs?: number;
  uid?: number;
  gid?: number;
}

export function startProcess(name: string, command: string, args: string[], options: ProcessOptions): ManagedProcess {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const logFd = options.output === 'inherit' ? undefined : openLog(options.output.logFile);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    uid: options.uid,
    gid: options.gid,
    stdio: logFd === undefined ? ['ignore', 'inherit', 'inherit'] : ['ignore', logFd, logFd],
    // Its own session, so a Ctrl-C in the terminal reaches only the launcher, which then stops
    // the children in order (console before worker before Temporal before PostgreSQL).
    detached: true,
  });
  if (logFd !== undefined) closeSync(logFd);

  // Signals go to the child's whole process group: `npm run x` → sh → x must all stop, not just npm.
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };

  let exitStatus: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve((exitStatus = { code, signal })));
    child.once('error', (error) => resolve((exitStatus = { code: null, signal: null, error })));
  });
  // Safety net: if this process exits without stopping the child (crash, process.exit elsewhere),
  // the child still gets its stop signal instead of running on unsupervised.
  const signalOnExit = (): void => signalGroup(stopSignal);
  process.once('exit', signalOnExit);
  void exited.then(() => process.removeListener('exit', signalOnExit));

  return {
    name,
    pid: child.pid,
    exited,
    hasExited: () => exitStatus !== undefined,
    async stop() {
      if (exitStatus) return exitStatus;
      signalGroup(stopSignal);
      const graceMs = options.stopGraceMs ?? 5_000;
      let timer: NodeJS.Timeout | undefined;
      const stoppedInTime = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      if (!stoppedInTime) signalGroup('SIGKILL');
      return exited;
    },
  };
}

function openLog(logFile: string): number {
  mkdirSync(path.dirname(logFile), { recursive: true });
  return openSync(logFile, 'a');
}

/** Waits for a one-shot command and throws, with its log tail when it has one, unless it succeeded. */
export async function expectSuccess(task: ManagedProcess, logFile?: string): Promise<void> {
  const exit = await task.exited;
  if (exit.code === 0) return;
  const tail = logFile === undefined ? '' : `\n${readLogTail(logFile)}`;
  throw new Error(`${task.name} failed (${describeExit(exit)})${tail}`);
}

export function describeExit(exit: ProcessExit): string {
  if (exit.error) return exit.error.message;
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function readLogTail(logFile: string, lineCount = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lineCount).join('\n');
  } catch {
    return `(no log at ${logFile})`;
  }
}
