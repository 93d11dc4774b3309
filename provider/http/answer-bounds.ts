/** What one answer may hold once it is text, besides its size in bytes. */
export interface AnswerBounds {
  /** Elements (XML) or values (JSON) in the whole answer; XML character references count too. */
  readonly maxAnswerNodes: number;
  /** Characters in any one text value, as written (a reference counts as the characters it takes). */
  readonly maxValueChars: number;
}
