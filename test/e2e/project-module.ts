import { projectFile } from "../support/run";

/**
 * A module of the project as Node's require loads it: its build when that is current (as after `npm test`'s build
 * step, and as the CLI runs it), else its TypeScript through tsx's require hook (test/support/require-ts.ts). Each e2e
 * file runs in a process of its own, where vitest's import transforms the project's modules one by one: the game
 * day's imports took 15 s at load 9 (8.7 s of it transforming). A file takes every project module whose values it
 * passes between modules from here: classes such as Duration are told apart by identity, one origin per process.
 */
export function projectModule<T>(path: string): T {
  return require(projectFile(path)) as T;
}
