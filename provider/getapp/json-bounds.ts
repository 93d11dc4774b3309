import type { AnswerBounds } from "../http/answer-bounds";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const COMMA = 0x2c;

/**
 * What in the JSON `text` exceeds the bounds, or undefined. One pass before `JSON.parse`, which
 * would build every object first: twelve megabytes of `{},` are four million objects.
 */
export function jsonBoundsProblem(text: string, bounds: AnswerBounds): string | undefined {
  const { maxAnswerNodes, maxValueChars } = bounds;
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (i - start - 1 > maxValueChars)
        return `a string is ${i - start - 1} characters long, more than the ${maxValueChars}-character limit`;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY || code === COMMA) {
      if (++nodes > maxAnswerNodes) return `the answer holds more than ${maxAnswerNodes} values`;
    }
  }
  return undefined;
}
