import type { Database } from 'better-sqlite3';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings, QueueSettingsSchema } from '../../shared/schemas/queue';

const QUEUE_KEY = 'queue';
const GUIDELINES_KEY = 'guidelines';
const RM_RETRAIN_KEY = 'rmRetrainEveryLabels';
/** retrain the reward model once this many labels arrived since the last one (DESIGN.md §4 "The loop") */
export const DEFAULT_RM_RETRAIN_EVERY_LABELS = 200;

/** Key → JSON value. Read on every use (a primary-key lookup) so edits by another process apply at once. */
export function settingsRepo(db: Database) {
  const get = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const put = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const read = (key: string): unknown => {
    const value = get.get(key) as string | undefined;
    return value === undefined ? undefined : JSON.parse(value);
  };
  const write = (key: string, value: unknown) => void put.run(key, JSON.stringify(value));

  // Queue settings are read on every lease: parse only when the stored text changed.
  let cached: { text: string | undefined; settings: QueueSettings } | undefined;

  return {
    queue(): QueueSettings {
      const text = get.get(QUEUE_KEY) as string | undefined;
      if (cached?.text !== text || !cached) {
        const parsed = QueueSettingsSchema.safeParse(text === undefined ? undefined : JSON.parse(text));
        cached = { text, settings: parsed.success ? parsed.data : DEFAULT_QUEUE_SETTINGS };
      }
      return cached.settings;
    },
    setQueue: (settings: QueueSettings) => write(QUEUE_KEY, settings),
    hasQueue: () => read(QUEUE_KEY) !== undefined,
    guidelines(): string | undefined {
      const value = read(GUIDELINES_KEY);
      return typeof value === 'string' ? value : undefined;
    },
    setGuidelines: (markdown: string) => write(GUIDELINES_KEY, markdown),
    rmRetrainEveryLabels(): number {
      const value = read(RM_RETRAIN_KEY);
      return Number.isInteger(value) && (value as number) > 0 ? (value as number) : DEFAULT_RM_RETRAIN_EVERY_LABELS;
    },
    setRmRetrainEveryLabels: (labels: number) => write(RM_RETRAIN_KEY, labels),
  };
}
