// Crash at every step (issue 16), the way SQLite's crash tests do it: a
// fault-injecting wrapper around any store backend (the primitives listed at
// the top of bindings/js/store.js), and a driver that runs one scripted
// workload through it once without faults, counts its primitive calls, then
// runs it again crashing at each of them in turn and checks what a fresh bank
// finds in the store afterwards.
//
// Plain ES module without Node or browser imports: tests/js/
// store_crash_points.test.js uses it with the Node file backend, and
// e2e/store_crash_points.spec.js loads it in the page (the project's server
// serves /tests/) with the IndexedDB backend.
//
// What a crash at call k leaves (`tear`, the part of call k that reached
// the medium; a backend whose primitive is one transaction, IndexedDB, is
// `atomic`: committed or not):
//
//   append           bytes: none, one byte, half, all but the last byte, all
//                    of the record (written at its place and synced: what a
//                    power cut leaves of a write that was not synced yet);
//                    atomic: none or all
//   begin            bytes: the same prefixes of the format line; atomic: it
//                    writes nothing, so the world stops after it
//   cut              the old length or the new one
//   writeCheckpoint  the old checkpoint, the new one, or (when the backend
//                    can say where its temporary file is: `tornCheckpoint`)
//                    the old one beside half of the new one's temporary file
//   anything else    the call ran (a read, open: its lock taken, close: its
//                    lock let go), or for turn: the world stops as it begins
//
// Then the world stops: every later primitive call of every backend wrapped
// by the same plan throws Crash and reaches nothing, so the protocol's own
// recovery (the cut after a failed append) cannot mend what the crash left.
// The bank is abandoned; the real backends still open are handed to the
// environment's `abandon`, which leaves them as a dead process would (the
// file: its descriptor closed, its lock file naming a process that is gone).

/** The world stopped: thrown by every primitive call from the crash on. */
export class Crash extends Error {
  constructor(message) {
    super(message);
    this.name = 'Crash';
  }
}

const BYTE_TEARS = {
  none: () => 0,
  one: () => 1,
  half: (n) => Math.floor(n / 2),
  allButLast: (n) => n - 1,
  all: (n) => n,
};

/** The ways a crash inside a call of `name` can leave the medium. */
export function tearsOf(name, { atomic = false, tornCheckpoint = false } = {}) {
  switch (name) {
    case 'append': return atomic ? ['none', 'all'] : Object.keys(BYTE_TEARS);
    case 'begin': return atomic ? ['after'] : Object.keys(BYTE_TEARS);
    case 'cut': return ['old', 'new'];
    case 'writeCheckpoint': return tornCheckpoint ? ['old', 'partial', 'new'] : ['old', 'new'];
    default: return ['after'];
  }
}

/**
 * One run: counts every primitive call of the backends it wraps (1, 2, ...)
 * and stops the world inside call `crashAt` (0: never), leaving `tear` of it.
 */
export class CrashPlan {
  constructor({ crashAt = 0, tear = null } = {}) {
    this.crashAt = crashAt;
    this.tear = tear;
    this.count = 0;
    this.calls = [];      // { n, name, tears }
    this.stopped = false;
    this.crash = null;    // { n, name, tear } once it happened
  }

  wrap(real, options) {
    return new CrashingBackend(real, this, options);
  }
}

/**
 * A backend that forwards each primitive to `real` until the plan's crash.
 * Options, part of the workload (they happen in the fault-free run too):
 *   atomic          each primitive is one transaction (IndexedDB)
 *   tornCheckpoint  async (bytes) => writes `bytes` where the backend keeps
 *                   a checkpoint being written (the file: PATH.checkpoint.tmp)
 *   refuseAppend    the n-th appends (1-based) of this backend fail as a full
 *                   medium makes them fail: half of the record written (bytes;
 *                   nothing if atomic) and an error, the world going on
 *   dieAtAppend     { nth, tear }: this backend's process dies inside its
 *                   n-th append (a scripted crash: the plan goes on with
 *                   other backends; this one throws Crash from then on)
 */
export class CrashingBackend {
  #real;
  #plan;
  #atomic;
  #tornCheckpoint;
  #refuse;
  #die;
  #dead = false;
  #appends = 0;
  /** The real backend was opened (its lock taken) and not closed. */
  holding = false;

  constructor(real, plan, {
    atomic = false, tornCheckpoint = null, refuseAppend = [], dieAtAppend = null,
  } = {}) {
    this.#real = real;
    this.#plan = plan;
    this.#atomic = atomic;
    this.#tornCheckpoint = tornCheckpoint;
    this.#refuse = refuseAppend;
    this.#die = dieAtAppend;
  }

  get label() { return this.#real.label; }

  // Whether the real backend's records cannot tear (store.js skips the
  // opening seal for those): a property, not a primitive call.
  get atomic() { return this.#real.atomic; }

  get real() { return this.#real; }

  /** Its process died (a scripted crash or the plan's). */
  get dead() { return this.#dead || this.#plan.stopped; }

  // Counts the call; returns the tear to leave if the world stops in it.
  #enter(name) {
    const plan = this.#plan;
    if (this.dead) throw new Crash(`${name}: the world has stopped`);
    plan.count += 1;
    const tears = tearsOf(name, { atomic: this.#atomic, tornCheckpoint: this.#tornCheckpoint !== null });
    plan.calls.push({ n: plan.count, name, tears });
    if (plan.count !== plan.crashAt) return null;
    const tear = plan.tear ?? tears[tears.length - 1];
    if (!tears.includes(tear)) throw new Error(`a crash in ${name} cannot leave '${tear}'`);
    plan.stopped = true;
    plan.crash = { n: plan.count, name, tear };
    return tear;
  }

  #stop() {
    const { n, name, tear } = this.#plan.crash;
    return new Crash(`crash inside call ${n} (${name}, ${tear})`);
  }

  async #prefix(write, bytes, tear) {
    const keep = BYTE_TEARS[tear](bytes.length);
    if (keep > 0) await write(bytes.subarray(0, keep));
  }

  async open(options) {
    const tear = this.#enter('open');
    await this.#real.open(options);
    this.holding = true;
    if (tear !== null) throw this.#stop();
  }

  turn(fn) {
    const tear = this.#enter('turn');
    if (tear !== null) throw this.#stop();
    return this.#real.turn(fn);
  }

  async #read(name, read) {
    const tear = this.#enter(name);
    const value = await read();
    if (tear !== null) throw this.#stop();
    return value;
  }

  readCheckpoint() { return this.#read('readCheckpoint', () => this.#real.readCheckpoint()); }

  readAll() { return this.#read('readAll', () => this.#real.readAll()); }

  readAfter(n) { return this.#read('readAfter', () => this.#real.readAfter(n)); }

  async begin(formatLine) {
    const bytes = Uint8Array.from(formatLine);
    const tear = this.#enter('begin');
    if (tear === null) return this.#real.begin(bytes);
    if (tear === 'after') await this.#real.begin(bytes);
    else await this.#prefix((b) => this.#real.begin(b), bytes, tear);
    throw this.#stop();
  }

  async append(record, info) {
    // `record` may view the wasm heap: copied before anything else runs.
    const bytes = Uint8Array.from(record);
    const tear = this.#enter('append');
    this.#appends += 1;
    const write = (b) => this.#real.append(b, info);
    if (tear !== null) {
      await this.#prefix(write, bytes, tear);
      throw this.#stop();
    }
    if (this.#die !== null && this.#die.nth === this.#appends) {
      await this.#prefix(write, bytes, this.#die.tear);
      this.#dead = true;
      throw new Crash(`the writer died inside its append ${this.#appends} (${this.#die.tear}), as scripted`);
    }
    if (this.#refuse.includes(this.#appends)) {
      if (!this.#atomic) await this.#prefix(write, bytes, 'half');
      throw new Error('ENOSPC: no room left on the medium (simulated)');
    }
    return write(bytes);
  }

  async cut(info) {
    const tear = this.#enter('cut');
    if (tear === null) return this.#real.cut(info);
    if (tear === 'new') await this.#real.cut(info);
    throw this.#stop();
  }

  async writeCheckpoint(checkpoint) {
    const bytes = Uint8Array.from(checkpoint);
    const tear = this.#enter('writeCheckpoint');
    if (tear === null) return this.#real.writeCheckpoint(bytes);
    if (tear === 'new') await this.#real.writeCheckpoint(bytes);
    if (tear === 'partial') await this.#tornCheckpoint(bytes.subarray(0, Math.floor(bytes.length / 2)));
    throw this.#stop();
  }

  // Synchronous, as the protocol calls it (not awaited); a backend without
  // notify has no such call to crash in.
  notify(entries) {
    if (typeof this.#real.notify !== 'function') return;
    const tear = this.#enter('notify');
    this.#real.notify(entries);
    if (tear !== null) throw this.#stop();
  }

  async close() {
    const tear = this.#enter('close');
    await this.#real.close();
    this.holding = false;
    if (tear !== null) throw this.#stop();
  }
}

// --- the workload ----------------------------------------------------------
//
// Three lives of one store, checkpointEvery 3, every op with its own memo
// and idempotency key and a fixed time (`at`), so that a run's entries are
// the same bytes every time:
//   1. a new store: a single write, a group commit (three calls in one tick,
//      one of them INSUFFICIENT_FUNDS), a checkpoint, a write the medium
//      refuses (half written, cut back), a single write; closed;
//   2. reopened from its checkpoint: a group, a checkpoint, a single write,
//      then its writer dies inside a group's append, half of it written;
//   3. reopened over that torn tail and the dead writer's lock: a single
//      write, a checkpoint; closed.
// Steps are awaited one after another, so each step's calls are one group.

export const CHECKPOINT_EVERY = 3;
const T0 = 1_767_000_000_000;

// [method, args] of each op; key = memo.
let serial = 0;
function op(method, make) {
  serial += 1;
  const memo = `m${serial}`;
  const options = { memo, key: `k${serial}`, at: T0 + serial * 1000 };
  return { memo, method, args: make(options) };
}

// firstWriteGroup: the store's first write is the group (its first two
// steps made in one tick), not a single op.
function lives({ firstWriteGroup = false } = {}) {
  serial = 0;
  const first = [
    [op('openAccount', (o) => [{ id: 1, name: 'Ann', balance: '100.00', ...o }])],
    [
      op('openAccount', (o) => [{ id: 2, name: 'Bob', ...o }]),
      op('deposit', (o) => [1, '5.00', o]),
      op('withdraw', (o) => [2, '1.00', o]),  // Bob has nothing: fails in memory
    ],
  ];
  return [
    {
      steps: [
        ...(firstWriteGroup ? [first.flat()] : first),
        [op('deposit', (o) => [2, '7.00', o])],      // the medium refuses it
        [op('transfer', (o) => [{ from: 1, to: 2, amount: '10.00', ...o }])],
      ],
      wrap: { refuseAppend: [firstWriteGroup ? 2 : 3] },
    },
    {
      steps: [
        [op('deposit', (o) => [2, '3.00', o]), op('withdraw', (o) => [1, '2.50', o])],
        [op('transfer', (o) => [{ from: 2, to: 1, amount: '4.00', ...o }])],
        [op('deposit', (o) => [1, '1.00', o]), op('deposit', (o) => [2, '2.00', o])],  // torn
      ],
      wrap: { dieAtAppend: { nth: 3, tear: 'half' } },
    },
    {
      steps: [
        [op('withdraw', (o) => [2, '0.75', o])],
        [op('deposit', (o) => [1, '0.25', o]), op('transfer', (o) => [{ from: 1, to: 2, amount: '1.00', ...o }])],
      ],
      wrap: {},
    },
  ];
}

/**
 * Runs the workload through `plan` on the store `spec`. env: backend(spec)
 * (a real backend), openBank(backend, options) (a stored bank over it),
 * abandon(real, spec) (what a crashed process leaves of an open backend),
 * wrap (options for every CrashingBackend: atomic, tornCheckpoint(spec)).
 * Resolves with the ops in order: { memo, method, args, ok, error, group,
 * during } (during: the world stopped while its group was being written).
 */
export async function runWorkload(env, spec, plan, workload = {}) {
  const ops = [];
  let group = 0;
  for (const life of lives(workload)) {
    if (plan.stopped) break;
    const { tornCheckpoint, ...rest } = env.wrap ?? {};
    const backend = plan.wrap(env.backend(spec), {
      ...rest, ...life.wrap, tornCheckpoint: tornCheckpoint ? tornCheckpoint(spec) : null,
    });
    let bank = null;
    try {
      bank = await env.openBank(backend, { checkpointEvery: CHECKPOINT_EVERY });
    } catch (e) {
      if (!backend.dead) throw e;
    }
    if (bank !== null) {
      for (const step of life.steps) {
        if (backend.dead) break;
        group += 1;
        const before = plan.stopped || backend.dead;
        const settled = await Promise.allSettled(step.map(({ method, args }) => bank[method](...args)));
        const during = !before && plan.stopped;
        step.forEach((o, i) => {
          const s = settled[i];
          ops.push({
            ...o, group, during, ok: s.status === 'fulfilled', error: s.status === 'rejected' ? (s.reason?.code ?? String(s.reason)) : null,
          });
        });
      }
      // Closing lets the store go; after a crash the bank is only freed,
      // its store never closed (every call of the dead backend throws).
      try { await bank.dispose(); } catch (e) { if (!backend.dead) throw e; }
    }
    if (backend.holding) {
      await env.abandon(backend.real, spec);
      backend.holding = false;
    }
  }
  return ops;
}

/**
 * The workload without faults, then crashing at every call with every tear
 * (or only the calls { n, name } for which `only` is true), checking after
 * each crash what a fresh bank on the real backend finds. env as for runWorkload, plus newStore() (a fresh
 * store spec), destroy(spec), and recover(spec) (a stored bank over the real
 * backend: the store's next process). Resolves with { calls, names, runs,
 * counts, failures } where failures lists every rule broken, by crash point.
 */
export async function crashEveryStep(env, { only = null, log = () => {}, ...workload } = {}) {
  const referenceSpec = env.newStore();
  const referencePlan = new CrashPlan();
  const reference = await runWorkload(env, referenceSpec, referencePlan, workload);
  // An op that failed in memory (INSUFFICIENT_FUNDS) never makes an entry;
  // every other op is valid: acknowledged, or refused by the medium or lost
  // in the scripted crash, and then retried by the next process.
  const failedInMemory = new Set(reference.filter((o) => !o.ok && o.error !== 'RESOURCE_EXHAUSTED').map((o) => o.memo));
  const referenceBank = await env.recover(referenceSpec);
  const expected = await retryAll(referenceBank, failedInMemory, workload);
  await referenceBank.dispose();
  await env.destroy(referenceSpec);
  const calls = referencePlan.calls;
  const failures = [];
  const counts = {};
  let runs = 0;
  for (const call of calls) {
    if (only !== null && !only(call)) continue;
    for (const tear of call.tears) {
      runs += 1;
      counts[call.name] = (counts[call.name] ?? 0) + 1;
      const where = `crash in call ${call.n} (${call.name}, ${tear})`;
      const spec = env.newStore();
      try {
        const plan = new CrashPlan({ crashAt: call.n, tear });
        const ops = await runWorkload(env, spec, plan, workload);
        if (!plan.stopped || plan.crash.name !== call.name) {
          failures.push(`${where}: the run did not crash there (${JSON.stringify(plan.crash)})`);
          continue;
        }
        const problems = await checkAfterCrash(env, spec, ops, failedInMemory, expected, workload);
        for (const p of problems) failures.push(`${where}: ${p}`);
        log(`${where}: ${problems.length === 0 ? 'ok' : problems.join('; ')}`);
      } catch (e) {
        failures.push(`${where}: ${e && (e.stack || e.message)}`);
      } finally {
        try { await env.destroy(spec); } catch { /* the next run uses a new store */ }
      }
    }
  }
  return {
    calls: calls.length, names: calls.map((c) => c.name), runs, counts, failures, expected,
  };
}

// The next process retries every valid op with its idempotency key, in the
// workload's order, in one group: each is then in the store exactly once.
async function retryAll(bank, failedInMemory, workload) {
  const retry = workloadOps(workload).filter((o) => !failedInMemory.has(o.memo)).map(({ method, args }) => bank[method](...args));
  await Promise.all(retry);
  const { entries } = await bank.verify();
  const accounts = (await bank.accounts()).map((a) => `${a.id}:${a.balance}`);
  const memos = (await bank.exportJournal()).split('\n').filter((l) => l.startsWith('{"entry"')).map((l) => JSON.parse(l).memo);
  return { entries, accounts, memos: memos.sort() };
}

// What the store's next process must find: the store opens and verifies,
// holds every acknowledged op, at most the one group being written at the
// crash (all of its ops or none), never an op that failed, nothing twice,
// in the order the ops were made; and once every valid op is retried with
// its key, each is there exactly once, the balances those of the fault-free
// run's.
async function checkAfterCrash(env, spec, ops, failedInMemory, expected, workload) {
  const problems = [];
  let bank;
  try {
    bank = await env.recover(spec);
  } catch (e) {
    return [`the store does not open: ${e.code ?? ''} ${e.message}`];
  }
  try {
    try {
      await bank.verify();
    } catch (e) {
      problems.push(`verify() fails: ${e.code} ${e.message}`);
    }
    const present = (await bank.exportJournal()).split('\n').filter((l) => l.startsWith('{"entry"')).map((l) => JSON.parse(l).memo);
    const seen = new Set();
    for (const memo of present) {
      if (seen.has(memo)) problems.push(`${memo} is in the store twice`);
      seen.add(memo);
    }
    const acked = new Set(ops.filter((o) => o.ok).map((o) => o.memo));
    for (const memo of acked) {
      if (!seen.has(memo)) problems.push(`acknowledged ${memo} is lost`);
    }
    const inFlight = new Set(ops.filter((o) => !o.ok && o.during && !failedInMemory.has(o.memo)).map((o) => o.memo));
    const extra = present.filter((m) => !acked.has(m));
    for (const memo of extra) {
      if (!inFlight.has(memo)) problems.push(`${memo} is in the store, never acknowledged and not in the group being written at the crash`);
    }
    if (extra.length > 0 && extra.length !== inFlight.size) {
      problems.push(`a partial group: ${extra.join(',')} of ${[...inFlight].join(',')}`);
    }
    const order = ops.map((o) => o.memo).filter((m) => seen.has(m));
    if (order.join(',') !== present.join(',')) problems.push(`entries out of order: ${present.join(',')}`);
    if (problems.length === 0) {
      const after = await retryAll(bank, failedInMemory, workload);
      if (JSON.stringify(after) !== JSON.stringify(expected)) {
        problems.push(`after retrying with the keys: ${JSON.stringify(after)}, not ${JSON.stringify(expected)}`);
      }
    }
  } finally {
    await bank.dispose();
  }
  return problems;
}

/** Every op of the workload, in order. */
export function workloadOps(workload) {
  return lives(workload).flatMap((life) => life.steps.flat());
}
