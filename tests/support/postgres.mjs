// A throwaway PostgreSQL cluster for the tests and the bench: never a system
// service, never a mock. It uses the server binaries of Debian's
// `postgresql` package (scripts/setup.sh installs it), found under
// /usr/lib/postgresql/<version>/bin (or `pg_config --bindir`):
//
//   initdb into a new temp folder (as the `postgres` system user when run as
//   root, which initdb refuses to be; else as whoever runs it), trust
//   authentication for 127.0.0.1 only, a free port, its socket in that
//   folder; `pg_ctl start -w`; `stop()` stops it (`pg_ctl stop -m fast`)
//   and removes the folder. A process that exits without stop() still stops
//   its cluster (an exit handler), so none is ever left running.
//
//   const pg = await startPostgres();
//   const url = await pg.createDatabase('bank');  // postgresql://postgres@127.0.0.1:PORT/bank
//   await pg.restart({ mode: 'immediate' });      // a crash and recovery
//   await pg.stopServer(); await pg.startServer();
//   await pg.stop();
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl, or null. */
export function findPostgresBin() {
  const candidates = [];
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^[0-9.]+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(base, v, 'bin'));
  }
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0) candidates.push(config.stdout.trim());
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Who runs the server: root may not (initdb and postgres refuse), so the
// `postgres` system user the package creates does.
function serverUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0) {
    throw new Error('running as root, but there is no `postgres` user to run the server as (install Debian\'s postgresql package: scripts/setup.sh)');
  }
  return { name: 'postgres', uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function asUser(user, command, args) {
  if (user === null) return [command, args];
  if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser') || spawnSync('which', ['runuser']).status === 0) {
    return ['runuser', ['-u', user.name, '--', command, ...args]];
  }
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', command, ...args]];
}

function runChecked(user, command, args, what) {
  const [cmd, argv] = asUser(user, command, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

// The same, without blocking the event loop (a restart takes a while, and
// the test's children talk meanwhile).
function runAsync(user, command, args, what) {
  const [cmd, argv] = asUser(user, command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${what} exited ${code}:\n${out}`))));
  });
}

const running = new Set();
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const cluster of running) cluster.stopSync();
  });
}

/**
 * Starts a new cluster. Options: `user` (the database superuser's name,
 * default 'postgres'). Returns { host, port, user, dir, bin, url(db),
 * createDatabase(name), psql(sql, db), restart({mode}), stopServer(),
 * startServer(), stop() }.
 */
export async function startPostgres({ user: superuser = 'postgres' } = {}) {
  const bin = findPostgresBin();
  if (bin === null) {
    throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin: ' +
      'run scripts/setup.sh (it installs Debian\'s postgresql package)');
  }
  const owner = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  const host = '127.0.0.1';
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  const tool = (name) => join(bin, name);
  try {
    runChecked(owner, tool('initdb'), ['-D', data, '-U', superuser, '-A', 'trust', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      'initdb');
  } catch (e) {
    // --no-instructions is PostgreSQL 12+; try once without it.
    if (!/no-instructions/.test(e.message)) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    runChecked(owner, tool('initdb'), ['-D', data, '-U', superuser, '-A', 'trust', '--encoding=UTF8', '--locale=C'], 'initdb');
  }
  // Only 127.0.0.1, by TCP; the socket in the cluster's own folder.
  writeFileSync(join(data, 'pg_hba.conf'), [
    'local all all trust',
    'host all all 127.0.0.1/32 trust',
    '',
  ].join('\n'));
  appendFileSync(join(data, 'postgresql.conf'), [
    '',
    '# tests/support/postgres.mjs',
    `listen_addresses = '${host}'`,
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    'fsync = on',
    'synchronous_commit = on',
    'max_connections = 100',
    'shared_buffers = 64MB',
    '',
  ].join('\n'));
  if (owner !== null) {
    runChecked(null, 'chown', ['-R', `${owner.uid}:${owner.gid}`, dir], 'chown');
  }
  const pgCtl = (args, what) => runAsync(owner, tool('pg_ctl'), ['-D', data, ...args], what);
  let up = false;

  const cluster = {
    host,
    port,
    user: superuser,
    dir,
    bin,
    /** The URL of database `db` on this cluster. */
    url(db = 'postgres') {
      return `postgresql://${superuser}@${host}:${port}/${db}`;
    },
    /** Runs SQL through psql (as the superuser); returns its stdout (unaligned, tuples only). */
    psql(sql, db = 'postgres') {
      const r = spawnSync(tool('psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', String(port), '-U', superuser, '-d', db, '-c', sql],
        { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`psql exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    },
    /** Creates database `name`; returns its URL. */
    async createDatabase(name) {
      runChecked(null, tool('createdb'), ['-h', host, '-p', String(port), '-U', superuser, name], 'createdb');
      return cluster.url(name);
    },
    /** pg_ctl restart (mode 'immediate': no shutdown checkpoint, a crash recovery at start). */
    async restart({ mode = 'fast' } = {}) {
      await pgCtl(['restart', '-w', '-m', mode, '-l', log], 'pg_ctl restart');
      up = true;
    },
    async stopServer({ mode = 'fast' } = {}) {
      await pgCtl(['stop', '-w', '-m', mode], 'pg_ctl stop');
      up = false;
    },
    async startServer() {
      await pgCtl(['start', '-w', '-l', log], 'pg_ctl start');
      up = true;
    },
    /** The server's log so far. */
    log() {
      const r = spawnSync('cat', [log], { encoding: 'utf8' });
      return r.stdout;
    },
    stopSync() {
      if (up) {
        const [cmd, argv] = asUser(owner, tool('pg_ctl'), ['-D', data, 'stop', '-w', '-m', 'immediate']);
        spawnSync(cmd, argv, { stdio: 'ignore' });
        up = false;
      }
      rmSync(dir, { recursive: true, force: true });
      running.delete(cluster);
    },
    /** Stops the cluster and removes its folder. */
    async stop() {
      if (up) {
        try {
          await pgCtl(['stop', '-w', '-m', 'fast'], 'pg_ctl stop');
        } catch {
          cluster.stopSync();
        }
        up = false;
      }
      rmSync(dir, { recursive: true, force: true });
      running.delete(cluster);
    },
  };
  running.add(cluster);
  hookExit();
  try {
    await cluster.startServer();
  } catch (e) {
    const text = cluster.log();
    cluster.stopSync();
    throw new Error(`${e.message}\n${text}`);
  }
  return cluster;
}
