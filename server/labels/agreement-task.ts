// Worker thread: the agreement statistics over every label (server/labels/annotator-stats.ts).
import { defineWorkerTask } from '../jobs/worker-task';
import { type AgreementOptions, type AgreementStats, agreementStats, type LabelColumns } from './annotator-stats';

export interface AgreementTaskInput {
  rows: LabelColumns;
  options: AgreementOptions;
}

defineWorkerTask<AgreementTaskInput, AgreementStats>(({ rows, options }) => agreementStats(rows, options));
