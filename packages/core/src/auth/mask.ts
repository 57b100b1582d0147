// Masking of personal data for callers not granted it (ORG-PEOPLE, HA-PROFILE, BL-DONORS), one
// mask for every subgraph: enough to recognise a person on a list the caller already knows, not
// enough to identify or contact them.
//   full name  "Nguyễn Văn An"   → "Nguyễn V. A."   (family name, then initials)
//   phone      "0912 345 678"    → "•••• ••• 678"   (last three digits)
//   birth date 1990-05-17        → null; birthYear stays 1990
//   national ID                  → null
// Why this name mask and not blood's former "Nguyễn V*** A": both keep the family name and one
// letter per given name, so they tell the same records apart and reveal the same; "V. A." is how
// initials are written in Vietnamese and reads as initials, where "V***" suggests letters withheld
// (and a count of them) and mixed two spellings in one name. A one-word name shows its initial
// only ("A."): the family name is shown because it is shared by many, a lone name is not.

/** A full name as initials after the family name: "Nguyễn Văn An" → "Nguyễn V. A.". */
export function maskName(fullName: string): string {
  const [family, ...rest] = fullName.trim().split(/\s+/);
  if (!family) return "";
  const initial = (part: string) => `${[...part][0]!.toUpperCase()}.`;
  if (!rest.length) return initial(family);
  return [family, ...rest.map(initial)].join(" ");
}

/** A phone number as its last three digits: "0912 345 678" → "•••• ••• 678". */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  return `•••• ••• ${digits.slice(-3)}`;
}
