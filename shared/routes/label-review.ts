import { IdParamSchema, pageSchema } from '../schemas/common';
import { LabelChangeSchema, MyLabelSchema, MyLabelsQuerySchema } from '../schemas/label-review';
import { route } from './route';

/** An annotator's own labels: review, and change one (a new version; the old one is kept). */
export const labelReviewRoutes = {
  /** the caller's labels, newest first, blind (texts only, named by lease id) */
  myLabels: route({ method: 'GET', path: '/api/labels/mine', auth: 'user', query: MyLabelsQuerySchema, response: pageSchema(MyLabelSchema) }),
  /** :id is the lease's (assignment's) id the label was given under */
  myLabelChange: route({
    method: 'PUT',
    path: '/api/labels/mine/:id',
    auth: 'user',
    params: IdParamSchema,
    body: LabelChangeSchema,
    response: MyLabelSchema,
  }),
};
