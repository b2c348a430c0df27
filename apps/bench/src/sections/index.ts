import { codeSection } from './code-section.js';
import { jsonSection } from './json-section.js';
import { logsSection } from './logs-section.js';
import type { Section } from './section.js';

/** Every section `pnpm bench` can run, in run order; `--only` picks by name. */
export const sections: readonly Section[] = [jsonSection, logsSection, codeSection];

export type { BenchContext, Section, SectionReport, Target } from './section.js';
