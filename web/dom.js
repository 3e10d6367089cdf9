// Small DOM helpers for the page. Text is always set with textContent, never
// parsed as HTML: names, addresses and memos are the user's.

export const $ = (id) => document.getElementById(id);

/** An element with properties (`class`, `text`, `data-*`, `aria-*`, others as DOM properties) and children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

/** Shows a message of a kind (ok, error, info); an error takes the focus, so a keyboard or screen-reader user lands on it. */
export function setMessage(node, text, kind) {
  node.textContent = text;
  node.dataset.kind = kind;
  if (kind === 'error') node.focus();
}

export function clearMessage(node) {
  node.textContent = '';
  node.dataset.kind = '';
}

/** Offers bytes or text as a downloaded file. */
export function download(name, content, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "1 entry", "2 entries". */
export function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}
