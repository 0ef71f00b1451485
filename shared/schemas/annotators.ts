// Annotator quality (DESIGN.md §3 "Quality"): volume, timing, agreement with the majority and with gold, and
// chance-corrected agreement between annotators (server/labels/agreement.ts says how each is computed).
import { z } from 'zod';
import { PublicUserSchema } from './auth';
import { PageQuerySchema } from './common';
import { ChoiceSchema } from './labels';
import { ComparisonKindSchema, ShownOrderSchema } from './queue';

const count = z.number().int().min(0);
/** a κ or α (1 perfect, 0 chance, below 0 worse than chance): null when undefined (no items, or every rating one category) */
const coefficient = z.number().max(1).nullable();

/** agreed out of compared (rate = agreed / compared; null when nothing was compared) */
export const TallySchema = z.object({ agreed: count, compared: count, rate: z.number().min(0).max(1).nullable() });
export type Tally = z.infer<typeof TallySchema>;

export const AnnotatorSummarySchema = z.object({
  user: PublicUserSchema,
  labels: count,
  /** median seconds per label over timed labels (imported labels carry no time); null without any */
  medianSeconds: z.number().min(0).nullable(),
  /** on pairs others labelled too: same choice as the majority of the OTHER annotators (pairs without a unique one skipped) */
  majority: TallySchema,
  /** on gold pairs: same choice as the known answer */
  gold: TallySchema,
  /** of the a/b picks, how many were the side shown on the left (0.5 = no position bias) */
  leftPicks: z.object({ left: count, picks: count, rate: z.number().min(0).max(1).nullable() }),
});
export type AnnotatorSummary = z.infer<typeof AnnotatorSummarySchema>;

/** Cohen's κ between two annotators over the pairs both labelled */
export const PairAgreementSchema = z.object({
  a: z.number().int(),
  b: z.number().int(),
  shared: count,
  agreed: count,
  kappa: coefficient,
});
export type PairAgreement = z.infer<typeof PairAgreementSchema>;

/** Agreement over every overlapped pair (labelled by two annotators or more). */
export const OverallAgreementSchema = z.object({
  labels: count,
  /** pairs with two labels or more */
  overlapped: count,
  /** Fleiss' κ needs the same number of raters per pair: it is computed on the overlapped pairs with the most common count */
  fleiss: z.object({ kappa: coefficient, items: count, raters: count }),
  /** Krippendorff's α (nominal) takes every overlapped pair whatever its number of labels */
  alpha: z.object({ alpha: coefficient, items: count, ratings: count }),
});
export type OverallAgreement = z.infer<typeof OverallAgreementSchema>;

/** GET /api/admin/annotators query: a page of annotators (by name). */
export const AnnotatorsQuerySchema = PageQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** a page of annotators, Cohen's κ between every two of them, and the overall figures */
export const AnnotatorsPageSchema = z.object({
  items: z.array(AnnotatorSummarySchema),
  total: count,
  limit: z.number().int(),
  offset: z.number().int(),
  /** between annotators of this page who share at least one pair */
  pairs: z.array(PairAgreementSchema),
  overall: OverallAgreementSchema,
});
export type AnnotatorsPage = z.infer<typeof AnnotatorsPageSchema>;

/** One of the annotator's labels, with what it is judged against. */
export const AnnotatorLabelSchema = z.object({
  id: z.number().int(),
  comparisonId: z.number().int(),
  kind: ComparisonKindSchema,
  /** the prompt's text, cut to 200 characters (text, never HTML) */
  prompt: z.string(),
  choice: ChoiceSchema,
  strength: z.number().int(),
  shownOrder: ShownOrderSchema,
  timeMs: z.number().int(),
  rationale: z.string().nullable(),
  goldAnswer: ChoiceSchema.nullable(),
  /** how many labels the pair has in all */
  labelCount: count,
  createdAt: z.string(),
});
export type AnnotatorLabel = z.infer<typeof AnnotatorLabelSchema>;

/** GET /api/admin/annotators/:id */
export const AnnotatorDetailSchema = z.object({
  annotator: AnnotatorSummarySchema,
  /** Cohen's κ with each annotator this one shares pairs with, most shared first (at most 50) */
  pairs: z.array(PairAgreementSchema.extend({ otherName: z.string() })),
  /** the newest labels, newest first (at most 20) */
  recentLabels: z.array(AnnotatorLabelSchema),
});
export type AnnotatorDetail = z.infer<typeof AnnotatorDetailSchema>;
