import { z } from 'zod';
import { PageQuerySchema } from './common';
import { ExportFormatSchema, ExportQuerySchema } from './exports';

/** A snapshot's name: file-name safe, so `<name>-v<version>.<ext>` is its file. */
export const SnapshotNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (1-64, starting with a letter or digit)');

/** POST /api/admin/snapshots: a name and the export to freeze (format and filters as GET /api/admin/export takes them). */
export const CreateSnapshotSchema = ExportQuerySchema.safeExtend({ name: SnapshotNameSchema });
export type CreateSnapshot = z.infer<typeof CreateSnapshotSchema>;

export const SnapshotSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 1, 2, … per name */
  version: z.number().int(),
  format: ExportFormatSchema,
  /** the export query it froze, less its format */
  filters: z.record(z.string(), z.unknown()),
  /** hex sha256 of the frozen file */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  rows: z.number().int(),
  skipped: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const SnapshotListQuerySchema = PageQuerySchema.extend({ name: SnapshotNameSchema.optional() });
