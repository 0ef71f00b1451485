/** REST paths, defined once for server routes, the client and tests. All under /api except the OpenAI-style /v1. */
export const API = {
  health: '/api/health',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  queueNext: '/api/queue/next', // GET ?count=1..5 → {assignments: AssignmentView[]}
  queueSkip: '/api/queue/skip', // POST SkipRequest
  queueCounts: '/api/queue/counts', // GET QueueCounts
  myProgress: '/api/me/progress', // GET MyProgress
  labels: '/api/labels', // POST LabelSubmit → LabelAck (201, or 200 when duplicate)
  guidelines: '/api/guidelines', // GET {markdown}; PUT (admin) {markdown}
  admin: {
    counts: '/api/admin/counts', // GET AdminCounts
    users: '/api/admin/users', // GET Page<PublicUser>; POST CreateUserRequest
    user: '/api/admin/users/:id', // PATCH UpdateUserRequest
    tokens: '/api/admin/tokens', // POST CreateTokenRequest → CreatedToken (token for the calling admin)
    settings: '/api/admin/settings', // GET/PUT QueueSettings
    importPrompts: '/api/admin/import/prompts', // POST ImportPromptsRequest → ImportResult
    importResponses: '/api/admin/import/responses', // POST ImportResponsesRequest → ImportResult
    importSelfInstruct: '/api/admin/import/self-instruct', // POST ImportSelfInstructRequest → ImportSelfInstructResult
    buildComparisons: '/api/admin/comparisons/build', // POST BuildComparisonsRequest → {comparisons}
    gold: '/api/admin/comparisons/gold', // POST GoldAnswer
    comparisons: '/api/admin/comparisons', // GET Page<...>
    labels: '/api/admin/labels', // GET Page<raw labels>
  },
} as const;
