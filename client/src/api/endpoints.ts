/** One typed function per REST route the client uses; paths and shapes come from the repo's shared/. */
import { API } from '../../../shared/api';
import type { AdminCounts } from '../../../shared/schemas/admin';
import type { CreateUserRequest, PublicUser, UpdateUserRequest } from '../../../shared/schemas/auth';
import type { Page } from '../../../shared/schemas/common';
import type { ImportPromptsRequest, ImportResponsesRequest, ImportResult } from '../../../shared/schemas/imports';
import type { LabelAck, LabelSubmit } from '../../../shared/schemas/labels';
import type { AssignmentView, MyProgress, QueueCounts, QueueSettings } from '../../../shared/schemas/queue';
import { getJson, patchJson, postJson, putJson } from './http';

export interface BuildComparisonsInput {
  modelA?: string;
  modelB?: string;
  kind: 'train' | 'eval';
  priority?: number;
}

export const api = {
  me: () => getJson<{ user: PublicUser }>(API.me),
  login: (name: string, password: string) => postJson<{ user: PublicUser }>(API.login, { name, password }),
  logout: () => postJson<unknown>(API.logout),

  nextPairs: (count: number) => getJson<{ assignments: AssignmentView[] }>(`${API.queueNext}?count=${count}`),
  skip: (assignmentId: number) => postJson<unknown>(API.queueSkip, { assignmentId }),
  submitLabel: (label: LabelSubmit) => postJson<LabelAck>(API.labels, label),
  queueCounts: () => getJson<QueueCounts>(API.queueCounts),
  myProgress: () => getJson<MyProgress>(API.myProgress),
  guidelines: () => getJson<{ markdown: string }>(API.guidelines),
  saveGuidelines: (markdown: string) => putJson<{ markdown: string }>(API.guidelines, { markdown }),

  adminCounts: () => getJson<AdminCounts>(API.admin.counts),
  users: (limit: number, offset: number) =>
    getJson<Page<PublicUser>>(`${API.admin.users}?limit=${limit}&offset=${offset}`),
  createUser: (input: CreateUserRequest) => postJson<{ user: PublicUser } | PublicUser>(API.admin.users, input),
  updateUser: (id: number, patch: UpdateUserRequest) =>
    patchJson<{ user: PublicUser } | PublicUser>(API.admin.user.replace(':id', String(id)), patch),
  settings: () => getJson<QueueSettings>(API.admin.settings),
  saveSettings: (settings: QueueSettings) => putJson<QueueSettings>(API.admin.settings, settings),
  importPrompts: (input: ImportPromptsRequest) => postJson<ImportResult>(API.admin.importPrompts, input),
  importResponses: (input: ImportResponsesRequest) => postJson<ImportResult>(API.admin.importResponses, input),
  buildComparisons: (input: BuildComparisonsInput) =>
    postJson<{ comparisons: number | unknown[] }>(API.admin.buildComparisons, input),
};
