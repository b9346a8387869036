// Bounds how deeply a JSON text nests before it is parsed: JSON.parse copes with any depth, but every
// recursive walk after it (JSON.stringify, validation, copying) would overflow the stack on a hostile
// query such as a `metric` nested 5,000 levels deep.

/** Deeper than any query or setting the plugin understands (they nest 4–5 levels). */
export const MAX_JSON_DEPTH = 64;

/** True when arrays/objects in `text` nest deeper than `max`. One pass; strings are skipped. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
