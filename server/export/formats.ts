import type { ExportFormat } from '../../shared/schemas/exports';
import { alpacafarm } from './alpacafarm';
import type { ExportFormatModule } from './format';
import { hh } from './hh';
import { labelsCsv } from './labels-csv';
import { labelsJsonl } from './labels-jsonl';
import { labelsParquet } from './labels-parquet';
import { openai } from './openai';
import { trl } from './trl';
import { trlConversational } from './trl-conversational';
import { trlParquet } from './trl-parquet';

export const EXPORT_FORMAT_MODULES: Record<ExportFormat, ExportFormatModule> = {
  trl,
  'trl-conversational': trlConversational,
  hh,
  openai,
  alpacafarm,
  'labels-jsonl': labelsJsonl,
  'labels-csv': labelsCsv,
  'trl-parquet': trlParquet,
  'labels-parquet': labelsParquet,
};
