// How a name shows to a caller without personal-data rights: the family name, then the
// initials ("Nguyễn Văn An" → "Nguyễn V*** A"), so a VIEWER can tell records apart on a list
// without identifying anyone. Phone, national ID and birth date are simply withheld (null).
export function maskName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  if (words.length <= 1) return `${[...(words[0] ?? "")][0] ?? ""}***`;
  const initial = (w: string) => [...w][0] ?? "";
  const middle = words.slice(1, -1).map((w) => `${initial(w)}***`);
  return [words[0], ...middle, initial(words[words.length - 1]!)].join(" ");
}
