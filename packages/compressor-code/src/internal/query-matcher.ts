/** Decides which symbols the user's query is about, so their bodies stay visible. */
export interface QueryMatcher {
  /** The symbol's name is a query term, or one of its camelCase/snake_case parts is. */
  matchesName(name: string): boolean;
  /** The body mentions a code-like query term (`parseHeaders`, `max_retries`) as a whole word. */
  matchesBody(body: string): boolean;
}

// Words that say nothing about which symbol is meant; matching them would keep bodies at random.
const STOPWORDS = new Set(
  'the and for with that this what why how does did do where when which who from into file files code function functions method methods class classes return returns value values line lines called call calls use used uses using there their them then than they not are was were can could should would will shall has have had get set make made about show find fix work works working bug issue happen happens here some any all each its our your'.split(
    ' ',
  ),
);

export function queryMatcher(query: string | undefined): QueryMatcher | undefined {
  if (!query) return undefined;
  const words = [...new Set(query.slice(0, 2_000).match(/[A-Za-z_$][\w$]*/g) ?? [])];
  const terms = words.filter((w) => w.length >= 3 && !STOPWORDS.has(w.toLowerCase()));
  if (terms.length === 0) return undefined;
  const lowered = new Set(terms.map((t) => t.toLowerCase()));
  // Only identifier-shaped terms are searched in bodies: plain English words occur in every body.
  const codeTerms = terms.filter((t) => /[_$\d]|[a-z][A-Z]/.test(t));
  const bodyPattern = codeTerms.length > 0 ? new RegExp(`(?<![\\w$])(?:${codeTerms.map(escapeTerm).join('|')})(?![\\w$])`) : undefined;
  return {
    matchesName(name) {
      const lower = name.toLowerCase();
      if (lowered.has(lower)) return true;
      return splitIdentifier(name).some((part) => part.length >= 4 && lowered.has(part));
    },
    matchesBody(body) {
      return bodyPattern?.test(body) ?? false;
    },
  };
}

/** `parseHTTPHeaders_v2` → `parse`, `http`, `headers`, `v2`. */
function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter(Boolean);
}

function escapeTerm(term: string): string {
  return term.replace(/[$]/g, '\\$');
}
