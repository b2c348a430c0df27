import { chatSection } from '../chat/index.js';
import { clusterSection } from '../cluster/index.js';
import { proxySection } from '../proxy/index.js';
import { reliabilitySection } from '../reliability/index.js';
import { retrievalSection } from '../retrieval/index.js';
import { sdkSection } from '../sdk/index.js';
import { codeSection } from './code-section.js';
import { jsonSection } from './json-section.js';
import { logsSection } from './logs-section.js';
import { ragSection } from './rag-section.js';
import type { Section } from './section.js';
import { textSection } from './text-section.js';

/** Every section `pnpm bench` can run, in run order; `--only` picks by name. */
export const sections: readonly Section[] = [jsonSection, logsSection, codeSection, textSection, ragSection, proxySection, clusterSection, retrievalSection, reliabilitySection, sdkSection, chatSection];

export type { BenchContext, Section, SectionReport, Target } from './section.js';
