// The tutorial (examples/tutorial.jsonl) and what the JS driver says around
// each of its lines: the one JS driver, used by the page's "Run tutorial" and
// by `wasm-bank demo`. (The core says its own part through onLog; bank-cli
// demo is the native driver.) Every line about an account names its owner —
// the original tutorial printed "Charlie" for every transaction.

/** The tutorial's scenario lines (tests/js/tutorial.test.js checks them against examples/). */
export const TUTORIAL = Object.freeze([
  '{"op":"open","id":101,"name":"Alice","balance":"1000.00"}',
  '{"op":"greet","name":"Alice"}',
  '{"op":"open","id":102,"name":"Bob","balance":"1500.00"}',
  '{"op":"greet","name":"Bob"}',
  '{"op":"open","id":103,"name":"Charlie","balance":"500.00"}',
  '{"op":"greet","name":"Charlie"}',
  '{"op":"deposit","id":101,"amount":"250.00"}',
  '{"op":"withdraw","id":102,"amount":"750.00"}',
  '{"op":"balance","id":101}',
  '{"op":"balance","id":102}',
  '{"op":"balance","id":103}',
  '{"op":"plus","a":5,"b":3}',
  '{"op":"minus","a":10,"b":5}',
]);

/**
 * Runs scenario lines on `bank` through execute(), narrating each.
 * @param {object} bank a bank from createBank (its onLog carries the core's side)
 * @param {(text: string) => void} say receives the driver's lines
 * @param {{ lines?: readonly string[], onResult?: (op: object|null, result: object) => void }} [options]
 *   the lines to run (default TUTORIAL) and a callback for each result
 * @returns {string} the transcript, one line per non-blank line
 * @example runTutorial(bank, (text) => console.log(`JS: ${text}`));
 */
export function runTutorial(bank, say, { lines = TUTORIAL, onResult = () => {} } = {}) {
  const names = new Map();
  const whose = (id) => (names.has(id) ? `${names.get(id)}'s account ${id}` : `account ${id}`);
  const owner = (id) => (names.has(id) ? `${names.get(id)}'s` : `account ${id}'s`);
  let transcript = '';
  for (const line of lines) {
    let op = null;
    try { op = JSON.parse(line); } catch { /* the core judges the line */ }
    if (op !== null && typeof op === 'object') say(before(op, whose));
    const r = bank.execute(line);
    if (r === null) continue;
    transcript += `${JSON.stringify(r)}\n`;
    if (!r.ok) {
      say(`the core refused the "${r.op}" line: ${r.error}`);
    } else {
      if (r.op === 'open') names.set(r.id, op.name);
      const text = after(op, r, whose, owner);
      if (text !== '') say(text);
    }
    onResult(op, r);
  }
  return transcript;
}

// What the driver says before handing a line to the core.
function before(op, whose) {
  switch (op.op) {
    case 'open': return `opening account ${op.id} for ${op.name} with ${op.balance ?? '0'}`;
    case 'greet': return `asking the core to greet ${op.name}`;
    case 'deposit': return `depositing ${op.amount} into ${whose(op.id)}`;
    case 'withdraw': return `withdrawing ${op.amount} from ${whose(op.id)}`;
    case 'transfer': return `moving ${op.amount} from ${whose(op.from)} to ${whose(op.to)}`;
    case 'balance': return `asking for the balance of ${whose(op.id)}`;
    case 'plus': return `asking the core for ${op.a} + ${op.b}`;
    case 'minus': return `asking the core for ${op.a} - ${op.b}`;
    default: return `running a "${String(op.op)}" line`;
  }
}

// What the driver says about a successful result.
function after(op, r, whose, owner) {
  switch (r.op) {
    case 'open': return `${op.name} now has account ${r.id} with ${r.balance}`;
    case 'greet': return `the core answered "${r.greeting}"`;
    case 'deposit':
    case 'withdraw': return `${owner(r.id)} balance is now ${r.balance}`;
    case 'transfer':
      return `balances are now ${r.from_balance} (${whose(op.from)}) and ${r.to_balance} (${whose(op.to)})`;
    case 'balance': return `${owner(r.id)} balance is ${r.balance} ${r.currency}`;
    case 'plus': case 'minus': return `${op.a} ${r.op === 'plus' ? '+' : '-'} ${op.b} = ${r.result}`;
    default: return '';
  }
}
