import { AnnotatorDetailSchema, AnnotatorsPageSchema, AnnotatorsQuerySchema } from '../schemas/annotators';
import { IdParamSchema } from '../schemas/common';
import { route } from './route';

/** Annotator quality (admin). Disabling an annotator is the users route (adminUserUpdate). */
export const annotatorRoutes = {
  /** a page of annotators with their figures, Cohen's κ between them, Fleiss' κ and α over every overlapped pair */
  adminAnnotators: route({ method: 'GET', path: '/api/admin/annotators', auth: 'admin', query: AnnotatorsQuerySchema, response: AnnotatorsPageSchema }),
  /** one annotator: figures, κ with each annotator they share pairs with, recent labels; 404 for an unknown user */
  adminAnnotator: route({ method: 'GET', path: '/api/admin/annotators/:id', auth: 'admin', params: IdParamSchema, response: AnnotatorDetailSchema }),
};
