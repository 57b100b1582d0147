// The example dashboard's script: what a dashboard team copies. No build step; Chart.js comes from
// /dashboard/chart.js (the npm package, served by the gateway). Every request is a registered
// operation sent by id (gateway/persisted/Dashboard*.graphql), one per subgraph, so a partner whose
// grants open only some subgraphs sees those panels filled and the others saying why not.
// Each chart has a table beside it with the same numbers (data-value holds the exact figure).
/* global Chart */
const config = JSON.parse(document.getElementById("config").textContent);
const $ = (id) => document.getElementById(id);

// The token arrives in the fragment, like the conference screen's (never sent to a server, never
// in logs), and is kept for the tab's life; requests carry it in the Authorization header.
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) {
  sessionStorage.setItem("chapters-dashboard-token", fromHash);
  history.replaceState(null, "", location.pathname);
}
const token = fromHash || sessionStorage.getItem("chapters-dashboard-token");
const claims = (() => {
  try {
    return JSON.parse(decodeURIComponent(escape(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")))));
  } catch {
    return {};
  }
})();

const number = new Intl.NumberFormat("vi-VN");
const percent = new Intl.NumberFormat("vi-VN", { style: "percent", maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
const money = (n) => `${number.format(n)} ₫`;
const PAGE = 100; // children are read page by page: a province may have hundreds of communes

// ---- the API: registered operations by id ----------------------------------------------------

/** Runs a registered query; answers { data, errors } as GraphQL does (a refused part comes as an error). */
async function query(name, variables) {
  const response = await fetch(config.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: config.operations[name] } } }),
  });
  return response.json();
}

/** Every page of a connection: `connectionOf(data)` picks it out of each answer; `data` is the first answer's. */
async function allPages(name, variables, connectionOf) {
  const nodes = [];
  let after = null;
  let data = null;
  for (;;) {
    const result = await query(name, { ...variables, first: PAGE, after });
    data ??= result.data;
    const connection = result.data && connectionOf(result.data);
    if (result.errors?.length || !connection) return { nodes, data, errors: result.errors ?? [{ message: "Không có dữ liệu" }] };
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return { nodes, data, errors: [] };
    after = connection.pageInfo.endCursor;
  }
}

// ---- state: which chapter, which year, which view --------------------------------------------

const state = { code: claims.chapter ?? "TW", year: new Date().getFullYear() - 1, restated: false, chapter: null, children: [] };
const yearSelect = $("year");
for (let y = new Date().getFullYear(); y >= 2020; y--) yearSelect.append(new Option(String(y), String(y), false, y === state.year));
yearSelect.onchange = () => ((state.year = Number(yearSelect.value)), load());
for (const radio of document.querySelectorAll('input[name="view"]')) radio.onchange = () => ((state.restated = radio.value === "restated"), load());

// search by name, with or without diacritics: the API ignores accents and case
let searchTimer;
$("search").oninput = (event) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(event.target.value.trim()), 250);
};
async function search(text) {
  const list = $("results");
  list.replaceChildren();
  list.hidden = text.length < 2;
  if (list.hidden) return;
  const result = await query("DashboardChapters", { search: text, first: 20 });
  const found = result.data?.chapters.nodes ?? [];
  if (!found.length) list.append(Object.assign(document.createElement("li"), { textContent: "Không tìm thấy đơn vị nào trong phạm vi của bạn" }));
  for (const c of found) {
    const li = document.createElement("li");
    li.dataset.code = c.code;
    li.append(button(c.name, () => ((list.hidden = true), open(c.code))), Object.assign(document.createElement("small"), { textContent: `${c.levelLabel} · ${c.code}` }));
    list.append(li);
  }
}

function button(text, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.onclick = onclick;
  return b;
}

/** Opens a chapter: drilling down is opening a child, drilling up opening the parent. */
function open(code) {
  state.code = code;
  load();
}

// ---- loading: the tree first, then each subgraph's figures for the same children --------------

let loading = 0;
async function load() {
  const mine = ++loading; // a newer choice wins over answers still on their way
  document.body.dataset.loading = "yes";
  $("status").textContent = "";
  const tree = await allPages("DashboardTree", { code: state.code }, (d) => d.chapter?.children);
  if (mine !== loading) return;
  state.chapter = tree.data?.chapter ?? null;
  if (!state.chapter) {
    $("status").textContent = tree.errors[0]?.message ?? `Không có đơn vị ${state.code} trong phạm vi của bạn`;
    document.body.dataset.loading = "no";
    return;
  }
  state.children = tree.nodes;
  $("title").textContent = `${state.chapter.name} — ${state.year}`;
  $("crumbs").replaceChildren(
    ...(state.chapter.parent ? [document.createTextNode("Cấp trên: "), button(state.chapter.parent.name, () => open(state.chapter.parent.code))] : []),
  );
  const vars = { code: state.code, year: state.year, restated: state.restated };
  await Promise.all([organization(vars), blood(vars), humanitarian(vars), emulation(vars), campaigns()]);
  if (mine !== loading) return;
  live();
  document.body.dataset.loading = "no";
  document.body.dataset.shown = `${state.code}|${state.year}|${state.restated}`;
}

/** Panels' figures by child code, or the reason they have none (e.g. a partner without the scope). */
async function figures(panels, name, variables, pick) {
  const at = loading;
  const { nodes, errors } = await allPages(name, variables, (d) => d.chapter?.children);
  if (at !== loading) return null; // the reader chose another chapter, year or view meanwhile
  if (errors.length) {
    for (const panel of panels) refuse(panel, errors[0]);
    return null;
  }
  return new Map(nodes.map((n) => [n.code, pick(n)]));
}

function refuse(panel, error) {
  const el = $(panel);
  const code = error.extensions?.code;
  el.dataset.state = code === "FORBIDDEN" || code === "OPERATION_NOT_GRANTED" ? "forbidden" : "error";
  charts.get(panel)?.destroy();
  charts.delete(panel);
  el.querySelector(".table").replaceChildren(Object.assign(document.createElement("p"), { className: "note", textContent: error.message }));
}

// ---- charts and tables ------------------------------------------------------------------------

const charts = new Map();

/** Draws a panel: a chart (clicking a child's bar opens it) and a table of the same rows. */
function draw(panel, chartConfig, columns, rows) {
  const el = $(panel);
  el.dataset.state = "shown";
  charts.get(panel)?.destroy();
  const codes = rows.map((r) => r.code);
  chartConfig.options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    ...chartConfig.options,
    onClick: (_event, elements) => {
      const row = rows[elements[0]?.index];
      if (row?.childCount) open(row.code);
    },
  };
  charts.set(panel, new Chart(el.querySelector("canvas"), chartConfig));
  el.querySelector("canvas").dataset.codes = codes.join(",");

  const table = document.createElement("table");
  table.innerHTML = `<thead><tr>${columns.map((c) => `<th>${c.label}</th>`).join("")}</tr></thead>`;
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.code = row.code;
    columns.forEach((column, i) => {
      const td = tr.insertCell();
      const value = column.value(row);
      td.dataset.field = column.field;
      if (i === 0) td.append(row.childCount ? button(value, () => open(row.code)) : value);
      else {
        td.dataset.value = value == null ? "" : String(value);
        td.textContent = value == null ? "—" : column.format(value);
      }
    });
  }
  el.querySelector(".table").replaceChildren(table);
}

const nameColumn = { field: "name", label: "Đơn vị", value: (r) => r.name };
const column = (field, label, format, value = (r) => r[field]) => ({ field, label, format, value });
const rowsOf = (map) => state.children.map((c) => ({ ...c, ...(map.get(c.code) ?? {}) }));

async function organization(vars) {
  const map = await figures(["members", "fund"], "DashboardOrganizationFigures", vars, (n) => ({
    members: n.figures.members.members,
    growth: n.figures.members.growth,
    duesRate: n.figures.dues.rate,
    fund: n.figures.fund.balance,
    fundTarget: n.figures.fund.target,
  }));
  if (!map) return;
  const rows = rowsOf(map);
  const labels = rows.map((r) => r.name);
  draw(
    "members",
    {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: "Hội viên", data: rows.map((r) => r.members), backgroundColor: "#c8102e", yAxisID: "y" },
          { type: "line", label: "Tỷ lệ thu hội phí (%)", data: rows.map((r) => (r.duesRate == null ? null : r.duesRate * 100)), borderColor: "#1f5fa8", yAxisID: "rate" },
        ],
      },
      options: { scales: { rate: { position: "right", min: 0, max: 100, grid: { display: false } } } },
    },
    [nameColumn, column("members", "Hội viên", number.format), column("growth", "Mới", number.format), column("duesRate", "Thu hội phí", percent.format)],
    rows,
  );
  draw(
    "fund",
    {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: "Số dư quỹ (₫)", data: rows.map((r) => Number(r.fund)), backgroundColor: "#c8102e" },
          { label: "Chỉ tiêu (₫)", data: rows.map((r) => (r.fundTarget == null ? null : Number(r.fundTarget))), backgroundColor: "#9aa0a6" },
        ],
      },
    },
    [nameColumn, column("fund", "Số dư", money), column("fundTarget", "Chỉ tiêu", money)],
    rows,
  );
}

async function blood(vars) {
  const map = await figures(["blood"], "DashboardBloodFigures", vars, (n) => {
    const units = n.bloodIndicators?.find((i) => i.indicatorCode === "blood.units");
    return { units: units?.actual ?? null, targetFrom: units?.target?.value ?? null, targetTo: units?.target?.maxValue ?? units?.target?.value ?? null };
  });
  if (!map) return;
  const rows = rowsOf(map);
  draw(
    "blood",
    {
      type: "bar",
      data: {
        labels: rows.map((r) => r.name),
        datasets: [
          { label: "Đơn vị máu", data: rows.map((r) => r.units), backgroundColor: "#c8102e" },
          // a range target (800–1.400 units) drawn as a floating bar from its lower to its upper bound
          { label: "Chỉ tiêu (khoảng)", data: rows.map((r) => (r.targetFrom == null ? null : [r.targetFrom, r.targetTo])), backgroundColor: "rgba(154,160,166,0.6)" },
        ],
      },
    },
    [nameColumn, column("units", "Đơn vị máu", decimal.format), column("targetFrom", "Chỉ tiêu từ", decimal.format), column("targetTo", "đến", decimal.format)],
    rows,
  );
}

async function humanitarian(vars) {
  const map = await figures(["humanitarian"], "DashboardHumanitarianFigures", vars, (n) => ({
    value: n.humanitarianFigures?.value ?? null,
    byStatus: new Map((n.humanitarianFigures?.addressesByStatus ?? []).map((s) => [s.status, s])),
  }));
  if (!map) return;
  const rows = rowsOf(map);
  const statuses = new Map(); // every status any child has, in the order first met
  for (const r of rows) for (const [status, s] of r.byStatus ?? []) statuses.set(status, s.statusLabel);
  const palette = ["#1f5fa8", "#e0a100", "#2e7d32", "#8e24aa", "#6d4c41", "#00838f"];
  draw(
    "humanitarian",
    {
      type: "bar",
      data: {
        labels: rows.map((r) => r.name),
        datasets: [
          { label: "Giá trị (₫)", data: rows.map((r) => (r.value == null ? null : Number(r.value))), backgroundColor: "#c8102e", yAxisID: "y" },
          ...[...statuses].map(([status, label], i) => ({
            label,
            data: rows.map((r) => r.byStatus?.get(status)?.count ?? 0),
            backgroundColor: palette[i % palette.length],
            stack: "addresses",
            yAxisID: "addresses",
          })),
        ],
      },
      options: { scales: { addresses: { position: "right", stacked: true, grid: { display: false } } } },
    },
    [
      nameColumn,
      column("value", "Giá trị", money),
      ...[...statuses].map(([status, label]) => column(`addresses-${status}`, label, number.format, (r) => r.byStatus?.get(status)?.count ?? 0)),
    ],
    rows,
  );
}

async function emulation(vars) {
  // the classes of the units under this chapter's plan for the year (none: an empty chart)
  const none = { nodes: [], pageInfo: { hasNextPage: false } };
  const at = loading;
  const { nodes: units, data, errors } = await allPages("DashboardEmulationClasses", { code: vars.code, year: vars.year }, (d) => d.chapter && (d.chapter.emulationPlans[0]?.results ?? none));
  if (at !== loading) return;
  if (errors.length) return refuse("emulation", errors[0]);
  const plan = data.chapter.emulationPlans[0];
  const byClass = new Map();
  for (const u of units) byClass.set(u.class, { code: u.class, name: u.classLabel, count: (byClass.get(u.class)?.count ?? 0) + 1 });
  const rows = [...byClass.values()];
  draw(
    "emulation",
    { type: "bar", data: { labels: rows.map((r) => r.name), datasets: [{ label: plan?.title ?? "Không có kế hoạch thi đua năm này", data: rows.map((r) => r.count), backgroundColor: "#c8102e" }] } },
    [{ field: "name", label: "Xếp loại", value: (r) => r.name }, column("count", "Số đơn vị", number.format)],
    rows,
  );
}

// ---- live: blood units and campaign progress over graphql-ws ------------------------------------

let campaignRows = [];
async function campaigns() {
  const at = loading;
  const result = await query("DashboardCampaigns", { year: state.year, first: 10 });
  if (at !== loading) return;
  if (result.errors?.length) {
    campaignRows = [];
    return refuse("campaigns", result.errors[0]);
  }
  campaignRows = result.data.campaigns.nodes;
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>Chiến dịch</th><th>Giá trị vận động</th><th>Chỉ tiêu</th><th>Tiến độ</th></tr></thead>";
  const body = table.createTBody();
  for (const c of campaignRows) {
    const tr = body.insertRow();
    tr.dataset.id = c.id;
    tr.innerHTML = '<td></td><td data-field="value">…</td><td data-field="target">—</td><td><progress max="100" value="0"></progress></td>';
    tr.cells[0].textContent = `${c.name} (${c.kindLabel})`;
  }
  $("campaigns").dataset.state = "shown";
  $("campaigns").querySelector(".table").replaceChildren(campaignRows.length ? table : Object.assign(document.createElement("p"), { className: "note", textContent: "Không có chiến dịch trong năm" }));
}

let socket = null;
/** (Re)subscribes to the chosen chapter's blood units and its campaigns; a newer choice replaces the socket. */
function live() {
  socket?.close(1000);
  const streams = [];
  if ($("blood").dataset.state === "shown")
    streams.push({
      operation: "DashboardBloodUnits",
      variables: { chapterId: state.chapter.id, year: state.year },
      next: (d) => {
        const shown = $("live");
        const changed = shown.dataset.units !== undefined && shown.dataset.units !== String(d.bloodUnits.units);
        shown.dataset.units = String(d.bloodUnits.units);
        shown.textContent = `Trực tiếp: ${decimal.format(d.bloodUnits.units)} đơn vị máu, ${number.format(d.bloodUnits.donations)} lượt hiến trong năm`;
        // a donation was recorded below this chapter: the children's blood figures are read again
        if (changed) void blood({ code: state.code, year: state.year, restated: state.restated });
      },
    });
  for (const c of campaignRows)
    streams.push({
      operation: "DashboardCampaignProgress",
      variables: { campaignId: c.id, chapterId: state.chapter.id },
      next: (d) => {
        const tr = $("campaigns").querySelector(`tr[data-id="${c.id}"]`);
        if (!tr) return;
        const p = d.campaignProgress;
        const target = p.target ? Number(p.target.value) : null;
        Object.assign(tr.querySelector('[data-field="value"]'), { textContent: money(Number(p.value)) }).dataset.value = String(p.value);
        tr.querySelector('[data-field="target"]').textContent = target == null ? "—" : money(target);
        tr.querySelector("progress").value = target ? Math.min(100, (100 * Number(p.value)) / target) : 0;
      },
    });
  if (!streams.length) return;
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${config.endpoint}`, "graphql-transport-ws");
  socket = ws;
  const send = (message) => ws.send(JSON.stringify(message));
  ws.onopen = () => send({ type: "connection_init", payload: { authorization: `Bearer ${token}` } });
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      document.body.dataset.live = "yes";
      streams.forEach((s, i) =>
        send({ id: String(i), type: "subscribe", payload: { query: "", variables: s.variables, extensions: { persistedQuery: { version: 1, sha256Hash: config.operations[s.operation] } } } }),
      );
    } else if (message.type === "ping") send({ type: "pong" });
    else if (message.type === "next" && message.payload.data) streams[Number(message.id)]?.next(message.payload.data);
  };
  ws.onclose = (event) => {
    document.body.dataset.live = "no";
    if (socket === ws && event.code !== 1000 && event.code !== 4403) setTimeout(() => socket === ws && live(), 2_000); // a blip: subscribe again
  };
}

if (!token) $("status").textContent = "Chưa có mã truy cập: mở trang với #token=… (npm run token)";
else load();
