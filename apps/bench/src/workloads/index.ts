import { codeSearchWorkload } from './code-search.js';
import { codebaseExplorationWorkload } from './codebase-exploration.js';
import { issueTriageWorkload } from './issue-triage.js';
import { needleLogsWorkload } from './needle-logs.js';
import { sreIncidentWorkload } from './sre-incident.js';
import type { Workload } from './workload.js';

/** The five seeded workloads, keyed by the id the targets use. */
export function allWorkloads(): { readonly id: WorkloadId; readonly workload: Workload }[] {
  return [
    { id: 'code-search', workload: codeSearchWorkload() },
    { id: 'needle-logs', workload: needleLogsWorkload() },
    { id: 'sre-incident', workload: sreIncidentWorkload() },
    { id: 'issue-triage', workload: issueTriageWorkload() },
    { id: 'codebase-exploration', workload: codebaseExplorationWorkload() },
  ];
}

export type WorkloadId = 'code-search' | 'needle-logs' | 'sre-incident' | 'issue-triage' | 'codebase-exploration';
export type { Needle, ToolOutput, Workload } from './workload.js';
