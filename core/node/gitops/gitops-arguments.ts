// The arguments of the GitOps methods over `POST /api/<method>`, checked before the call (see http/api-arguments.ts).

/** A changeset name as the API accepts it (changeset-names.ts says what a valid one is). */
const CHANGESET_NAME = { type: 'string', minLength: 1, maxLength: 200 };

/** Every GitOps method's parameters, in order. */
export const GITOPS_SIGNATURES = {
  gitStatus: [],
  listChangesets: [],
  createChangeset: [{ name: 'name', schema: CHANGESET_NAME }],
  setChangesetMode: [{ name: 'name', optional: true, schema: CHANGESET_NAME }],
  reviewChangeset: [{ name: 'name', schema: CHANGESET_NAME }],
  mergeChangeset: [{ name: 'name', schema: CHANGESET_NAME }, { name: 'force', optional: true, schema: { type: 'boolean' } }],
  discardChangeset: [{ name: 'name', schema: CHANGESET_NAME }],
} as const;
