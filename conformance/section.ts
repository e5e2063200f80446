/**
 * One section of the conformance suite: what it checked and what disagreed.
 *
 * `run.ts` runs every section, prints one line per section with its counts, lists the failures,
 * and exits non-zero when any section has a failure or checked nothing.
 */
export interface ConformanceSection {
  /** Short name, e.g. `pss fixtures`. */
  readonly name: string;
  /** How many items (fixtures, objects x schemas, ...) were checked. */
  readonly checked: number;
  /** One line per disagreement: `<item>: <what was expected> but <what happened>`. */
  readonly failures: string[];
  /** Optional extra lines to print under the counts (breakdowns). */
  readonly notes?: string[];
}
