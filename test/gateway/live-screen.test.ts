// The conference screen in a real headless Chromium (EM-LIVE): /screen/<ceremony>
// served by the gateway, authenticated by a SCREEN token for that ceremony and its campaign and
// drive, running only registered operations. A support recorded through the gateway makes the
// new total count up on the page; the page keeps its figures and says "Đang kết nối lại…" while
// the gateway is down, and recovers on its own when the gateway is back.
// Set SCREEN_SCREENSHOT=docs/screen.png to refresh the screenshot in docs/live-and-screens.md, and
// SCREEN_SCREENSHOTS=docs to refresh docs/screen-<size>.png (the hall sizes below).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { signDevUserToken } from "@chapters/core";
import { startGateway, type RunningGateway } from "@chapters/gateway";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { launchChromium, watchFailures } from "../support/chromium.ts";
import { announce, campaignForScreen, ceremonyWithHonourees, createDrive, donateAtDrive, liveIds, supportUnderCampaign } from "../support/live-data.ts";


let t: TestStack;
let ids: Map<string, string>;
let browser: Browser | null = null;
let restartedGateway: RunningGateway | null = null;

beforeAll(async () => {
  t = await startTestStack();
  ids = await liveIds(t);
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await restartedGateway?.stop();
  await t?.stop();
});

const base = () => t.url.replace(/\/graphql$/, "");
const field = (page: Page, card: string, name: string) => page.locator(`#${card} [data-field="${name}"]`);

/** The hall sizes the screen must fill: full HD, HD, and a 4:3 projector. */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

/** What is cut or overlapping on the page: each text box inside the viewport and inside its
 * panel (no text clipped by an overflow), and the stage, the figure cards and the list apart. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const box = (el: Element) => el.getBoundingClientRect();
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}[${(el.textContent ?? "").slice(0, 30)}]`;
    const visible = (el: Element) => box(el).width > 0 && box(el).height > 0 && getComputedStyle(el).display !== "none";
    const inside = (inner: DOMRect, outer: DOMRect) =>
      inner.left >= outer.left - 1 && inner.top >= outer.top - 1 && inner.right <= outer.right + 1 && inner.bottom <= outer.bottom + 1;
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const viewport = new DOMRect(0, 0, innerWidth, innerHeight);
    const panels = [...document.querySelectorAll("header, #stage, .card, aside")].filter(visible);
    for (const panel of panels) if (!inside(box(panel), viewport)) problems.push(`${name(panel)} leaves the page`);
    for (const [i, a] of panels.entries()) for (const b of panels.slice(i + 1)) if (overlap(box(a), box(b))) problems.push(`${name(a)} overlaps ${name(b)}`);
    const texts = [...document.querySelectorAll("h1, .org, #stage [data-field], .card [data-field], .card .main-label, .card .label, aside h2, #count, #honourees li, #more")].filter(visible);
    for (const text of texts) {
      const panel = text.closest("header, #stage, .card, aside")!;
      if (!inside(box(text), box(panel))) problems.push(`${name(text)} is cut by ${name(panel)}`);
      if (text.scrollWidth > text.clientWidth + 1) problems.push(`${name(text)} is wider than its box`);
    }
    return problems;
  });
}

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

  it("EM-LIVE EM-CONFERENCE EM-TITLES: the honouree just announced takes the centre of the screen — name, title or form of commendation, its chapter, its achievements — then joins the list under the count announced, at 1920×1080, 1280×720 and 1024×768; with figures granted too they share the page; nothing cut or overlapping, no request fails", async () => {
    // each honouree with its own chapter (a ward of Bắc Ninh, or the province's by default) and a title or a form of commendation
    const honours = [
      { name: "Nguyễn Thị Hòa", chapter: "BN.PTS", title: "GOOD_PERSON_GOOD_DEED" as const, honour: "Người tốt, việc thiện" },
      { name: "Chi hội Chữ thập đỏ thôn Đông Xuyên, xã Phù Lãng", chapter: "BN.PTS", title: "CARING_COMMUNITY" as const, honour: "Cộng đồng nhân ái" },
      { name: "Trần Văn Hưởng", commendation: "Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam", honour: "Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam" },
      { name: "Lê Thị Ngọc Ánh", honour: "" },
    ];
    const names = honours.map((h) => h.name);
    const ceremony = await ceremonyWithHonourees(t, ids, "BN", honours.map(({ honour: _shown, ...spec }) => spec));
    const chapterNames = await t.query(`{ ward: chapter(code: "BN.PTS") { name } province: chapter(code: "BN") { name } }`, {}, { chapter: "TW", role: "VIEWER" });
    expect(chapterNames.errors).toBeUndefined();
    const chapterOf = (h: (typeof honours)[number]) => ("chapter" in h ? chapterNames.data.ward.name : chapterNames.data.province.name) as string;
    expect(chapterNames.data.ward.name).not.toBe(chapterNames.data.province.name);
    const campaign = await campaignForScreen(t, ids);
    const driveId = await createDrive(t, ids, "BN.PTS", "2026-09-07");
    const ceremonyOnly = await signDevUserToken({ chapter: "BN", role: "SCREEN", grants: [`ceremony:${ceremony.conferenceId}`] });
    const withFigures = await signDevUserToken({ chapter: "TW", role: "SCREEN", grants: [`ceremony:${ceremony.conferenceId}`, `campaign:${campaign.campaignId}`, `blood-drive:${driveId}`] });
    const failed: string[] = [];
    const pages: { page: Page; size: (typeof SIZES)[number]; figures: boolean }[] = [];
    for (const size of SIZES)
      for (const [figures, token] of [[false, ceremonyOnly], [true, withFigures]] as const) {
        const page = await browser!.newPage({ viewport: size });
        watchFailures(page, failed);
        await page.goto(`${base()}/screen/${ceremony.conferenceId}#token=${token}`);
        await expect.poll(() => page.locator("h1").textContent(), { timeout: 60_000 }).toBe(ceremony.title);
        pages.push({ page, size, figures });
      }

    for (const [i, honouree] of ceremony.honourees.slice(0, 3).entries()) {
      await announce(t, "BN", honouree);
      for (const { page, size, figures } of pages) {
        const where = `${size.width}×${size.height}${figures ? " with figures" : ""}`;
        await expect.poll(() => page.locator("#stage").getAttribute("data-id"), { timeout: 60_000, message: where }).toBe(honouree);
        // the diacritics come through as typed (NFC), not decomposed or replaced
        expect(await page.locator('#stage [data-field="name"]').textContent()).toBe(names[i]);
        // the honouree's own chapter comes from organization: it may follow the name by an event under load
        await expect.poll(() => page.locator('#stage [data-field="chapter"]').textContent(), { timeout: 30_000, message: where }).toBe(chapterOf(honours[i]!));
        expect(await page.locator('#stage [data-field="honour"]').textContent(), where).toBe(honours[i]!.honour);
        expect(await page.locator('#stage [data-field="honour"]').isVisible(), where).toBe(true);
        expect(await page.locator('#stage [data-field="citation"]').textContent()).toBe("Người tốt, việc tốt trong hoạt động nhân đạo");
        expect(await page.locator("#count").textContent()).toBe(`Đã xướng tên ${i + 1}/${names.length}`);
        await expect.poll(() => page.locator("#honourees li[data-id]").first().getAttribute("data-id"), { timeout: 30_000 }).toBe(honouree);
        // the centre is read from the back of the hall: its name is set far larger than the list's
        const [stageSize, listSize] = await Promise.all(
          ['#stage [data-field="name"]', "#honourees li[data-id]"].map((selector) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))),
        );
        expect(stageSize, where).toBeGreaterThanOrEqual(2 * listSize!);
        expect(stageSize, where).toBeGreaterThanOrEqual(size.height / 22);
        if (figures) expect(await page.locator(`#campaign-${campaign.campaignId}`).isVisible(), where).toBe(true);
        await page.waitForTimeout(2_200); // the list's arrival animation ends before boxes are measured
        expect(await layoutProblems(page), where).toEqual([]);
      }
    }
    for (const { page, size, figures } of pages) {
      if (process.env.SCREEN_SCREENSHOTS) {
        mkdirSync(process.env.SCREEN_SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(process.env.SCREEN_SCREENSHOTS, `screen-${size.width}x${size.height}${figures ? "-figures" : ""}.png`) });
      }
      expect(await page.locator("#status").textContent()).toBe("");
      await page.close();
    }
    expect(failed).toEqual([]);
  }, 300_000);
});

