// A small, strict reader of the iCalendar text the export writes, written from RFC 5545 rather
// than from our writer: it checks the physical form (CRLF only, lines of at most 75 octets,
// BEGIN/END nesting) and answers the components with their properties unfolded and unescaped.

export type IcsProperty = { name: string; params: Record<string, string>; value: string };
export type IcsComponent = { type: string; properties: IcsProperty[]; components: IcsComponent[] };

const encoder = new TextEncoder();

/** Undoes TEXT escaping (section 3.3.11): \\ \; \, and \n or \N. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

/** Splits a TEXT list on commas that are not escaped. */
export function splitTextList(value: string): string[] {
  return value.split(/(?<!\\),/).map(unescapeText);
}

/** Where the name and parameters end: the first colon outside a quoted parameter value. */
function nameEnd(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ":" && !quoted) return i;
  }
  return -1;
}

export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith("\r\n")) throw new Error("the last line does not end with CRLF");
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) throw new Error("a line ends with a bare CR or LF");
  const physical = text.slice(0, -2).split("\r\n");
  for (const line of physical) {
    const octets = encoder.encode(line).length;
    if (octets > 75) throw new Error(`a line of ${octets} octets: ${line}`);
    // A fold between the halves of a character leaves a lone surrogate behind.
    if (!line.isWellFormed()) throw new Error(`a line with a broken character: ${line}`);
  }
  // Unfold: a line that starts with a space or a tab continues the one before.
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!logical.length) throw new Error("the first line is a continuation");
      logical[logical.length - 1] += line.slice(1);
    } else logical.push(line);
  }
  const root: IcsComponent = { type: "", properties: [], components: [] };
  const stack = [root];
  for (const line of logical) {
    const colon = nameEnd(line);
    if (colon < 0) throw new Error(`no colon in ${line}`);
    const [name, ...paramParts] = line.slice(0, colon).split(";");
    const value = line.slice(colon + 1);
    const upper = name!.toUpperCase();
    if (upper === "BEGIN") {
      const component: IcsComponent = { type: value, properties: [], components: [] };
      stack.at(-1)!.components.push(component);
      stack.push(component);
    } else if (upper === "END") {
      const open = stack.pop();
      if (!open || open.type !== value) throw new Error(`END:${value} closes ${open?.type}`);
    } else {
      const params = Object.fromEntries(paramParts.map((p) => p.split("=") as [string, string]));
      stack.at(-1)!.properties.push({ name: upper, params, value });
    }
  }
  if (stack.length !== 1 || root.components.length !== 1) throw new Error("unbalanced BEGIN/END");
  return root.components[0]!;
}

export function propertyOf(component: IcsComponent, name: string): string | undefined {
  return component.properties.find((p) => p.name === name)?.value;
}

/** A UTC DATE-TIME (20261204T090000Z) as a Date. */
export function utcDateTime(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new Error(`not a UTC DATE-TIME: ${value}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
