/**
 * npm run console:build [-- --force]
 * Builds the operator console (console/) with Vite into console/dist, which the gateway serves at
 * /console. Skips the build when dist is newer than every source (console/src, index.html, the
 * Vite and TypeScript configs, package-lock.json); --force builds anyway. npm start calls it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CONSOLE_DIR = resolve(__dirname, '..', 'console');
const DIST_INDEX = join(CONSOLE_DIR, 'dist', 'index.html');
const VITE = resolve(__dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js');

function newestSource(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** Why the console needs building, or null when console/dist is up to date. */
export function consoleBuildReason(): string | null {
  if (!existsSync(DIST_INDEX)) return 'console/dist is missing';
  const built = statSync(DIST_INDEX).mtimeMs;
  const sources = [
    join(CONSOLE_DIR, 'src'),
    join(CONSOLE_DIR, 'index.html'),
    join(CONSOLE_DIR, 'vite.config.mts'),
    join(CONSOLE_DIR, 'tsconfig.json'),
    resolve(__dirname, '..', 'package-lock.json'),
  ];
  return sources.some((source) => existsSync(source) && newestSource(source) > built) ? 'its sources are newer than console/dist' : null;
}

/** Builds when missing or stale (or forced); resolves to whether it built. Vite's output goes to `log`. */
export async function ensureConsoleBuilt(options: { force?: boolean; say?: (line: string) => void } = {}): Promise<boolean> {
  const say = options.say ?? ((line: string) => console.error(line));
  const reason = options.force ? 'forced' : consoleBuildReason();
  if (!reason) return false;
  say(`building the console (${reason})…`);
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [VITE, 'build', CONSOLE_DIR, '--logLevel', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) throw new Error(`the console build failed (vite exited ${code}):\n${output.join('')}`);
  say(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (require.main === module) {
  ensureConsoleBuilt({ force: process.argv.includes('--force'), say: (line) => console.log(line) }).then(
    (built) => {
      if (!built) console.log('console/dist is up to date (--force to build anyway)');
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
