// The requests `npm run bench` measures, in one place, so the test that guards their statement
// counts (test/platform/bench-statements.test.ts) sends exactly what the benchmark sends — on national data
// with the benchmark's page sizes, on test data with smaller ones. The chapter is a variable, as the
// dashboard client sends it (examples/dashboard-client): one document per operation, whichever
// chapter it reads, so the gateway parses, validates and plans it once for every caller.
import type { Role } from "@chapters/core";

export interface BenchRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface BenchOperation {
  name: string;
  /** the target's p95 in ms at the fixed rate, if the issue sets one */
  targetP95?: number;
  caller: { chapter: string; role: Role };
  /** a request body; `i` numbers the request, so writes can use a fresh record each time */
  body: (i: number) => BenchRequest;
  /** the subgraph to also call directly (gateway overhead), when the query lives in one subgraph */
  direct?: string;
}

/** Where the operations look: a province, one of its communes, and how many rows each list asks for. */
export interface BenchScope {
  province: string;
  commune: string;
  /** a phone number for the i-th donor lookup */
  donorPhone: (i: number) => string;
  /** donors whose next donation is eligible, for the i-th recorded donation */
  donorIds: string[];
  /** the day donations are recorded on */
  donatedOn: string;
  sizes?: { provinces?: number; communes?: number; children?: number; register?: number; donors?: number };
}

export const BENCH_FIGURES = `figures(year: 2025) { members { members growth } dues { rate } fund { balance target } coverage { rate } }`;
export const BENCH_BLOOD = `bloodIndicators(year: 2025) { indicatorCode actual }`;
export const BENCH_HUMANITARIAN = `humanitarianFigures(year: 2025) { value supports addressesSupported }`;
/** the synthetic emulation year is 2024 (its units were the districts) */
export const BENCH_EMULATION = `emulationPlans(year: 2024) { title progress { registered selfSheetsLate verifiedSheets classified } }`;

/** The page cursor after `offset` rows (Pothos' offset connection). */
const after = (offset: number) => Buffer.from(`OffsetConnection:${offset - 1}`).toString("base64");

export function benchOperations(scope: BenchScope): BenchOperation[] {
  const size = { provinces: 100, communes: 1000, children: 50, register: 50, donors: 5, ...scope.sizes };
  const { province, commune } = scope;
  return [
    {
      name: "national dashboard (34 provinces, a figure from each of the four domains)",
      targetP95: 150,
      caller: { chapter: "TW", role: "ADMIN" },
      body: () => ({ query: `query National($code: String!) { chapter(code: $code) { children(first: ${size.provinces}, levels: [PROVINCE]) { nodes { code name ${BENCH_FIGURES} ${BENCH_BLOOD} ${BENCH_HUMANITARIAN} ${BENCH_EMULATION} } } } }`, variables: { code: "TW" } }),
    },
    {
      name: "province dashboard (its communes with organization, blood and humanitarian figures; its emulation plan)",
      targetP95: 50,
      caller: { chapter: province, role: "OFFICER" },
      body: () => ({ query: `query Province($code: String!) { chapter(code: $code) { children(first: ${size.communes}, levels: [COMMUNE]) { nodes { code name ${BENCH_FIGURES} ${BENCH_BLOOD} ${BENCH_HUMANITARIAN} } } ${BENCH_EMULATION} } }`, variables: { code: province } }),
    },
    {
      name: "a commune's page",
      targetP95: 20,
      caller: { chapter: commune, role: "OFFICER" },
      body: () => ({ query: `query Commune($code: String!) { chapter(code: $code) { name levelLabel childCount ${BENCH_FIGURES} children(first: ${size.children}) { nodes { code name } } } }`, variables: { code: commune } }),
      direct: "organization",
    },
    {
      name: "paged register (people, page 3 of 50)",
      caller: { chapter: province, role: "OFFICER" },
      body: () => ({ query: `query Register($code: String!) { chapter(code: $code) { people(first: ${size.register}, after: "${after(2 * size.register)}", includeBelow: true) { totalCount nodes { id kind joinedOn person { fullName } } } } }`, variables: { code: commune } }),
      direct: "organization",
    },
    {
      name: "donor lookup by phone",
      caller: { chapter: province, role: "OFFICER" },
      body: (i) => ({ query: `query($p: String!) { donors(lookup: $p, first: ${size.donors}) { nodes { id fullName nextEligibleOn donationCount } } }`, variables: { p: scope.donorPhone(i) } }),
      direct: "blood",
    },
    {
      name: "recording a donation",
      targetP95: 20,
      caller: { chapter: "TW", role: "OFFICER" },
      body: (i) => ({
        query: `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`,
        variables: { i: { donorId: scope.donorIds[i % scope.donorIds.length], donatedOn: scope.donatedOn, type: "WHOLE_BLOOD", volumeMl: 350 } },
      }),
    },
  ];
}
