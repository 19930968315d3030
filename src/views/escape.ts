// Text from inputs (names, handles, systems) on its way into SVG, HTML or any XML: every view uses
// these, so a hostile name is text everywhere. Characters XML 1.0 forbids (C0 controls but tab, line
// feed and carriage return; U+FFFE, U+FFFF) are dropped, unpaired surrogates become U+FFFD, and the
// five specials become entities.

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(s: string): string {
  return s
    .replace(FORBIDDEN, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The same rules serve HTML text and attribute values. */
export const escapeHtml = escapeXml;
