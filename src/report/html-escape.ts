/**
 * Escaping for the HTML report: every string from the report (names, paths, reasons, notes, numbers already
 * formatted) reaches the document through escapeHtml, and every element is written by htmlElement, which
 * escapes attribute values. Control characters, line and paragraph separators and bidirectional overrides are
 * first shown as visible escapes ('\n', '\u202e'), as in the Markdown and terminal reports, so a value can
 * neither break the layout nor read differently from how it is stored.
 */
import { showControlCharacters } from './format.js';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return showControlCharacters(text).replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] ?? '');
}

export type HtmlAttributes = Record<string, string | number | boolean | null | undefined>;

const NAME = /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/i;

/**
 * `<name attributes>content</name>`. Attribute values are escaped; an attribute whose value is null,
 * undefined or false is left out, true writes the bare name. Names are ours (never user text) and checked.
 * `content` is trusted HTML built by the caller from escaped parts; `null` writes a self-closed element
 * (`<meta ... />`, `<line ... />`: in SVG content an element is only empty when closed).
 */
export function htmlElement(
  name: string,
  attributes: HtmlAttributes = {},
  content: string | null = '',
): string {
  if (!NAME.test(name)) throw new Error(`htmlElement: invalid element name ${JSON.stringify(name)}`);
  let opening = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) {
    if (!NAME.test(key)) throw new Error(`htmlElement: invalid attribute name ${JSON.stringify(key)}`);
    if (value === null || value === undefined || value === false) continue;
    opening += value === true ? ` ${key}` : ` ${key}="${escapeHtml(String(value))}"`;
  }
  return content === null ? `${opening} />` : `${opening}>${content}</${name}>`;
}
