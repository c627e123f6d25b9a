#!/usr/bin/env node
/**
 * npm run lock — refresh package-lock.json so `npm ci` accepts it on every platform.
 *
 * Why: the package registry this project is built against serves only some platforms' builds
 * of packages such as @swc/core, msgpackr-extract and @unrs/resolver-binding. `npm install`
 * then leaves the other platforms' optional packages out of the lock file, and `npm ci` refuses
 * a lock file that lacks any optional dependency. This script adds an entry for each missing
 * one — its version from the parent's optionalDependencies and its os/cpu/libc from its name —
 * so npm skips it on non-matching platforms and fetches it where it matches.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPU = [
  ['arm64', 'arm64'],
  ['aarch64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['ppc64', 'ppc64'],
  ['s390x', 's390x'],
  ['riscv64', 'riscv64'],
  ['loong64', 'loong64'],
  ['arm', 'arm'],
];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((candidate) => parts.includes(candidate));
  const cpu = CPU.find(([token]) => parts.includes(token));
  if (!os || !cpu) return null;
  const entry = { os: [os], cpu: [cpu[1]] };
  if (os === 'linux' && parts.some((p) => p.startsWith('musl'))) entry.libc = ['musl'];
  else if (os === 'linux' && parts.some((p) => p.startsWith('gnu'))) entry.libc = ['glibc'];
  return entry;
}

const file = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${path}/${key}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue; // not a platform build: leave it to npm
    packages[key] = { version: range.replace(/^[\^~=]/, ''), ...platform, optional: true, ...(meta.dev ? { dev: true } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform-specific optional packages recorded`);
