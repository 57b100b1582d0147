// The conference screen's script (EM-LIVE). No build step and no library: a small client of the
// graphql-ws protocol that sends only registered operations (by id), reconnects with backoff and
// resubscribes (every stream starts with the current figures), and never clears what is shown —
// during a blip the last figures stay up with a discreet "Đang kết nối lại…".
const config = JSON.parse(document.getElementById("config").textContent);
const statusEl = document.getElementById("status");

// the token arrives in the fragment (never sent to a server, never in logs) and survives reloads
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) {
  sessionStorage.setItem("chapters-screen-token", fromHash);
  history.replaceState(null, "", location.pathname);
}
const token = fromHash || sessionStorage.getItem("chapters-screen-token");

function claimsOf(jwt) {
  try {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return { grants: [] };
  }
}
const grants = token ? claimsOf(token).grants || [] : [];
const granted = (kind) => grants.filter((g) => g.startsWith(`${kind}:`)).map((g) => g.slice(kind.length + 1));

function showStatus(text, kind = "info") {
  statusEl.textContent = text;
  statusEl.className = text ? `visible ${kind}` : "";
}

const number = new Intl.NumberFormat("vi-VN");
const money = (n) => `${number.format(Math.round(n))} ₫`;
const decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

/** Counts a figure up (or down) to its new value; data-value holds the value being shown. */
function countTo(el, target, format) {
  const from = Number(el.dataset.value ?? 0);
  el.dataset.value = String(target);
  if (from === target) return void (el.textContent = format(target));
  const started = performance.now();
  const step = (now) => {
    if (el.dataset.value !== String(target)) return; // a newer figure took over
    const k = Math.min(1, (now - started) / 1200);
    el.textContent = format(from + (target - from) * (1 - (1 - k) ** 3));
    if (k < 1) requestAnimationFrame(step);
    else el.textContent = format(target);
  };
  requestAnimationFrame(step);
}

function card(id, title, figures) {
  const el = document.createElement("section");
  el.className = "card";
  el.id = id;
  el.innerHTML = `<h2 data-field="title">${title}</h2><div class="sub" data-field="sub"></div>
    <div class="main-figure" data-field="${figures[0][0]}">—</div><div class="main-label">${figures[0][1]}</div>
    <div class="bar"><div data-field="bar"></div></div>
    <div class="row">${figures
      .slice(1)
      .map(([field, label]) => `<div><div class="figure" data-field="${field}">—</div><div class="label">${label}</div></div>`)
      .join("")}</div>`;
  document.getElementById("figures").append(el);
  return (field) => el.querySelector(`[data-field="${field}"]`);
}

const streams = [];
// campaign and drive cards share the page with the ceremony's stage
if (granted("campaign").length || granted("blood-drive").length) document.body.classList.add("with-figures");

for (const campaignId of granted("campaign")) {
  const field = card(`campaign-${campaignId}`, "Chiến dịch nhân đạo", [
    ["value", "Tổng giá trị vận động"],
    ["supports", "Lượt hỗ trợ"],
    ["addressesSupported", "Địa chỉ nhân đạo được hỗ trợ"],
    ["peopleHelped", "Người được giúp đỡ"],
  ]);
  streams.push({
    operation: config.operations.campaign,
    variables: { campaignId },
    next(data) {
      const p = data.campaignProgress;
      field("title").textContent = p.campaign.name;
      field("sub").textContent = `${p.campaign.kindLabel} · ${p.chapter?.name ?? ""}`;
      countTo(field("value"), Number(p.value), money);
      countTo(field("supports"), p.supports, (n) => number.format(Math.round(n)));
      countTo(field("addressesSupported"), p.addressesSupported, (n) => number.format(Math.round(n)));
      countTo(field("peopleHelped"), p.peopleHelped, (n) => number.format(Math.round(n)));
      const target = Number(p.target?.value ?? 0);
      field("bar").style.width = target > 0 ? `${Math.min(100, (100 * Number(p.value)) / target)}%` : "0";
    },
  });
}

for (const driveId of granted("blood-drive")) {
  const field = card(`drive-${driveId}`, "Hiến máu tình nguyện", [
    ["units", "Đơn vị máu đã tiếp nhận"],
    ["donations", "Lượt hiến máu"],
    ["targetUnits", "Chỉ tiêu (đơn vị)"],
  ]);
  streams.push({
    operation: config.operations.drive,
    variables: { driveId },
    next(data) {
      const p = data.bloodDriveProgress;
      field("title").textContent = p.drive.name;
      field("sub").textContent = `${p.drive.kindLabel} · ${p.drive.chapter?.name ?? ""}`;
      countTo(field("units"), p.units, (n) => decimal.format(n));
      countTo(field("donations"), p.donations, (n) => number.format(Math.round(n)));
      countTo(field("targetUnits"), p.drive.targetUnits, (n) => number.format(Math.round(n)));
      field("bar").style.width = `${Math.min(100, (100 * p.units) / Math.max(1, p.drive.targetUnits))}%`;
    },
  });
}

// Honourees of the ceremony, as they are announced (emulation's ceremonyHonours): every stream
// starts with everyone announced so far, so a late or reconnected screen shows the whole list.
// The one announced last takes the centre (#stage); everyone joins the list, newest on top, under
// a count of the programme's honourees announced so far. A ceremony named by a slug rather than a
// conference id has figures only, no honouring list.
const honourees = document.getElementById("honourees");
const stage = document.getElementById("stage");
const stageField = (name) => stage.querySelector(`[data-field="${name}"]`);
const CONFERENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the hall reads under the name: the movement's title if one is awarded, else the form of commendation. */
const honourOf = (h) => h.titleLabel ?? h.commendation ?? "";

function showOnStage(h, conference) {
  // the honouree's own chapter; its name comes from organization and may follow by an event
  const chapter = h.chapter?.name ?? conference.chapter?.name;
  if (chapter) stageField("chapter").textContent = chapter;
  if (stage.dataset.id === h.id) return;
  stage.dataset.id = h.id;
  stage.className = "";
  void stage.offsetWidth; // restart the arrival animation for each new name
  stage.className = "arrived";
  stageField("kind").textContent = `${h.kindLabel} · ${conference.levelLabel}`;
  stageField("name").textContent = h.name;
  stageField("honour").textContent = honourOf(h);
  stageField("citation").textContent = h.citation;
}

/** Hides whole the list's names that do not fit its box (oldest last), and says how many. */
function fitList() {
  const items = [...honourees.querySelectorAll("li[data-id]")];
  items.forEach((li) => li.classList.remove("overflow"));
  const bottom = honourees.getBoundingClientRect().bottom;
  const hidden = items.filter((li) => li.getBoundingClientRect().bottom > bottom + 1);
  hidden.forEach((li) => li.classList.add("overflow"));
  document.getElementById("more").textContent = hidden.length ? `và ${number.format(hidden.length)} người, tập thể khác` : "";
}
addEventListener("resize", fitList);

if (config.operations.honours && CONFERENCE_ID.test(config.ceremonyId)) {
  streams.push({
    operation: config.operations.honours,
    variables: { ceremonyId: config.ceremonyId },
    next(data) {
      const honours = data.ceremonyHonours;
      if (!honours) return;
      document.querySelector("h1").textContent = honours.conference.title;
      document.getElementById("count").textContent = `Đã xướng tên ${number.format(honours.announcedCount)}/${number.format(honours.totalCount)}`;
      const shown = new Set([...honourees.querySelectorAll("li[data-id]")].map((li) => li.dataset.id));
      if (honours.honourees.length) honourees.querySelector(".waiting")?.remove();
      for (const h of honours.honourees) {
        if (shown.has(h.id)) continue;
        const li = document.createElement("li");
        li.dataset.id = h.id;
        li.textContent = h.name;
        const what = document.createElement("small");
        what.textContent = [h.kindLabel, honourOf(h), h.chapter?.name].filter(Boolean).join(" · ");
        li.append(what);
        honourees.querySelector(".latest")?.classList.remove("latest");
        li.className = "latest";
        honourees.prepend(li); // the newest on top, where the hall looks
      }
      const latest = honours.honourees.at(-1); // announcement order: the last is on stage
      if (latest) showOnStage(latest, honours.conference);
      fitList();
    },
  });
}

if (!token) showStatus("Chưa có mã màn hình: mở trang với #token=…", "error");
else if (!granted("ceremony").includes(config.ceremonyId)) showStatus("Mã màn hình này không dành cho buổi lễ này", "error");
else connect();

let backoff = 1000;
function connect() {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${config.endpoint}`;
  const socket = new WebSocket(url, "graphql-transport-ws");
  let acknowledged = false;
  const send = (message) => socket.send(JSON.stringify(message));
  socket.onopen = () => send({ type: "connection_init", payload: { authorization: `Bearer ${token}` } });
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      acknowledged = true;
      backoff = 1000;
      showStatus("");
      document.body.dataset.live = "yes";
      streams.forEach((stream, i) =>
        send({ id: String(i), type: "subscribe", payload: { query: "", variables: stream.variables, extensions: { persistedQuery: { version: 1, sha256Hash: stream.operation } } } }),
      );
    } else if (message.type === "ping") send({ type: "pong" });
    else if (message.type === "next") {
      const stream = streams[Number(message.id)];
      if (message.payload.data) stream?.next(message.payload.data);
      const code = message.payload.errors?.[0]?.extensions?.code;
      if (code === "UNAUTHENTICATED") showStatus("Mã màn hình đã hết hạn: cần mã mới", "error");
    } else if (message.type === "error") {
      showStatus("Một phần màn hình không được phép hiển thị", "error");
    }
  };
  socket.onclose = (event) => {
    document.body.dataset.live = "no";
    if (event.code === 4403) return showStatus("Mã màn hình không hợp lệ hoặc đã hết hạn", "error");
    showStatus("Đang kết nối lại…");
    setTimeout(connect, acknowledged ? 1000 : backoff);
    backoff = Math.min(backoff * 2, 10_000);
  };
}
