/** Hover explanations of event-loop constructs (`await`, `setTimeout`, `create_task`...), no finding needed. */
export interface ConstructExplanation {
  /** UTF-16 range of the construct the hover is attached to. */
  readonly start: number;
  readonly end: number;
  /** Short name shown as the hover title, e.g. `asyncio.create_task`. */
  readonly title: string;
  /** One short paragraph: where the work goes and when it runs. */
  readonly explanation: string;
  /** The other language's equivalent, e.g. "In JavaScript: …". */
  readonly counterpart?: string;
}
