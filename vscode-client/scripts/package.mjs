// Packages one platform-specific .vsix per server binary found in
// server-bin/<target>/: pqcert-<target>-<version>.vsix. Each package carries
// only its own target's binary. Usage: node scripts/package.mjs [target...]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const binaries = { 'linux-x64': 'pqcert', 'win32-x64': 'pqcert.exe' };

const requested = process.argv.slice(2);
for (const t of requested) {
  if (!(t in binaries)) {
    console.error(`package: unknown target ${t} (known: ${Object.keys(binaries).join(', ')})`);
    process.exit(1);
  }
}
const targets = (requested.length > 0 ? requested : Object.keys(binaries)).filter((t) => {
  const bin = path.join(here, 'server-bin', t, binaries[t]);
  if (fs.existsSync(bin)) {
    return true;
  }
  if (requested.length > 0) {
    console.error(`package: ${bin} is missing; run scripts/build-server.sh ${t} first`);
    process.exit(1);
  }
  console.error(`package: skipping ${t}: no ${bin}`);
  return false;
});
if (targets.length === 0) {
  console.error('package: no server binaries in server-bin/; run scripts/build-server.sh first');
  process.exit(1);
}

const baseIgnore = fs.readFileSync(path.join(here, '.vscodeignore'), 'utf8');
const vsce = path.join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
fs.mkdirSync(path.join(here, 'out'), { recursive: true });

for (const target of targets) {
  const ignoreFile = path.join(here, 'out', `vscodeignore.${target}`);
  fs.writeFileSync(ignoreFile, `${baseIgnore.trimEnd()}\n!server-bin/${target}/${binaries[target]}\n`);
  const vsix = `pqcert-${target}-${pkg.version}.vsix`;
  // --no-dependencies: the client is one esbuild bundle, so node_modules stays out
  // and vsce never asks npm (which would need the network) what to include.
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--target', target, '--ignoreFile', ignoreFile, '--out', vsix], {
    cwd: here,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(`package: vsce failed for ${target}`);
    process.exit(r.status ?? 1);
  }
  console.log(`package: wrote ${path.join(here, vsix)}`);
}
