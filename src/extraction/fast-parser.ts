/**
 * htmlparser2's tokenizer with its character loop skipped where a state does nothing per character.
 *
 * htmlparser2 decodes entities in text and attribute values, so in those states it cannot use its own
 * fast-forward: it hands every character to the state's method, which only looks for `<`, `&` or the closing
 * quote. A third of a real page's characters are attribute values (inline JSON, `srcset`, `style`), a tenth are
 * text. This subclass jumps, inside those states, straight to the next character that state reacts to, with a
 * tight scan of the buffer, and leaves every other decision to the original methods. The tokens, and so the tree,
 * are exactly the original's (a test parses every saved page with both and compares the trees).
 *
 * Tag, attribute and closing-tag names are skipped the same way (their states only look for the character that ends
 * the name: whitespace, `/`, `>`, `=`).
 *
 * It also replaces the generic `fastForwardTo` (script and style bodies, comments, declarations) by
 * `String.prototype.indexOf`.
 *
 * `FastParser` is htmlparser2's parser with this tokenizer and with each element's attributes collected in an object
 * without prototype. V8 keeps such objects as small hash tables: adding an attribute is then a plain insertion
 * instead of a walk of V8's shape-transition tree, and the layers' reads by name (`attribs['itemprop']`), which meet
 * thousands of different attribute sets on one page, are hash lookups instead of megamorphic property loads. Every
 * reader in use (cheerio, css-select, domutils, the layers) reads attributes by name, `Object.keys` or
 * `hasOwnProperty.call`, which work the same on such an object.
 */
import { Parser, Tokenizer, type Handler, type ParserOptions } from 'htmlparser2';

const LT = 0x3c;
const AMP = 0x26;

/** The tokenizer's fields and states this subclass touches (internal in its type declarations). */
interface TokenizerInternals {
  buffer: string;
  offset: number;
  index: number;
  stateText(c: number): void;
  handleInAttributeValue(c: number, quote: number): void;
  stateInTagName(c: number): void;
  stateInAttributeName(c: number): void;
  stateInClosingTagName(c: number): void;
  fastForwardTo(c: number): boolean;
}

type TokenizerClass = typeof Tokenizer;
const Base = Tokenizer as unknown as new (...args: ConstructorParameters<TokenizerClass>) => TokenizerInternals;

/**
 * Moves `index` to just before the next `stop` or `&` (the parse loop then advances onto it), or to the last
 * character when there is none, as the original `fastForwardTo` does.
 */
function skipTo(t: TokenizerInternals, stop: number): void {
  const buffer = t.buffer;
  const end = buffer.length;
  let i = t.index - t.offset + 1;
  while (i < end) {
    const ch = buffer.charCodeAt(i);
    if (ch === stop || ch === AMP) break;
    i++;
  }
  t.index = i - 1 + t.offset;
}

const SLASH = 0x2f;
const GT = 0x3e;
const EQ = 0x3d;

/** htmlparser2's whitespace inside tags: space, tab, line feed, form feed, carriage return. */
function isTagSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x0a || ch === 0x09 || ch === 0x0c || ch === 0x0d;
}

/**
 * Moves `index` to just before the next character that ends a tag or attribute name (whitespace, `/`, `>`, and `=`
 * when `eq`; only whitespace and `>` for a closing tag's name), or to the last character when there is none.
 */
function skipName(t: TokenizerInternals, eq: boolean, slash: boolean): void {
  const buffer = t.buffer;
  const end = buffer.length;
  let i = t.index - t.offset + 1;
  while (i < end) {
    const ch = buffer.charCodeAt(i);
    if (ch === GT || isTagSpace(ch) || (slash && ch === SLASH) || (eq && ch === EQ)) break;
    i++;
  }
  t.index = i - 1 + t.offset;
}

class FastTokenizerImpl extends Base {
  // Names: the original states only look for the character that ends the name; jump to it.
  override stateInTagName(c: number): void {
    if (c === GT || c === SLASH || isTagSpace(c)) super.stateInTagName(c);
    else skipName(this, false, true);
  }

  override stateInAttributeName(c: number): void {
    if (c === EQ || c === GT || c === SLASH || isTagSpace(c)) super.stateInAttributeName(c);
    else skipName(this, true, true);
  }

  override stateInClosingTagName(c: number): void {
    if (c === GT || isTagSpace(c)) super.stateInClosingTagName(c);
    else skipName(this, false, false);
  }

  override stateText(c: number): void {
    if (c === LT || c === AMP) super.stateText(c);
    else skipTo(this, LT);
  }

  override handleInAttributeValue(c: number, quote: number): void {
    if (c === quote || c === AMP) super.handleInAttributeValue(c, quote);
    else skipTo(this, quote);
  }

  override fastForwardTo(c: number): boolean {
    const at = this.buffer.indexOf(String.fromCharCode(c), this.index - this.offset + 1);
    if (at !== -1) {
      this.index = at + this.offset;
      return true;
    }
    this.index = this.buffer.length + this.offset - 1;
    return false;
  }
}

/** What `FastParser` passes as htmlparser2's `Tokenizer` option. */
const FastTokenizer = FastTokenizerImpl as unknown as TokenizerClass;

/** The parser's internals `FastParser` touches (private in its type declarations). */
interface ParserInternals {
  attribs: Record<string, string> | null;
  emitOpenTag(name: string): void;
  end(chunk?: string): void;
}

const ParserBase = Parser as unknown as new (cbs?: Partial<Handler> | null, options?: ParserOptions) => ParserInternals;

class FastParserImpl extends ParserBase {
  constructor(cbs?: Partial<Handler> | null, options?: ParserOptions) {
    super(cbs, { ...options, Tokenizer: FastTokenizer });
  }

  override emitOpenTag(name: string): void {
    super.emitOpenTag(name);
    // The parser has just made `{}` for this element's attributes (when anyone listens for open tags).
    if (this.attribs) this.attribs = Object.create(null) as Record<string, string>;
  }
}

/** Drop-in for `new Parser(handler, options)`: the same tree, built faster (see above). */
export const FastParser = FastParserImpl as unknown as typeof Parser;
