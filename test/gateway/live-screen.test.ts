// The conference screen in a real headless Chromium (EM-LIVE): /screen/<ceremony>
// served by the gateway, authenticated by a SCREEN token for that ceremony and its campaign and
// drive, running only registered operations. A support recorded through the gateway makes the
// new total count up on the page; the page keeps its figures and says "Đang kết nối lại…" while
// the gateway is down, and recovers on its own when the gateway is back.
// Set SCREEN_SCREENSHOT=docs/screen.png to refresh the screenshot in docs/live-and-screens.md.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { signDevUserToken } from "@chapters/core";
import { startGateway, type RunningGateway } from "@chapters/gateway";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { announce, campaignForScreen, ceremonyWithHonourees, createDrive, donateAtDrive, liveIds, supportUnderCampaign } from "../support/live-data.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let t: TestStack;
let ids: Map<string, string>;
let browser: Browser | null = null;
let restartedGateway: RunningGateway | null = null;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  t = await startTestStack();
  ids = await liveIds(t);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await restartedGateway?.stop();
  await t?.stop();
});

const base = () => t.url.replace(/\/graphql$/, "");
const field = (page: Page, card: string, name: string) => page.locator(`#${card} [data-field="${name}"]`);

describe("EM-LIVE the conference screen", () => {
  it("EM-LIVE: the screen counts a campaign's new total up after a support recorded through the gateway, and recovers after a gateway restart", async () => {
    const campaign = await campaignForScreen(t, ids);
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-09-06");
    const token = await signDevUserToken({ chapter: "TW", role: "SCREEN", grants: ["ceremony:gala-2026", `campaign:${campaign.campaignId}`, `blood-drive:${driveId}`] });
    const page = await browser!.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${base()}/screen/gala-2026#token=${token}`);

    const value = field(page, `campaign-${campaign.campaignId}`, "value");
    await expect.poll(() => page.locator("body").getAttribute("data-live"), { timeout: 60_000 }).toBe("yes");
    await expect.poll(() => value.getAttribute("data-value"), { timeout: 60_000 }).toBe("0");
    await expect.poll(() => field(page, `campaign-${campaign.campaignId}`, "title").textContent(), { timeout: 30_000 }).toBe("Tết Nhân ái 2026");

    await supportUnderCampaign(t, ids, campaign, 2_500_000);
    await expect.poll(() => value.getAttribute("data-value"), { timeout: 60_000 }).toBe("2500000");
    await expect.poll(() => value.textContent(), { timeout: 30_000 }).toBe("2.500.000 ₫");
    await donateAtDrive(t, ids, driveId, "BN.PTS", "2026-09-06");
    await expect.poll(() => field(page, `drive-${driveId}`, "donations").getAttribute("data-value"), { timeout: 60_000 }).toBe("1");

    if (process.env.SCREEN_SCREENSHOT) {
      await page.waitForTimeout(1_500); // let the count-up finish for the picture
      mkdirSync(path.dirname(process.env.SCREEN_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: process.env.SCREEN_SCREENSHOT });
    }

    // the gateway goes away: the figures stay, a discreet notice says it is reconnecting
    const port = t.stack.gateway.port;
    await t.stack.gateway.stop();
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toBe("Đang kết nối lại…");
    expect(await value.textContent()).toBe("2.500.000 ₫");

    restartedGateway = await startGateway({
      port,
      subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })),
      limits: { ratePerWindow: 1_000_000 },
    });
    await expect.poll(() => page.locator("body").getAttribute("data-live"), { timeout: 60_000 }).toBe("yes");
    await supportUnderCampaign(t, ids, campaign, 1_200_000);
    await expect.poll(() => value.getAttribute("data-value"), { timeout: 60_000 }).toBe("3700000");
    await expect.poll(() => value.textContent(), { timeout: 30_000 }).toBe("3.700.000 ₫");
    expect(await page.locator("#status").textContent()).toBe("");
    await page.close();
  }, 240_000);

  it("EM-LIVE: each honouree appears on the screen as announced through the gateway, newest on top; a screen that connects late shows everyone announced so far", async () => {
    const ceremony = await ceremonyWithHonourees(t, ids, "BN", ["Nguyễn Thị Hòa", "Chi hội Chữ thập đỏ thôn Đông"]);
    const [first, second] = ceremony.honourees;
    const token = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: [`ceremony:${ceremony.conferenceId}`] });
    const page = await browser!.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${base()}/screen/${ceremony.conferenceId}#token=${token}`);
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 60_000 }).toBe(ceremony.title);
    expect(await page.locator("#honourees li.waiting").count()).toBe(1);

    await announce(t, "BN", first!);
    await expect.poll(() => page.locator("#honourees li[data-id]").count(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator(`#honourees li[data-id="${first}"]`).textContent()).toContain("Nguyễn Thị Hòa");
    expect(await page.locator("#honourees li.waiting").count()).toBe(0);
    await announce(t, "BN", second!);
    await expect.poll(() => page.locator("#honourees li[data-id]").first().getAttribute("data-id"), { timeout: 60_000 }).toBe(second);

    const late = await browser!.newPage();
    await late.goto(`${base()}/screen/${ceremony.conferenceId}#token=${token}`);
    await expect.poll(() => late.locator("#honourees li[data-id]").count(), { timeout: 60_000 }).toBe(2);
    expect(await page.locator("#status").textContent()).toBe("");
    await late.close();
    await page.close();
  }, 180_000);

  it("EM-LIVE: a screen token for another ceremony shows why instead of figures; the page is never blank", async () => {
    const token = await signDevUserToken({ chapter: "TW", role: "SCREEN", grants: ["ceremony:other-hall"] });
    const page = await browser!.newPage();
    await page.goto(`${base()}/screen/gala-2026#token=${token}`);
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 30_000 }).toBe("Mã màn hình này không dành cho buổi lễ này");
    expect(await page.locator("h1").textContent()).toContain("Lễ tôn vinh");
    await page.close();
  });
});
