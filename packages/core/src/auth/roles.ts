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

/** A role exactly as documented (upper case ASCII): no case folding, since Unicode upper-casing
 * turns look-alikes into roles ("admın" with a dotless ı becomes "ADMIN"). */
export function parseRole(value: unknown): Role | null {
  return typeof value === "string" && (Roles as readonly string[]).includes(value) ? (value as Role) : null;
}

/** A role typed by a person on a command line ("officer"): ASCII letters only are upper-cased. */
export function parseRoleArgument(value: string): Role | null {
  return parseRole(value.replace(/[a-z]/g, (letter) => letter.toUpperCase()));
}

/** Roles that may record changes for their chapter and the chapters below it. */
export function canWrite(role: Role): boolean {
  return role === "ADMIN" || role === "OFFICER";
}

/** Roles that may read personal data of people in their slice (members, donors, beneficiaries). */
export function canReadPersonalData(role: Role, grants: readonly string[]): boolean {
  return role === "ADMIN" || role === "OFFICER" || grants.includes("personal-data");
}
