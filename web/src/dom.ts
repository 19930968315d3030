// DOM helpers. Data (names, handles, file names) only ever reaches the page as text nodes or
// attribute values set through the DOM API: there is no innerHTML anywhere in the viewer.

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A titled pane with a body. */
export function pane(id: string, title: string, ...tools: Child[]): { root: HTMLElement; body: HTMLElement; tools: HTMLElement } {
  const toolsEl = h('div', { class: 'tools' }, ...tools);
  const body = h('div', { class: 'body' });
  const root = h('section', { class: 'pane', id }, h('header', {}, h('h2', { text: title }), toolsEl), body);
  return { root, body, tools: toolsEl };
}

/** Stable colour for a string (systems, usages). */
export function hashColor(s: string, sat = 55, light = 55): string {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return `hsl(${(x >>> 0) % 360} ${sat}% ${light}%)`;
}

export const PALETTE = ['#4e9af1', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];

export const KIND_COLOR: Record<string, string> = {
  buffer: '#4e9af1',
  image: '#f28e2b',
  allocation: '#9c9c9c',
  deviceMemory: '#59a14f',
};
