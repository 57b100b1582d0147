// `npm run soak` (docs/testing.md, "The soak"): a mixed read/write load through the gateway for several
// minutes, on a fresh database of the PostgreSQL server with the demo data, loopback only and
// bounded in time. 80% reads (dashboards at three levels, lists), 20% writes (donors and their
// donations, fund entries, small people imports, humanitarian support), every write with an
// idempotency key; some writes are sent again with the same key, later or at the same moment.
// Afterwards every acknowledged write is looked up through the API, and the retried keys must
// have written once. Fails (exit 1) on any HTTP 5xx, any error without one of the stable codes,
// a lost write or a double count. Figures go to bench/soak-results.json.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run soak [-- --duration 300] [--short] [--concurrency 8]
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot, signDevUserToken, todayInVietnam, formatIsoDate, type Role } from "@chapters/core";
import { startStack, subgraphModules } from "@chapters/stack";
import { freshDatabase, type GraphQLResponse } from "@chapters/stack/testing";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "300" },
    short: { type: "boolean", default: false },
    concurrency: { type: "string", default: "8" },
  },
});
const SECONDS = values.short ? 45 : Number(values.duration);
const CONCURRENCY = Number(values.concurrency);
const RESULTS = path.join(repoRoot, "bench", "soak-results.json");

const base = process.env.DATABASE_URL;
if (!base) throw new Error("Set DATABASE_URL to the PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/postgres): the soak runs on the server, in a fresh database it drops afterwards.");
if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(base).hostname)) throw new Error("The soak runs on a loopback PostgreSQL only.");

/** Codes a caller may be given; anything else (INTERNAL_SERVER_ERROR, none, an unavailable
 * subgraph) is a failure of the soak. */
const STABLE = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]);

const db = await freshDatabase(base);
const stack = await startStack({
  port: 0,
  databaseUrls: Object.fromEntries(subgraphModules.map((m) => [m.name, db.url])),
  seedDemo: true,
  // the soak's few callers send every request: the per-caller rate limit has its own tests
  gateway: { limits: { ratePerWindow: 100_000_000 } },
});

interface Caller {
  chapter: string;
  role: Role;
}
const CENTRAL: Caller = { chapter: "TW", role: "ADMIN" };
const PROVINCE: Caller = { chapter: "BN", role: "OFFICER" };
const WARD: Caller = { chapter: "BN.PTS", role: "OFFICER" };
const tokens = new Map<Caller, string>();
for (const caller of [CENTRAL, PROVINCE, WARD]) tokens.set(caller, await signDevUserToken({ ...caller, sub: `soak-${caller.role}@${caller.chapter}` }));

// ---- figures ----------------------------------------------------------------------------
const percentile = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!) : null);
const latencies = new Map<string, number[]>();
const errorsByCode = new Map<string, number>();
/** the first message seen for each kind of request and code, to say what an error was */
const errorExamples = new Map<string, string>();
const failures: string[] = [];
let requests = 0;
let peakRss = 0;

async function call<T = any>(kind: string, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.get(caller)}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    failures.push(`${kind}: no answer (${String(error)})`);
    return { status: 0 };
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<T>;
  requests++;
  (latencies.get(kind) ?? latencies.set(kind, []).get(kind)!).push(performance.now() - started);
  if (response.status >= 500) failures.push(`${kind}: HTTP ${response.status}`);
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code ?? "NONE";
    errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + 1);
    if (!errorExamples.has(`${kind} ${code}`)) errorExamples.set(`${kind} ${code}`, error.message);
    if (!STABLE.has(code)) failures.push(`${kind}: ${code} ${error.message}`);
  }
  return { ...body, status: response.status };
}

// ---- what the demo data offers --------------------------------------------------------------
const ward = (await call("setup", WARD, `{ chapter(code: "BN.PTS") { id } }`)).data.chapter.id as string;
const humanitarian = (
  await call("setup", CENTRAL, `{ campaigns(first: 100) { nodes { id startsOn endsOn } } sponsors(first: 1) { nodes { id } } humanitarianAddresses(first: 20, statuses: [SUPPORTED, APPROVED]) { nodes { id } } }`)
).data;
const today = formatIsoDate(todayInVietnam());
const year = Number(today.slice(0, 4));
// support is given within its campaign's days: the campaign that ends last, on its last day
// (or today, while it runs)
const campaign = (humanitarian.campaigns.nodes as { id: string; startsOn: string; endsOn: string }[]).sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0]!;
const campaignId = campaign.id;
const lastSupportDay = new Date(campaign.endsOn < today ? campaign.endsOn : today);
const supportDays = Math.max(1, Math.round((lastSupportDay.getTime() - new Date(campaign.startsOn).getTime()) / 86_400_000) + 1);
const SUPPORT_KINDS = ["MONTHLY", "WHEELCHAIR", "HOUSING"];
let giftsGiven = 0;
/** A gift no other soak write repeats: one gift (kind, day, sponsor, address) counts once (HA-NODOUBLE). */
function nextGift(): { addressId: string; givenOn: string; kind: string } {
  const i = giftsGiven++;
  const day = Math.floor(i / addressIds.length);
  return {
    addressId: addressIds[i % addressIds.length]!,
    givenOn: formatIsoDate(new Date(lastSupportDay.getTime() - (day % supportDays) * 86_400_000)),
    kind: SUPPORT_KINDS[Math.floor(day / supportDays) % SUPPORT_KINDS.length]!,
  };
}
const sponsorId = humanitarian.sponsors.nodes[0].id as string;
const addressIds = (humanitarian.humanitarianAddresses.nodes as { id: string }[]).map((a) => a.id);

// ---- the load -------------------------------------------------------------------------------
const FIGURES = `figures(year: ${year}) { members { members growth } dues { rate } fund { balance } coverage { rate } }`;
const READS: { kind: string; caller: Caller; query: string }[] = [
  { kind: "read: national dashboard", caller: CENTRAL, query: `{ chapter(code: "TW") { children(first: 20, levels: [PROVINCE]) { nodes { code name ${FIGURES} bloodIndicators(year: ${year}) { indicatorCode actual } } } } }` },
  { kind: "read: province dashboard", caller: PROVINCE, query: `{ chapter(code: "BN") { name childCount ${FIGURES} children(first: 50) { nodes { code name ${FIGURES} } } } }` },
  { kind: "read: ward page", caller: WARD, query: `{ chapter(code: "BN.PTS") { name ${FIGURES} people(first: 20) { totalCount nodes { id kind } } } }` },
  { kind: "read: donor list", caller: PROVINCE, query: `{ donors(first: 20) { totalCount nodes { id fullName donationCount nextEligibleOn } } }` },
  { kind: "read: humanitarian addresses", caller: CENTRAL, query: `{ humanitarianAddresses(first: 20) { totalCount nodes { id status } } }` },
];

/** A write: the operation, its caller and variables, and how to read the created record's id. */
interface Write {
  kind: string;
  caller: Caller;
  query: string;
  variables: Record<string, unknown>;
  id: (data: any) => string;
}
interface Acknowledged {
  write: Write;
  id: string;
  /** what the write added, for the exact-sum and exactly-once checks */
  amount?: number;
  names?: string[];
  donorId?: string;
}

const acknowledged: Acknowledged[] = [];
const donorsWithoutDonation: string[] = [];
let retries = 0;
let sequence = 0;
const run = Date.now().toString(36);

function nextWrite(): Write & { amount?: number; names?: string[]; donorId?: string } {
  const n = ++sequence;
  const key = `soak-${run}-${n}`;
  const pick = n % 5;
  if (pick === 0 && donorsWithoutDonation.length) {
    const donorId = donorsWithoutDonation.shift()!;
    return {
      kind: "write: recordDonation", caller: PROVINCE, donorId,
      query: `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`,
      variables: { i: { donorId, donatedOn: today, type: "WHOLE_BLOOD", volumeMl: 350, idempotencyKey: key } },
      id: (d) => d.recordDonation.id,
    };
  }
  if (pick <= 1) {
    return {
      kind: "write: registerDonor", caller: PROVINCE,
      query: `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
      variables: { i: { chapterId: ward, fullName: `Người hiến máu ${run} ${n}`, phone: `08${String(n).padStart(8, "0")}`, abo: "O", rh: "POSITIVE", idempotencyKey: key } },
      id: (d) => d.registerDonor.id,
    };
  }
  if (pick === 2) {
    const amount = 1_000 * (1 + (n % 997));
    return {
      kind: "write: recordFundEntry", caller: WARD, amount,
      query: `mutation($i: FundEntryInput!) { recordFundEntry(input: $i) { id } }`,
      variables: { i: { chapterId: ward, entryDate: today, kind: "INCOME", amount, source: `Ủng hộ ${run}`, idempotencyKey: key } },
      id: (d) => d.recordFundEntry.id,
    };
  }
  if (pick === 3) {
    const names = [1, 2, 3].map((j) => `Soak ${run} ${n} ${j}`);
    const csv = ["Họ và tên,Loại,Ngày vào Hội", ...names.map((name) => `${name},hội viên,${today}`)].join("\n");
    return {
      kind: "write: importPeople", caller: WARD, names,
      query: `mutation($c: ID!, $csv: String!, $k: String) { importPeople(chapterId: $c, csv: $csv, idempotencyKey: $k) { rows peopleCreated } }`,
      variables: { c: ward, csv, k: key },
      id: (d) => `${d.importPeople.rows}/${d.importPeople.peopleCreated}`,
    };
  }
  return {
    kind: "write: recordSupport", caller: CENTRAL, amount: 500_000,
    query: `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id } }`,
    variables: { i: { ...nextGift(), sponsorId, campaignId, value: 500_000, note: key, reference: key, idempotencyKey: key } },
    id: (d) => d.recordSupport.id,
  };
}

async function write(): Promise<void> {
  const w = nextWrite();
  // one write in ten is sent twice at the same moment, as a client retrying too early would
  const copies = Math.random() < 0.1 ? 2 : 1;
  const answers = await Promise.all(Array.from({ length: copies }, () => call(w.kind, w.caller, w.query, w.variables)));
  const ids = answers.map((a) => (a.data && !a.errors?.length ? w.id(a.data) : null));
  if (ids.some((id) => id === null)) return;
  if (copies === 2) {
    retries++;
    if (ids[0] !== ids[1]) failures.push(`${w.kind}: two requests with one key gave ${ids[0]} and ${ids[1]}`);
  }
  acknowledged.push({ write: w, id: ids[0]!, amount: w.amount, names: w.names, donorId: w.donorId });
  if (w.kind === "write: registerDonor") donorsWithoutDonation.push(ids[0]!);
}

/** A later retry of an acknowledged write: the same key and input must return the first result. */
async function retry(): Promise<void> {
  const earlier = acknowledged[Math.floor(Math.random() * acknowledged.length)];
  if (!earlier) return write();
  const answer = await call(earlier.write.kind, earlier.write.caller, earlier.write.query, earlier.write.variables);
  retries++;
  if (answer.data && !answer.errors?.length && earlier.write.id(answer.data) !== earlier.id) {
    failures.push(`${earlier.write.kind}: a retry returned ${earlier.write.id(answer.data)}, not ${earlier.id}`);
  }
}

async function oneRequest(): Promise<void> {
  const r = Math.random();
  if (r < 0.8) {
    const read = READS[Math.floor(Math.random() * READS.length)]!;
    await call(read.kind, read.caller, read.query);
  } else if (r < 0.97) {
    await write();
  } else {
    await retry();
  }
}

const balanceQuery = `{ chapter(code: "BN.PTS") { figures(year: ${year}) { fund { balance } } } }`;
const balanceBefore = Number((await call("setup", WARD, balanceQuery)).data.chapter.figures.fund.balance);
console.log(`soak: ${SECONDS} s at ${CONCURRENCY} concurrent requests against ${stack.gateway.url}`);
const deadline = Date.now() + SECONDS * 1000;
const memory = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1000);
const loadStarted = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (Date.now() < deadline) await oneRequest();
}));
const loadSeconds = (performance.now() - loadStarted) / 1000;
clearInterval(memory);

// ---- verification through the API ----------------------------------------------------------
let verified = 0;
const lost = (a: Acknowledged, why: string) => failures.push(`${a.write.kind} ${a.id}: ${why}`);
const of = (kind: string) => acknowledged.filter((a) => a.write.kind === `write: ${kind}`);

for (const a of of("registerDonor")) {
  const res = await call("verify", PROVINCE, `query($id: ID!) { donor(id: $id) { id } }`, { id: a.id });
  if (res.data?.donor?.id === a.id) verified++;
  else lost(a, "not found");
}
for (const a of of("recordDonation")) {
  const res = await call("verify", PROVINCE, `query($id: ID!) { donor(id: $id) { donationCount donations(first: 10) { nodes { id } } } }`, { id: a.donorId });
  const donor = res.data?.donor;
  if (donor?.donations.nodes.some((d: { id: string }) => d.id === a.id) && donor.donationCount === 1) verified++;
  else lost(a, `not found once on its donor (${donor?.donationCount ?? "no donor"} donations)`);
}
const ledger = new Set<string>();
for (let after: string | null = null; ; ) {
  const res: GraphQLResponse = await call("verify", WARD, `query($after: String) { chapter(code: "BN.PTS") { fundLedger(first: 1000, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`, { after });
  const page = res.data?.chapter?.fundLedger;
  if (!page) break;
  for (const entry of page.nodes as { id: string }[]) ledger.add(entry.id);
  if (!page.pageInfo.hasNextPage) break;
  after = page.pageInfo.endCursor;
}
for (const a of of("recordFundEntry")) {
  if (ledger.has(a.id)) verified++;
  else lost(a, "not in the ward's fund ledger");
}
const expectedIncome = of("recordFundEntry").reduce((sum, a) => sum + a.amount!, 0);
const balanceAfter = Number((await call("verify", WARD, balanceQuery)).data.chapter.figures.fund.balance);
if (balanceAfter - balanceBefore !== expectedIncome) {
  failures.push(`fund balance moved by ${balanceAfter - balanceBefore} đồng, the acknowledged entries add up to ${expectedIncome}`);
}
for (const a of of("importPeople")) {
  let found = 0;
  for (const name of a.names!) {
    const res = await call("verify", WARD, `query($s: String!) { chapter(code: "BN.PTS") { people(search: $s, first: 2) { totalCount } } }`, { s: name });
    if (res.data?.chapter?.people.totalCount === 1) found++;
  }
  if (found === a.names!.length) verified++;
  else lost(a, `${found} of ${a.names!.length} people found exactly once`);
}
const supports = of("recordSupport");
for (const addressId of new Set(supports.map((a) => (a.write.variables.i as { addressId: string }).addressId))) {
  const res = await call("verify", CENTRAL, `query($a: ID!) { supportRecords(addressId: $a, first: 1000) { nodes { id note } } }`, { a: addressId });
  const records = (res.data?.supportRecords.nodes ?? []) as { id: string; note: string | null }[];
  for (const a of supports.filter((s) => (s.write.variables.i as { addressId: string }).addressId === addressId)) {
    const key = (a.write.variables.i as { note: string }).note;
    const same = records.filter((r) => r.note === key);
    if (same.length === 1 && same[0]!.id === a.id) verified++;
    else lost(a, `${same.length} support records carry its key`);
  }
}

// ---- results --------------------------------------------------------------------------------
const all = [...latencies.entries()].filter(([kind]) => kind !== "setup" && kind !== "verify").flatMap(([, l]) => l);
const figuresOf = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return { requests: list.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};
const results = {
  measuredAt: new Date().toISOString(),
  seconds: Math.round(loadSeconds),
  concurrency: CONCURRENCY,
  requests,
  loadRequests: all.length,
  throughput: Math.round(all.length / loadSeconds),
  latencyMs: figuresOf(all),
  byKind: Object.fromEntries([...latencies.entries()].map(([kind, l]) => [kind, figuresOf(l)])),
  errorsByCode: Object.fromEntries(errorsByCode),
  errorExamples: Object.fromEntries(errorExamples),
  writes: { acknowledged: acknowledged.length, verified, retriedKeys: retries },
  memory: { peakRssMb: Math.round(peakRss / 2 ** 20), heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) },
  failures: failures.slice(0, 50),
  failureCount: failures.length,
};
await mkdir(path.dirname(RESULTS), { recursive: true });
await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify({ ...results, byKind: undefined }, null, 2));

await stack.stop();
await db.drop();
if (failures.length || verified !== acknowledged.length) {
  console.error(`soak FAILED: ${failures.length} problems (first: ${failures[0] ?? "none"}); ${verified}/${acknowledged.length} writes verified`);
  process.exit(1);
}
console.log(`soak passed: ${acknowledged.length} acknowledged writes all found, ${retries} retried keys counted once, no 5xx, no internal error`);
process.exit(0);
