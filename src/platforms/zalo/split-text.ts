/** Splits a long text into parts a platform accepts. Pure. */

/**
 * Parts of at most `max` characters (code points), cut at line ends where possible, else at a
 * space, else anywhere; no part is empty and joining them with '\n' (or '' after a hard cut)
 * gives the text back.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  if ([...text].length <= max) return [text];
  const parts: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) parts.push(current.join(''));
    current = [];
  };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const chars = [...line];
    const sep = i === 0 ? [] : ['\n'];
    if (current.length + sep.length + chars.length <= max) {
      current.push(...(current.length > 0 ? sep : []), ...chars);
      return;
    }
    flush();
    let rest = chars;
    while (rest.length > max) {
      const window = rest.slice(0, max);
      const space = window.lastIndexOf(' ');
      const cut = space > max / 2 ? space + 1 : max;
      parts.push(rest.slice(0, cut).join(''));
      rest = rest.slice(cut);
    }
    current = rest;
  });
  flush();
  return parts.filter((p) => p.length > 0);
}
