// Who the caller is and what they may do: roles, the identity subgraphs receive, partner grants,
// the checks resolvers run first, the caller's slice of the tree, and masks for personal data.
export * from "./roles.ts";
export * from "./identity.ts";
export * from "./grants.ts";
export * from "./checks.ts";
export * from "./live-chapter.ts";
export * from "./slice.ts";
export * from "./mask.ts";
