/** What every section gets from main. */
export interface BenchContext {
  readonly repoRoot: string;
  readonly evaldata: string;
  /** `--quick`: fewer timed runs and fewer inputs. */
  readonly quick: boolean;
  /** Timed runs per input (after one untimed warm-up). */
  readonly runs: number;
  /** Progress goes to stderr; stdout is the report. */
  progress(message: string): void;
}

/** A PASS/FAIL line: the measured figure against the threshold the issue set. */
export interface Target {
  readonly name: string;
  readonly pass: boolean;
  /** The measured figure against the threshold, e.g. "93.1% (>= 92%)". */
  readonly detail: string;
}

export interface SectionReport {
  readonly name: string;
  readonly title: string;
  /** The section's Markdown: tables and notes. */
  readonly markdown: string;
  readonly targets: readonly Target[];
  /** Machine-readable results for `--json`. */
  readonly data: unknown;
}

export interface Section {
  /** The id `--only` selects by. */
  readonly name: string;
  readonly title: string;
  run(context: BenchContext): Promise<SectionReport>;
}
