import type { Logger } from './context';

/**
 * A promise rejected with nobody listening is a bug to fix, not a reason to drop every connection and every
 * ack in flight (Node's default, `--unhandled-rejections=throw`, exits): it is logged and the server goes on.
 * Thrown exceptions still end the process (its state is unknown); rejections are local to their promise.
 *
 * Call it after the tfjs backend is initialised, because it replaces the listeners already there: the wasm
 * backend's emscripten glue installs `process.on('unhandledRejection', (reason) => { throw reason })`, which
 * turns any stray rejection anywhere in the process into a crash.
 */
export function logUnhandledRejections(log: Pick<Logger, 'error'>): void {
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection (logged; the server goes on):', reason));
}
