// Masking of personal data for callers not granted it (ORG-PEOPLE, HA-PROFILE), for every subgraph: enough to recognise a
// person on a list the caller already knows, not enough to identify or contact them.
//   full name  "Nguyễn Văn An"   → "Nguyễn V. A."   (family name, then initials)
//   phone      "0912 345 678"    → "•••• ••• 678"   (last three digits)
//   birth date 1990-05-17        → null; birthYear stays 1990
//   national ID                  → null

export function maskName(fullName: string): string {
  const [family, ...rest] = fullName.trim().split(/\s+/);
  if (!family) return "";
  return [family, ...rest.map((part) => `${[...part][0]!.toUpperCase()}.`)].join(" ");
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  return `•••• ••• ${digits.slice(-3)}`;
}
