import type { AnswerBounds } from "../http/answer-bounds";

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const CDATA_OPEN = "<![CDATA[";

/**
 * What in `text` exceeds the bounds, or undefined. One pass over the characters, before any
 * parser builds objects: a parse costs memory in proportion to elements, so an answer of many
 * tiny elements or one huge value is refused while it is still only a string.
 */
export function xmlBoundsProblem(text: string, bounds: AnswerBounds): string | undefined {
  const { maxAnswerNodes, maxValueChars } = bounds;
  const tooLong = (length: number) => `a text value is ${length} characters long, more than the ${maxValueChars}-character limit`;
  let nodes = 0;
  let valueStart = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === GT) {
      valueStart = i + 1;
    } else if (code === AMP) {
      nodes++;
    } else if (code === LT) {
      if (valueStart >= 0 && i - valueStart > maxValueChars) return tooLong(i - valueStart);
      valueStart = -1;
      const next = text.charCodeAt(i + 1);
      if (next === BANG && text.startsWith(CDATA_OPEN, i)) {
        const end = text.indexOf("]]>", i + CDATA_OPEN.length);
        if (end === -1) return undefined; // unterminated: the well-formedness check names it
        if (end - i - CDATA_OPEN.length > maxValueChars) return tooLong(end - i - CDATA_OPEN.length);
        i = end + 2;
        valueStart = i + 1;
        continue;
      }
      if (next !== SLASH && next !== BANG && next !== QUESTION) nodes++;
    }
    if (nodes > maxAnswerNodes) return `the answer holds more than ${maxAnswerNodes} elements and character references`;
  }
  return undefined;
}
