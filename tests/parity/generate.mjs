// A seeded random scenario generator (docs/transcript-format.md, docs/errors.md): valid operations mixed
// with every kind of bad input, deterministic by seed, so that a mismatch
// between runners can be reproduced with `node generate.mjs SEED COUNT`.

// mulberry32: small, fast and good enough to pick test cases.
function makeRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CURRENCIES = [['USD', 2], ['USD', 2], ['EUR', 2], ['JPY', 0], ['KWD', 3]];
const NAMES = ['Alice', 'Bob', 'Zoë', '李雷', '🙂 Smile', 'O\'Brien', '"Quote"',
  '<b>x</b>', '  padded  ', 'a\\b'];
const GOOD_MEMOS = ['rent', '', '   ', 'ü'.repeat(140)];
const GOOD_ATS = [0, 1700000000000, 8640000000000000];
const BAD_NAMES = ['', '   ', '\u3000', 'tab\there', 'x'.repeat(65), 'c1\u0085',
  '\ud800'];

export function generateScenario(seed, count) {
  const random = makeRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const ids = [];          // ids opened so far (some may be closed)
  const scales = new Map();
  const currencies = new Map();
  const keys = [];         // [key, line] used before
  let nextId = 1;
  let keyCount = 0;
  let emitted = 0;         // mutating ops so far: at least the entry count

  const amount = (scale, max = 100000) => {
    const minor = int(0, max);
    if (scale === 0) return String(minor);
    const text = String(minor).padStart(scale + 1, '0');
    return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
  };
  const someId = () => (ids.length && chance(0.95) ? pick(ids) : int(1, nextId + 3));
  // Usually an account in the same currency, so transfers mostly get through.
  const partnerOf = (id) => {
    const same = ids.filter((other) => currencies.get(other) === currencies.get(id) && other !== id);
    return same.length && chance(0.9) ? pick(same) : someId();
  };
  const huge = (scale) => (scale === 2 ? '92233720368547758.00' : '9223372036854775.000');
  const scaleOf = (id) => scales.get(id) ?? 2;

  const badAmount = () => pick(['abc', '-1', '+1', '1e3', '1.', '.5', ' 1', '1,000',
    '1.0001', '0', '0.00', 5, null, true, '99999999999999999999']);
  const extras = () => {
    const out = {};
    if (chance(0.15)) out.memo = pick([...GOOD_MEMOS, 'x'.repeat(141), 'a\u0001']);
    if (chance(0.1)) out.at = chance(0.97) ? pick([0, 1700000000000, -1, 1.5, '5']) : pick(GOOD_ATS);
    if (chance(0.15)) {
      // Mostly fresh keys; sometimes an old key with a new request (conflict).
      keyCount += 1;
      out.key = chance(0.85) ? `key-${seed}-${keyCount}` : pick(['k1', `k${int(1, 9)}`, 'bad key', '', 'x'.repeat(65)]);
    }
    return out;
  };

  // Whether extras() picked only values that the core accepts.
  const isClean = (more) => (more.memo === undefined || GOOD_MEMOS.includes(more.memo))
    && (more.at === undefined || GOOD_ATS.includes(more.at))
    && (more.key === undefined || /^[!-~]{1,64}$/.test(more.key));

  // A hold's number is its entry's: a guess among the recent entries (some
  // are holds), or a bad one.
  // About 45% of the mutating ops write an entry: a hold placed at the
  // n-th mutating op is entry 0.45n or so.
  const holdsAt = [];
  const someHold = () => {
    if (chance(0.05) || holdsAt.length === 0) return pick([0, -1, 1.5, '3', 9007199254740993, int(1, 50)]);
    return Math.max(1, Math.round(pick(holdsAt.slice(-12)) * (0.4 + 0.1 * random())) + int(-2, 2));
  };
  // The bank's time moves a minute a mutating op on the ops that say so;
  // holds expire a few minutes after, so some lapse before they are used.
  const clock = () => 1700000000000 + emitted * 60000;
  const expiry = () => (chance(0.9) ? pick([clock() + int(1, 40) * 60000, 1, 8640000000000000])
    : pick([0, -5, 1.5, '9']));

  const holdOrLimit = (roll) => {
    if (roll < 0.88) {
      const from = someId();
      const op = { op: 'hold', from, to: chance(0.03) ? from : partnerOf(from),
        amount: chance(0.9) ? amount(scaleOf(from), 20000) : badAmount() };
      if (chance(0.5)) op.expires_at = expiry();
      holdsAt.push(emitted);
      return Object.assign(op, extras(), chance(0.5) ? { at: clock() } : {});
    }
    if (roll < 0.93) {
      const op = { op: 'capture', hold: someHold() };
      if (chance(0.5)) op.amount = chance(0.9) ? amount(2, 20000) : badAmount();
      return Object.assign(op, extras(), chance(0.5) ? { at: clock() } : {});
    }
    if (roll < 0.955) return { op: 'release', hold: someHold(), ...extras(), ...(chance(0.5) ? { at: clock() } : {}) };
    const id = someId();
    return { op: 'set_limit', id,
      overdraft_limit: chance(0.9) ? amount(scaleOf(id), 5000) : badAmount(), ...extras() };
  };

  const mutation = () => {
    emitted += 1;
    const roll = random();
    if (roll < 0.15 || ids.length < 2) {
      const [currency, scale] = pick(CURRENCIES);
      const id = chance(0.9) ? nextId : someId();
      const op = { op: 'open', id, name: chance(0.9) ? pick(NAMES) : pick(BAD_NAMES) };
      let clean = !BAD_NAMES.includes(op.name);
      if (currency !== 'USD' || chance(0.2)) {
        op.currency = chance(0.95) ? currency : pick(['usd', 'XYZ', 840]);
        clean = clean && op.currency === currency;
      }
      const validBalance = chance(0.95);
      clean = clean && validBalance;
      if (chance(0.8)) op.balance = validBalance ? amount(scale) : badAmount();
      if (validBalance && scale >= 2 && chance(0.01)) op.balance = huge(scale);
      if (chance(0.3)) op.overdraft_limit = amount(scale, 5000);
      if (chance(0.1)) {
        op.address = pick(['1 Main St', '', '  ', 'x'.repeat(201)]);
        clean = clean && op.address.length <= 200;
      }
      const more = extras();
      clean = clean && isClean(more);
      if (op.id === nextId && clean) {
        ids.push(nextId);
        currencies.set(nextId, currency);
        scales.set(nextId, scale);
        nextId += 1;
      }
      return Object.assign(op, more);
    }
    if (roll < 0.33) {
      const id = someId();
      return { op: pick(['deposit', 'withdraw']), id,
        amount: chance(0.9) ? amount(scaleOf(id), 50000) : badAmount(), ...extras() };
    }
    if (roll < 0.8) {
      const from = someId();
      const to = chance(0.03) ? from : partnerOf(from);
      return { op: 'transfer', from, to,
        amount: chance(0.92) ? amount(scaleOf(from), 30000) : badAmount(), ...extras() };
    }
    if (roll < 0.97) return holdOrLimit(roll);
    return { op: 'close', id: someId(), ...extras() };
  };

  const malformed = () => pick([
    'not json', '[1,2]', 'null', '{"id":1}', '{"op":7}', '{"op":"steal"}',
    '{"op":"\\ud800"}', '', ' \t ', '{"op":"balance","id":1.5}',
    '{"op":"balance","id":"1"}', '{"op":"balance","id":0}',
    '{"op":"balance","id":2147483648}', '{"op":"deposit","id":1,"amount":"1.00","extra":1}',
    '{"op":"open","id":1,"name":"\\ud83d"}', '{"op":"greet","name":"Zoë"}',
    '{"op":"plus","a":2147483647,"b":1}', '{"op":"minus","a":-5,"b":7}',
    '{"op":"history","id":1,"limit":0}', '{"op":"balance","id":1, "id":2}',
    '{"op":"balance","id":1.01e2}', '{"op":"batch","ops":[]}',
    '{"op":"batch","ops":[{"op":"balance","id":1}]}',
  ]);

  const line = () => {
    const roll = random();
    if (roll < 0.06) return malformed();
    if (roll < 0.1 && keys.length) return pick(keys);  // retries: replay
    if (roll < 0.16) {
      const id = someId();
      return JSON.stringify(pick([{ op: 'balance', id }, { op: 'account', id },
        { op: 'history', id, limit: int(1, 5) }, { op: 'history', id, before: int(1, 200) },
        { op: 'balance', id, as_of: chance(0.95) ? int(1, emitted + 2) : pick([0, 1.5, '1']) },
        { op: 'account', id, at: chance(0.95) ? pick(GOOD_ATS) : pick([-1, 1.5, 'now']) }]));
    }
    if (roll < 0.2) {
      const ops = Array.from({ length: int(1, 4) }, mutation);
      const batch = { op: 'batch', ops };
      if (chance(0.4)) batch.atomic = chance(0.5);
      return JSON.stringify(batch);
    }
    if (roll < 0.201) return '{"op":"verify"}';
    const text = JSON.stringify(mutation());
    if (text.includes('"key"')) keys.push(text);
    return text;
  };

  const lines = [];
  for (let i = 0; i < count; i += 1) lines.push(line());
  lines.push('{"op":"verify"}');
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [seed = '1', count = '1000'] = process.argv.slice(2);
  process.stdout.write(generateScenario(Number(seed), Number(count)));
}
