// One floating tooltip for the whole page; lines are set as text, never as markup.
import { clear, h } from './dom';

class Tooltip {
  private el?: HTMLElement;
  show(e: MouseEvent, lines: string[]): void {
    const el = (this.el ??= document.body.appendChild(h('div', { id: 'tooltip', role: 'tooltip' })));
    clear(el);
    for (const [i, l] of lines.entries()) el.appendChild(h('div', { class: i === 0 ? 'tt-title' : 'tt-line', text: l }));
    el.style.display = 'block';
    const pad = 14;
    const r = el.getBoundingClientRect();
    let x = e.clientX + pad,
      y = e.clientY + pad;
    if (x + r.width > innerWidth) x = e.clientX - r.width - pad;
    if (y + r.height > innerHeight) y = e.clientY - r.height - pad;
    el.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
  }
  hide(): void {
    if (this.el) this.el.style.display = 'none';
  }
}

export const tooltip = new Tooltip();
