/** One function per REST route the client uses, each a `call` of its contract route (shapes from shared/). */

import type { z } from 'zod';
import { ROUTES, type RouteBody, type RouteQuery } from '../../../shared/contract';
import type { BuildComparisonsRequestSchema } from '../../../shared/schemas/admin';
import type { CreateTokenRequest, CreateUserRequest, UpdateUserRequest } from '../../../shared/schemas/auth';
import type { ImportPromptsRequest, ImportResponsesRequest } from '../../../shared/schemas/imports';
import type { LabelSubmit } from '../../../shared/schemas/labels';
import type { QueueSettings } from '../../../shared/schemas/queue';
import { call } from './call';

export type BuildComparisonsInput = z.input<typeof BuildComparisonsRequestSchema>;
export type JobsFilter = RouteQuery<typeof ROUTES.adminJobs>;
export type CreateJobInput = RouteBody<typeof ROUTES.adminJobCreate>;
export type LabelledPairsInput = RouteBody<typeof ROUTES.adminImportLabelledPairs>;

export const api = {
  me: () => call(ROUTES.me),
  login: (name: string, password: string) => call(ROUTES.login, { body: { name, password } }),
  logout: () => call(ROUTES.logout),

  nextPairs: (count: number) => call(ROUTES.queueNext, { body: { count } }),
  skip: (assignmentId: number) => call(ROUTES.queueSkip, { body: { assignmentId } }),
  submitLabel: (label: LabelSubmit) => call(ROUTES.labelSubmit, { body: label }),
  queueCounts: () => call(ROUTES.queueCounts),
  myProgress: () => call(ROUTES.myProgress),
  guidelines: () => call(ROUTES.guidelines),
  saveGuidelines: (markdown: string) => call(ROUTES.guidelinesSave, { body: { markdown } }),

  adminCounts: () => call(ROUTES.adminCounts),
  users: (limit: number, offset: number) => call(ROUTES.adminUsers, { query: { limit, offset } }),
  createUser: (input: CreateUserRequest) => call(ROUTES.adminUserCreate, { body: input }),
  updateUser: (id: number, patch: UpdateUserRequest) => call(ROUTES.adminUserUpdate, { params: { id }, body: patch }),
  tokens: (limit: number, offset: number) => call(ROUTES.tokens, { query: { limit, offset, all: true } }),
  createToken: (input: CreateTokenRequest) => call(ROUTES.tokenCreate, { body: input }),
  revokeToken: (id: number) => call(ROUTES.tokenRevoke, { params: { id } }),
  settings: () => call(ROUTES.adminSettings),
  saveSettings: (settings: QueueSettings) => call(ROUTES.adminSettingsSave, { body: settings }),
  importPrompts: (input: ImportPromptsRequest) => call(ROUTES.adminImportPrompts, { body: input }),
  importResponses: (input: ImportResponsesRequest) => call(ROUTES.adminImportResponses, { body: input }),
  buildComparisons: (input: BuildComparisonsInput) => call(ROUTES.adminComparisonsBuild, { body: input }),
  importLabelledPairs: (input: LabelledPairsInput) => call(ROUTES.adminImportLabelledPairs, { body: input }),

  jobs: (filter: JobsFilter) => call(ROUTES.adminJobs, { query: filter }),
  job: (id: number, signal?: AbortSignal) => call(ROUTES.adminJob, { params: { id }, signal }),
  createJob: (input: CreateJobInput) => call(ROUTES.adminJobCreate, { body: input }),
  cancelJob: (id: number) => call(ROUTES.adminJobCancel, { params: { id } }),
  rerunJob: (id: number) => call(ROUTES.adminJobRerun, { params: { id } }),

  rewardModels: (limit: number, offset: number) => call(ROUTES.adminRewardModels, { query: { limit, offset } }),
  activateRewardModel: (id: number, force: boolean) => call(ROUTES.adminRewardModelActivate, { params: { id }, body: { force } }),

  leaderboard: () => call(ROUTES.adminLeaderboard),
  policies: (limit: number, offset: number) => call(ROUTES.adminPolicies, { query: { limit, offset } }),
  activatePolicy: (id: number) => call(ROUTES.adminPolicyActivate, { params: { id } }),
};
