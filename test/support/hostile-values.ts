// fast-check arbitraries for the hostile-callers suite (docs/testing.md): for each kind of
// GraphQL leaf, values a careful client would send and values a hostile or careless one would.
// Which is which is the caller's mix (`HostileMix`): a mostly-plausible request reaches the
// resolver's slice checks and writes, a mostly-hostile one probes validation.
import fc from "fast-check";

/** The ids and codes a request can name: the caller's own chapters, other chapters (foreign),
 * and ids of any record in any subgraph's database. */
export interface KnownValues {
  ownChapterIds: string[];
  ownChapterCodes: string[];
  foreignChapterIds: string[];
  foreignChapterCodes: string[];
  /** ids of every table's rows, by table name */
  recordIds: Map<string, string[]>;
  /** phone and CCCD numbers stored somewhere: what a lookup finds */
  personalData: string[];
}

export type Leaf = "String" | "Int" | "Float" | "Boolean" | "ID" | "Date" | "Money";

/** Weights of plausible vs hostile leaves. */
export interface HostileMix {
  plausible: number;
  hostile: number;
}

// Vietnamese as precomposed (NFC) and as base letters plus combining marks (NFD): the same
// words to a reader, different bytes to a database
const VIETNAMESE = ["Nguyễn Thị Hằng", "phường Đông Ngàn", "Hội Chữ thập đỏ", "Trần Văn Đức", "Ủng hộ đồng bào lũ lụt"];
const vietnamese = fc.constantFrom(...VIETNAMESE.flatMap((s) => [s.normalize("NFC"), s.normalize("NFD")]));

const SQL_LOOKING = [
  "'; DROP TABLE \"Chapter\"; --",
  "' OR 1=1 --",
  "\" OR \"\"=\"",
  "1; SELECT pg_sleep(5)",
  "$1",
  "%' AND '%'='",
  "\\'; TRUNCATE \"Donor\" CASCADE; --",
];

const ODD_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u200b\u200c\u200d\ufeff", // zero-width characters
  "\u202eabc\u202c", // right-to-left override
  "\u0645\u0631\u062d\u0628\u0627", // Arabic (right-to-left)
  "👨‍👩‍👧‍👦🩸🇻🇳",
  "\ud800", // a lone surrogate
  "e\u0301\u0301\u0301\u0301\u0301\u0301", // stacked combining marks
  "null",
  "undefined",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "0x7fffffff",
  "NaN",
  "-Infinity",
  "1e309",
  "2025-02-30",
  "a,b\n\"c\r\nd",
];

/** Longer than every bound the schema sets (2,000 characters by default). */
const tooLong = fc.constantFrom(2_001, 10_000).chain((n) => fc.constantFrom("x", "Đ", "e\u0301").map((c) => c.repeat(n)));

const hostileText = fc.oneof(fc.constantFrom(...SQL_LOOKING), fc.constantFrom(...ODD_TEXT), tooLong, fc.string({ unit: "binary", maxLength: 40 }));

const INT_EDGES = [0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 + 1, -(2 ** 53) - 1, 9_999_999_999];
const hostileInt = fc.oneof(
  fc.constantFrom<unknown>(...INT_EDGES, 1.5, "12", "NaN", "1e3", true, null),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
const hostileFloat = fc.oneof(fc.constantFrom<unknown>(0, -0, -1, 1e308, -1e308, 2 ** 53 + 1, 5e-324, "NaN", "Infinity"), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostileMoney = fc.constantFrom<unknown>(0, -1, -24_000, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, "1e3", "12.5", "24.000", "1 000", "NaN", "-0", 12.5, "99999999999999999999");
const hostileDate = fc.constantFrom<unknown>("2025-02-30", "2025-13-01", "0000-01-01", "0001-01-01", "1900-01-01", "9999-12-31", "275760-09-13", "", "2025-07-01T00:00:00Z", "01/07/2025", 20250701, "2025-7-1");
const hostileBoolean = fc.constantFrom<unknown>("true", 1, 0, "yes");

const uuid = fc.uuid();

function hostileId(known: KnownValues): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...known.foreignChapterIds),
    uuid,
    fc.constantFrom<unknown>("", "0", "-1", "not-an-id", "00000000-0000-0000-0000-000000000000", 12345, ...SQL_LOOKING),
    fc.constantFrom(...known.foreignChapterCodes),
    tooLong,
  );
}

/** Ids of the records an argument names (`donorId` → the Donor table's, `driveId` → BloodDrive's),
 * or of any record when the name says nothing (`keepId`). */
function recordIdsFor(name: string, known: KnownValues): string[] {
  const stem = name.replace(/Ids?$/, "").toLowerCase();
  const named = [...known.recordIds].filter(([table]) => stem && table.toLowerCase().endsWith(stem)).flatMap(([, ids]) => ids);
  return named.length ? named : [...known.recordIds.values()].flat();
}

function plausibleId(known: KnownValues, name: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known.ownChapterIds) },
    { weight: 2, arbitrary: fc.constantFrom(...known.foreignChapterIds) },
    { weight: /^chapter/i.test(name) ? 0 : 4, arbitrary: fc.constantFrom(...recordIdsFor(name, known)) },
  );
}

/** Codes, names or free text, depending on what the argument is called. */
/** A small people file (the importer's columns) and one with columns no importer knows. */
const PLAUSIBLE_CSV = [
  "Họ và tên,Loại,Ngày vào Hội\nNguyễn Thị Hằng,hội viên,2024-05-01\nTrần Văn Đức,tình nguyện viên,2024-06-01",
  "Ho va ten,Loai,Ngay vao Hoi\nLe Van An,hoi vien,2024-05-01",
  "name;phone\nA;0912345678",
];

function plausibleString(known: KnownValues, name: string): fc.Arbitrary<unknown> {
  if (/lookup/i.test(name)) return fc.constantFrom(...known.personalData);
  if (/code/i.test(name)) return fc.constantFrom(...known.ownChapterCodes, ...known.foreignChapterCodes);
  if (/key$/i.test(name)) return fc.constantFrom("hostile-key-1", "hostile-key-2", "khóa-ổn-định");
  if (/phone/i.test(name)) return fc.constantFrom("0912345678", "+84912345678", "0912 345 678");
  if (/nationalId|cccd/i.test(name)) return fc.constantFrom("001085012345", "079199000001");
  if (/csv/i.test(name)) return fc.constantFrom(...PLAUSIBLE_CSV);
  return fc.oneof(vietnamese, fc.constantFrom("A", "Ghi chú", "QĐ-123/2025"));
}

/** Dates up to yesterday: most records refuse a date in the future. */
const plausibleDate = fc
  .date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date(Date.now() - 86_400_000), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function plausibleInt(name: string): fc.Arbitrary<unknown> {
  if (/year/i.test(name)) return fc.integer({ min: 2023, max: 2026 });
  return fc.integer({ min: 1, max: 100 });
}

function plausible(leaf: Leaf, name: string, known: KnownValues): fc.Arbitrary<unknown> {
  switch (leaf) {
    case "ID":
      return plausibleId(known, name);
    case "String":
      return plausibleString(known, name);
    case "Int":
      return plausibleInt(name);
    case "Float":
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case "Money":
      return fc.integer({ min: 1_000, max: 50_000_000 });
    case "Boolean":
      return fc.boolean();
    case "Date":
      return plausibleDate;
  }
}

function hostile(leaf: Leaf, known: KnownValues): fc.Arbitrary<unknown> {
  switch (leaf) {
    case "ID":
      return hostileId(known);
    case "String":
      return hostileText;
    case "Int":
      return hostileInt;
    case "Float":
      return hostileFloat;
    case "Money":
      return hostileMoney;
    case "Boolean":
      return hostileBoolean;
    case "Date":
      return hostileDate;
  }
}

/** A value for one leaf argument or input field, called `name`. */
export function leafValue(leaf: Leaf, name: string, known: KnownValues, mix: HostileMix): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: mix.plausible, arbitrary: plausible(leaf, name, known) },
    { weight: mix.hostile, arbitrary: hostile(leaf, known) },
  );
}

/** An enum value: a valid one, or one the schema does not have. */
export function enumValue(values: string[], mix: HostileMix): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: mix.plausible, arbitrary: fc.constantFrom(...values) },
    { weight: mix.hostile, arbitrary: fc.constantFrom<unknown>("NOT_A_VALUE", values[0]!.toLowerCase(), "", 0, `${values[0]}'; --`) },
  );
}

/** A list: usually short, sometimes empty or far longer than any real request. */
export function listValue(item: fc.Arbitrary<unknown>, mix: HostileMix): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: mix.plausible, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
    { weight: mix.hostile, arbitrary: fc.oneof(fc.constant([]), item.map((v) => Array.from({ length: 1_500 }, () => v)), item) },
  );
}
