/** Lower-case text without Vietnamese diacritics, so "kien giang" matches "Kiên Giang". */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** GraphQL enum values from a code → Vietnamese label map: each value described by its label. */
export function described<K extends string>(labels: Record<K, string>): Record<K, { description: string }> {
  return Object.fromEntries(Object.entries(labels).map(([k, label]) => [k, { description: label as string }])) as Record<K, { description: string }>;
}
