// What each role may do, in one place. Which chapters a caller reaches (the slice) is decided
// in each subgraph's SQL from the caller's chapter; this module decides what they may do there.
export const Roles = ["ADMIN", "OFFICER", "VIEWER", "PARTNER", "SCREEN", "SERVICE"] as const;
export type Role = (typeof Roles)[number];

export const roleLabels: Record<Role, string> = {
  ADMIN: "Quản trị",
  OFFICER: "Cán bộ Hội",
  VIEWER: "Người xem",
  PARTNER: "Cơ quan đối tác",
  SCREEN: "Màn hình trực tiếp",
  SERVICE: "Dịch vụ nội bộ",
};

/** SERVICE is for one subgraph calling another (e.g. a tree replica catching up); the gateway
 * never accepts it from a user's token. */
export const userRoles: Role[] = ["ADMIN", "OFFICER", "VIEWER", "PARTNER", "SCREEN"];

export function parseRole(value: unknown): Role | null {
  if (typeof value !== "string") return null;
  const upper = value.toUpperCase();
  return (Roles as readonly string[]).includes(upper) ? (upper as Role) : null;
}

/** Roles that may record changes for their chapter and the chapters below it. */
export function canWrite(role: Role): boolean {
  return role === "ADMIN" || role === "OFFICER";
}

/** Roles that may read personal data of people in their slice (members, donors, beneficiaries). */
export function canReadPersonalData(role: Role, grants: readonly string[]): boolean {
  return role === "ADMIN" || role === "OFFICER" || grants.includes("personal-data");
}
