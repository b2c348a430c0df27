import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseHtml } from './parse-html.js';
import { type HtmlSink, scanHtml } from './scan-html.js';

/** The events a sink sees, with consecutive texts joined (the two readers cut text in different places). */
function recorder(): { sink: HtmlSink; events: string[] } {
  const events: string[] = [];
  const sink: HtmlSink = {
    onopentag: (name, start) => events.push(`<${name}@${start}`),
    ontext: (text) => {
      const last = events.length - 1;
      if (events[last]?.startsWith('#')) events[last] += text;
      else events.push(`#${text}`);
    },
    onclosetag: (name, end) => events.push(`</${name}@${end}`),
  };
  return { sink, events };
}

function htmlparser2Events(input: string): string[] {
  const { sink, events } = recorder();
  const parser: Parser = new Parser(
    {
      onopentag: (name) => sink.onopentag(name, parser.startIndex),
      ontext: (text) => sink.ontext(text, parser.startIndex, parser.endIndex + 1),
      onclosetag: (name) => sink.onclosetag(name, parser.endIndex + 1),
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(input);
  return events;
}

function scannerEvents(input: string): string[] | undefined {
  const { sink, events } = recorder();
  return scanHtml(input, sink) ? events : undefined;
}

describe('scanHtml reports what htmlparser2 reports', () => {
  it.each([
    ['implied ends and end tags written with a newline', '<H1>Title</H1\n><h2>A<p>one<p>two<h3>B</h3 ><ul><li>x<li>y</ul>'],
    ['comments, doctype and processing instructions', '<!DOCTYPE html><!-- a -- b --><!-->x<!--->y<!-- c --!>z<?xml v?><!x>w</ x></>v'],
    ['attributes holding > and quotes', `<a href="x>y" title='a"b' data-x=1>link</a><img src=a.png alt="<b>"><p class = "c">t</p>`],
    ['entities in text and titles', '<title>A &amp; B &lt;c&gt;</title><p>x &amp y &nbsp; &#65;&#x42; &bogus; &copy 2024</p>'],
    ['raw text in script and style', '<script>if (a < b && c) { x = "</scriptx>"; } <!-- </SCRIPT></script><style>p > a { }</style><p>after'],
    ['SVG: self-closing elements and camelCase names', '<p>a<svg viewBox="0 0 1 1"><path d="M0"/><linearGradient id=g><stop/></linearGradient><image href=x /></svg>b</p>'],
    ['void elements, image as img, a < that starts no tag', '<p>1 < 2 <br> 3</p><hr/><image src=x>4<'],
    ['elements left open at the end', '<div><h2>Heading<pre>code'],
  ])('%s', (_name, html) => {
    expect(scannerEvents(html)).toEqual(htmlparser2Events(html));
  });

  it.each([
    ['an end tag with no open element', '<div>a</p>b</div>'],
    ['</br>', '<p>a</br>b</p>'],
    ['MathML', '<p><math><mi>x</mi></math></p>'],
    ['a title inside SVG', '<svg><title>icon</title></svg>'],
    ['textarea', '<textarea>a<b></textarea>'],
    ['CDATA', '<p><![CDATA[x]]></p>'],
    ['a page cut inside a tag', '<p>text<a href="x'],
  ])('leaves %s to htmlparser2', (_name, html) => {
    expect(scannerEvents(html)).toBeUndefined();
  });
});

describe('parseHtml: the scanner gives the same blocks as htmlparser2 on real pages', () => {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (/\.html?$/i.test(entry) && stat.size < 3_000_000) pages.push(path);
    }
  };
  walk('/usr/share/doc');

  it(`on every HTML page under /usr/share/doc (${pages.length})`, () => {
    expect(pages.length).toBeGreaterThan(50);
    // Text blocks' offsets differ where entities cut the text (they are not used: sections start at headings).
    const shape = (html: string, scan: boolean) => parseHtml(html, scan).blocks.map((b) => (b.kind === 'text' ? [b.kind, b.text] : [b.kind, b.text, b.level, b.start]));
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      expect(shape(html, true), page).toEqual(shape(html, false));
    }
  });
});
