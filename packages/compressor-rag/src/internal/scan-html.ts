import { decodeHTML } from 'entities';

/** What a page's markup says, in document order: the events `parseHtml` builds blocks from. */
export interface HtmlSink {
  /**
   * An element starts; `start` is htmlparser2's `startIndex` for it: just past the previous event
   * (its `<` unless an end tag before it was written `</h1\n>`).
   */
  onopentag(name: string, start: number): void;
  /** Text (entities decoded), with the source offsets it came from. */
  ontext(text: string, start: number, end: number): void;
  /** An element ends (explicitly, or implied by what follows); `end` is just past where that was said. */
  onclosetag(name: string, end: number): void;
}

// htmlparser2 12's tree rules (Parser.js), which this scanner reproduces.
const P = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', P],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, HEADINGS] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM_TAGS] as const),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t) => [t, P] as const,
  ),
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
]);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Raw-text elements whose text is taken verbatim up to their end tag (title: with entities decoded). */
const RAW_TEXT = new Set(['script', 'style', 'title']);
/**
 * What the scanner does not model, so that htmlparser2 parses the page instead: MathML, the other
 * raw-text elements, and tags whose tree rules are irregular (`</p>` and `</br>` without an open
 * element, a form in a form).
 */
const NOT_MODELLED = new Set(['math', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/**
 * Inside SVG, `/>` closes an element and nothing is raw text; these would need more of the rules
 * (HTML integration points, SVG's own script and style): htmlparser2 parses such a page.
 */
const NOT_MODELLED_IN_SVG = new Set(['script', 'style', 'title', 'desc', 'foreignObject', 'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml']);

/** SVG's camelCase element names, as htmlparser2 reports them inside `<svg>`. */
const SVG_NAMES = new Map(
  'altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence foreignObject glyphRef linearGradient radialGradient textPath'
    .split(' ')
    .map((name) => [name.toLowerCase(), name] as const),
);

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
const endsName = (c: number) => c === 47 || c === 62 || isSpace(c);
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

enum In {
  BeforeName,
  SelfClosing,
  Name,
  AfterName,
  BeforeValue,
  UnquotedValue,
}

/**
 * An HTML page's events as htmlparser2 12 reports them with `decodeEntities` and `lowerCaseTags`
 * (the same elements, implied ends, raw text and decoded text), found by `indexOf` jumps from tag
 * to tag rather than a per-character state machine. Returns false, having told `sink` a prefix
 * only, at anything it does not model (see NOT_MODELLED, CDATA, a page cut inside a tag or a
 * comment): the caller then parses the page with htmlparser2 itself.
 */
export function scanHtml(input: string, sink: HtmlSink): boolean {
  const n = input.length;
  // The open elements, innermost last, and how many of them are `svg`.
  const stack: string[] = [];
  let svg = 0;
  const pop = (end: number) => {
    const name = stack.pop()!;
    if (name === 'svg') svg--;
    sink.onclosetag(name, end);
  };
  // Where htmlparser2's `startIndex` stands: just past the last event it reported.
  let eventEnd = 0;
  const text = (from: number, to: number) => {
    if (to <= from) return;
    const raw = input.slice(from, to);
    sink.ontext(raw.includes('&') ? decodeHTML(raw) : raw, from, to);
    eventEnd = to;
  };
  const closeUpTo = (pos: number, end: number) => {
    while (stack.length > pos) pop(end);
  };
  let textFrom = 0;
  let at = 0;
  while (at < n) {
    const lt = input.indexOf('<', at);
    if (lt < 0) break;
    const c = input.charCodeAt(lt + 1);
    if (c === 33 || c === 63) {
      // `<!--…-->`, `<!DOCTYPE …>`, `<!…>`, `<?…>`: nothing to read.
      text(textFrom, lt);
      let end: number;
      if (c === 33 && input.startsWith('--', lt + 2)) end = commentEnd(input, lt + 4);
      else if (c === 33 && input.startsWith('[CDATA[', lt + 2)) return false;
      else end = input.indexOf('>', lt + 2);
      if (end < 0) return false;
      at = textFrom = eventEnd = end + 1;
      continue;
    }
    if (c === 47) {
      text(textFrom, lt);
      const d = input.charCodeAt(lt + 2);
      if (Number.isNaN(d)) return false;
      if (isAlpha(d)) {
        let j = lt + 3;
        while (j < n && !endsName(input.charCodeAt(j))) j++;
        if (j >= n || !closeTag(nameAt(input, lt + 2, j, svg > 0), j)) return false;
        eventEnd = j + 1;
        at = input.indexOf('>', j);
      } else if (d === 62) {
        // `</>` is dropped without an event.
        at = lt + 2;
      } else {
        // `</ x>` and `</1>` are bogus comments up to the next `>`.
        at = input.indexOf('>', lt + 2);
        eventEnd = at + 1;
      }
      if (at < 0) return false;
      at = textFrom = at + 1;
      continue;
    }
    if (!isAlpha(c)) {
      // A `<` that starts no tag is text.
      at = lt + 1;
      continue;
    }
    text(textFrom, lt);
    let j = lt + 2;
    while (j < n && !endsName(input.charCodeAt(j))) j++;
    if (j >= n) return false;
    const name = nameAt(input, lt + 1, j, svg > 0);
    if (NOT_MODELLED.has(name) || (name === 'form' && stack.includes('form')) || (svg > 0 && NOT_MODELLED_IN_SVG.has(name))) return false;
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1]!)) pop(j + 1);
    const end = tagEnd(input, j);
    if (end < 0) return false;
    const gt = end >> 1;
    if (!VOID.has(name)) {
      stack.push(name);
      if (name === 'svg') svg++;
    }
    sink.onopentag(name, eventEnd);
    if (VOID.has(name)) sink.onclosetag(name, gt + 1);
    at = textFrom = eventEnd = gt + 1;
    // In SVG, `<path/>` ends the element it opens.
    if ((end & 1) === 1 && svg > 0) {
      if (stack[stack.length - 1] === name) pop(gt + 1);
      continue;
    }
    if (svg === 0 && RAW_TEXT.has(name)) {
      const close = rawTextEnd(input, name, gt + 1);
      if (close < 0) return false;
      const raw = input.slice(gt + 1, close);
      if (raw.length > 0) sink.ontext(name === 'title' && raw.includes('&') ? decodeHTML(raw) : raw, gt + 1, close);
      const nameEnd = close + 2 + name.length;
      const closeGt = input.indexOf('>', nameEnd);
      if (closeGt < 0 || !closeTag(name, nameEnd)) return false;
      eventEnd = nameEnd + 1;
      at = textFrom = closeGt + 1;
    }
  }
  text(textFrom, n);
  // Elements still open at the end of the page end there, innermost first.
  closeUpTo(0, n + 1);
  return true;

  function closeTag(name: string, nameEnd: number): boolean {
    if (VOID.has(name)) return name !== 'br';
    const pos = stack.lastIndexOf(name);
    if (pos < 0) return name !== 'p';
    closeUpTo(pos, nameEnd + 1);
    return true;
  }
}

/**
 * Element names of HTML pages, by a number that spells each (6 bits a character, up to 8): a tag
 * is looked up by its characters, so most tags make no string (a slice and its lower case each),
 * and the same name is the same string in every set look-up and on the stack. `image` is not here:
 * it reads as `img` (see `tagName`).
 */
const KNOWN_NAMES = new Map(
  [
    ...VOID,
    ...RAW_TEXT,
    ...NOT_MODELLED,
    ...OPEN_IMPLIES_CLOSE.keys(),
    ...(
      'a abbr b bdi bdo big blockquote body br caption center cite code col colgroup data dd del details dfn div dl dt em ' +
      'font footer form h1 h2 h3 h4 h5 h6 head header html i iframe ins kbd label li main mark nav noscript ol p pre q rp ' +
      'rt s samp section small span strong sub summary sup svg table tbody td template tfoot th thead time tr tt u ul var'
    ).split(' '),
  ]
    .filter((name) => spelling(name, 0, name.length) >= 0)
    .map((name) => [spelling(name, 0, name.length), name] as const),
);

/** `input[from, to)` in lower case as a number, 6 bits a character; -1 past 8 characters or at any but a letter or digit. */
function spelling(input: string, from: number, to: number): number {
  if (to - from > 8) return -1;
  let code = 0;
  for (let k = from; k < to; k++) {
    const c = input.charCodeAt(k) | 32;
    const digit = input.charCodeAt(k) - 48;
    const value = c >= 97 && c <= 122 ? c - 96 : digit >= 0 && digit <= 9 ? 27 + digit : -1;
    if (value < 0) return -1;
    code = code * 64 + value;
  }
  return code;
}

/** The element name written at `input[from, to)`, as `tagName` reads it; a known one without a new string. */
function nameAt(input: string, from: number, to: number, inSvg: boolean): string {
  if (!inSvg) {
    const known = KNOWN_NAMES.get(spelling(input, from, to));
    if (known !== undefined) return known;
  }
  return tagName(input.slice(from, to), inSvg);
}

function tagName(raw: string, inSvg: boolean): string {
  const name = raw.toLowerCase();
  if (inSvg) return SVG_NAMES.get(name) ?? name;
  return name === 'image' ? 'img' : name;
}

/**
 * The `>` that ends an open tag whose name ends at `from` (attribute values may hold `>` in
 * quotes), times 2, plus 1 when the tag ends `/>`; -1 when the page ends first.
 */
function tagEnd(input: string, from: number): number {
  let state = In.BeforeName;
  for (let k = from; k < input.length; k++) {
    const c = input.charCodeAt(k);
    switch (state) {
      case In.BeforeName:
        if (c === 62) return k * 2;
        if (c === 47) state = In.SelfClosing;
        else if (!isSpace(c)) state = In.Name;
        break;
      case In.SelfClosing:
        // `/>`: HTML ignores the slash; SVG closes the element.
        if (c === 62) return k * 2 + 1;
        if (!isSpace(c)) {
          state = In.BeforeName;
          k--;
        }
        break;
      case In.Name:
        if (c === 61 || endsName(c)) {
          state = In.AfterName;
          k--;
        }
        break;
      case In.AfterName:
        if (c === 61) state = In.BeforeValue;
        else if (c === 47 || c === 62) {
          state = In.BeforeName;
          k--;
        } else if (!isSpace(c)) state = In.Name;
        break;
      case In.BeforeValue:
        if (c === 34 || c === 39) {
          k = input.indexOf(c === 34 ? '"' : "'", k + 1);
          if (k < 0) return -1;
          state = In.BeforeName;
        } else if (!isSpace(c)) {
          state = In.UnquotedValue;
          k--;
        }
        break;
      case In.UnquotedValue:
        if (c === 62 || isSpace(c)) {
          state = In.BeforeName;
          k--;
        }
        break;
    }
  }
  return -1;
}

/** The `>` that ends a comment whose body starts at `from` (`-->`, `--!>`, or the abrupt `<!-->` and `<!--->`). */
function commentEnd(input: string, from: number): number {
  if (input.charCodeAt(from) === 62) return from;
  if (input.startsWith('->', from)) return from + 1;
  const dashes = input.indexOf('-->', from);
  const bang = input.indexOf('--!>', from);
  if (dashes < 0) return bang < 0 ? -1 : bang + 3;
  return bang < 0 || dashes < bang ? dashes + 2 : bang + 3;
}

/** The `<` of the end tag (`</name` then a space, `/` or `>`, any case) that ends a raw-text element. */
function rawTextEnd(input: string, name: string, from: number): number {
  for (let p = input.indexOf('</', from); p >= 0; p = input.indexOf('</', p + 1)) {
    const after = p + 2 + name.length;
    if (after < input.length && endsName(input.charCodeAt(after)) && input.slice(p + 2, after).toLowerCase() === name) return p;
  }
  return -1;
}
