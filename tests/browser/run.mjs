// Reads the built dossier as a reader would, in Debian's Chromium driven by
// playwright-core: from file:// (public/, as `cargo run --release -- build`
// writes it) and over HTTP from 127.0.0.1 under a sub-path (/repo/), as
// GitHub Pages serves a project site. On every page: no console error, no
// uncaught exception, no failed request.
//
//   node run.mjs            (from tests/browser, after the build)
//
// Environment: SITE (default ../../public), DOSSIER (the binary, default
// ../../target/release/dossier), CONTENT (../../content), SCREENSHOTS
// (../../screenshots), CHROMIUM (/usr/bin/chromium).
//
// Ends with "N passed, N failed" and a non-zero exit status on any failure.

import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const SITE = resolve(process.env.SITE ?? join(repo, "public"));
const DOSSIER = resolve(process.env.DOSSIER ?? join(repo, "target/release/dossier"));
const CONTENT = resolve(process.env.CONTENT ?? join(repo, "content"));
const SCREENSHOTS = resolve(process.env.SCREENSHOTS ?? join(repo, "screenshots"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Real content of the bundled dossier.
const PERSON = { list: "Pak Myong Ho", page: "people/pak-myong-ho.html" };
const ARTICLE = "articles/afp-pak-myong-ho-mongolia-2024.html";
const PHRASE = "an old friend";
const PHRASE_ARTICLE = "articles/diplomat-why-pak-visited-ulaanbaatar-2024.html";

const STEP_TIMEOUT = 15_000;
const WHOLE_RUN_TIMEOUT = 300_000;

const watchdog = setTimeout(() => {
  console.error(`browser test: still running after ${WHOLE_RUN_TIMEOUT / 1000}s, giving up`);
  process.exit(1);
}, WHOLE_RUN_TIMEOUT);

let passed = 0;
let failed = 0;

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split("\n").join("\n     ")}`);
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** A page that records every console error, page error and failed request. */
async function openPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT);
  page.problems = [];
  page.expectedStatus = new Set();
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => page.problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A load cut short by the next navigation (a favicon, say) is no failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") {
      page.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !page.expectedStatus.has(r.url())) {
      page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  return page;
}

function noProblems(page) {
  const problems = page.problems.splice(0);
  assert(problems.length === 0, `problems on the way:\n  ${problems.join("\n  ")}`);
}

/** Where the page is, relative to the site's root URL. */
function where(page, root) {
  const url = new URL(page.url());
  return url.href.slice(root.length).replace(url.hash, "");
}

/** The reader's path and the search, from the site whose root URL is `root`. */
async function readerChecks(label, context, root, base, shots) {
  const page = await openPage(context);

  await check(`${label}: front page → people → ${PERSON.list}`, async () => {
    await page.goto(root + "index.html");
    assert((await page.locator("h1").first().textContent()).includes("North Korea"), "front page title");
    if (shots) await page.screenshot({ path: join(shots, "front-page.png") });
    await page.locator(".counts a", { hasText: "People" }).click();
    await page.waitForURL(/people\/index\.html$/);
    await page.getByRole("link", { name: PERSON.list, exact: true }).first().click();
    await page.waitForURL((url) => url.href.endsWith(PERSON.page));
    assert((await page.locator(".page-header h1").textContent()) === PERSON.list, "person page heading");
    if (shots) await page.screenshot({ path: join(shots, "person.png") });
    noProblems(page);
  });

  await check(`${label}: the timeline and a person's map are drawn and link to pages`, async () => {
    await page.goto(root + "timeline.html");
    const timeline = page.locator("figure.picture-timeline");
    await timeline.locator("svg.dossier-timeline").waitFor();
    const marks = await timeline.locator("svg.dossier-timeline a").count();
    assert(marks > 10, `timeline marks: ${marks}`);
    if (shots) await timeline.screenshot({ path: join(shots, "timeline.png") });
    await page.goto(root + PERSON.page);
    const map = page.locator("section.who-deals figure.picture-map");
    const nodes = await map.locator("svg.dossier-map a").count();
    assert(nodes > 2, `map nodes: ${nodes}`);
    if (shots) await map.screenshot({ path: join(shots, "person-map.png") });
    noProblems(page);
  });

  let paragraph = "";
  await check(`${label}: person → article → the cited paragraph`, async () => {
    const source = page.locator("li.source", { has: page.locator(`a[href="../${ARTICLE}"]`) });
    const cited = source.locator("a.pref").first();
    const href = await cited.getAttribute("href");
    const passage = (await cited.locator("xpath=..").textContent()).replace(/^\s*¶\d+\s*/, "").trim();
    await cited.click();
    await page.waitForURL((url) => url.href.endsWith(href.replace("../", "")));
    paragraph = new URL(page.url()).hash.slice(1);
    assert(/^p\d+$/.test(paragraph), `lands on a paragraph: ${page.url()}`);
    const target = await page.evaluate(() => {
      const t = document.querySelector(":target");
      if (!t) return null;
      const box = t.getBoundingClientRect();
      return { id: t.id, text: t.textContent, top: box.top, height: window.innerHeight };
    });
    assert(target && target.id === paragraph, `:target is #${paragraph}`);
    assert(target.top >= -1 && target.top < target.height, "the paragraph is in view");
    const sentence = passage.slice(0, 40);
    assert(target.text.replace(/\s+/g, " ").includes(sentence), `the paragraph holds "${sentence}"`);
    if (shots) {
      await page.screenshot({ path: join(shots, "cited-paragraph.png") });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, "article.png") });
      await page.evaluate((id) => document.getElementById(id).scrollIntoView(), paragraph);
    }
    noProblems(page);
  });

  await check(`${label}: the article cites itself and its paragraph`, async () => {
    const path = where(page, root);
    assert(path === ARTICLE, `on ${ARTICLE}, not ${path}`);
    assert((await page.locator("#cite-permalink").textContent()) === base + ARTICLE, "permalink");
    assert((await page.locator("link[rel=canonical]").getAttribute("href")) === base + ARTICLE, "canonical");
    const pnum = page.locator(`a.pnum[href="#${paragraph}"]`);
    const permalink = `${base}${ARTICLE}#${paragraph}`;
    assert((await pnum.getAttribute("data-permalink")) === permalink, "paragraph permalink");
    const copyParagraph = pnum.locator("xpath=following-sibling::button[contains(@class, 'copy-link')]");
    assert((await copyParagraph.getAttribute("title")) === `Copy ${permalink}`, "the paragraph's copy button");
    await copyParagraph.click();
    await page.waitForFunction(
      (id) => document.querySelector(`a.pnum[href="#${id}"] + button.copy-link`).textContent === "Copied",
      paragraph,
    );
    const copy = page.locator("button[data-copy=cite-permalink]");
    assert(await copy.isVisible(), "the copy button shows with JavaScript");
    await copy.click();
    await page.waitForFunction(
      () => document.querySelector("button[data-copy=cite-permalink]").textContent === "Copied",
    );
    noProblems(page);
  });

  await check(`${label}: printed, the article keeps text, numbers and notes, not navigation`, async () => {
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => {
      const visible = (css) => {
        const e = document.querySelector(css);
        return !!e && getComputedStyle(e).display !== "none";
      };
      return {
        nav: visible(".site-header"),
        title: visible(".page-header h1"),
        source: visible(".source-block"),
        number: visible(".pnum"),
        note: visible(".block-notes .note"),
        copy: [...document.querySelectorAll("button.copy")].some((b) => getComputedStyle(b).display !== "none"),
      };
    });
    await page.emulateMedia({ media: "screen" });
    assert(!shown.nav && !shown.copy, `navigation and buttons hidden: ${JSON.stringify(shown)}`);
    assert(shown.title && shown.source && shown.number && shown.note, `kept: ${JSON.stringify(shown)}`);
    noProblems(page);
  });

  await check(`${label}: search finds "${PHRASE}" and opens its paragraph`, async () => {
    await page.locator(".site-nav a", { hasText: "Search" }).click();
    await page.waitForURL(/search\.html/);
    await page.locator("#search-query").fill(PHRASE);
    const first = page.locator("#search-results li.result").first();
    await first.waitFor();
    const link = first.locator("a");
    const href = await link.getAttribute("href");
    assert(href.startsWith(PHRASE_ARTICLE + "#p"), `first result is a paragraph of ${PHRASE_ARTICLE}: ${href}`);
    assert((await first.locator(".result-kind").textContent()).startsWith("Article"), "result kind");
    const marks = await first.locator(".result-snippet mark").allTextContents();
    assert(marks.map((m) => m.toLowerCase()).includes("friend"), `snippet marks the words: ${marks}`);
    if (shots) await page.screenshot({ path: join(shots, "search.png") });
    await link.click();
    await page.waitForURL((url) => url.href.endsWith(href));
    const text = await page.evaluate(() => document.querySelector(":target")?.textContent ?? "");
    assert(text.includes(PHRASE), `the opened paragraph holds "${PHRASE}"`);
    noProblems(page);
  });

  await check(`${label}: the header's search box opens results from any page`, async () => {
    await page.goto(root + PERSON.page);
    await page.locator(".site-search input").fill("Ulaanbaatar");
    await page.locator(".site-search input").press("Enter");
    await page.waitForURL(/search\.html\?q=Ulaanbaatar/);
    await page.locator("#search-results li.result").first().waitFor();
    const status = await page.locator("#search-status").textContent();
    assert(/\d+ passages? holds? every word/.test(status), status);
    noProblems(page);
  });

  await check(`${label}: print.html, sitemap and feed load`, async () => {
    await page.goto(root + "print.html");
    const articles = await page.locator("article.print-article").count();
    assert(articles === 5, `5 articles in print.html, not ${articles}`);
    const link = page.locator(`#article-afp-pak-myong-ho-mongolia-2024--p2 a.mention`).first();
    const anchor = await link.getAttribute("href");
    assert(anchor.startsWith("#"), `mentions link within the page: ${anchor}`);
    await link.click();
    assert(page.url().endsWith(anchor), "follows a mention within print.html");
    for (const [file, element] of [["sitemap.xml", "urlset"], ["feed.xml", "feed"]]) {
      await page.goto(root + file);
      // Chromium shows XML in its viewer, which keeps the parsed document.
      const name = await page.evaluate(
        () =>
          document.getElementById("webkit-xml-viewer-source-xml")?.firstElementChild?.localName ??
          document.documentElement.localName,
      );
      assert(name === element, `${file} is XML with <${element}>: <${name}>`);
    }
    // The XML viewer asks for the host's /favicon.ico (the site's pages name
    // their own icon); on GitHub Pages that is another site's business.
    page.problems = page.problems.filter((p) => !p.includes("/favicon.ico"));
    noProblems(page);
  });

  await page.close();
}

/** Serves `dir` under `/repo/` on 127.0.0.1; anything else is 404, and a
 * missing file under /repo/ gets 404.html, as GitHub Pages does. */
function serve(dir) {
  const types = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, file) => {
      res.writeHead(status, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    };
    if (!url.pathname.startsWith("/repo/")) {
      res.writeHead(404).end("not found");
      return;
    }
    const file = resolve(dir, "." + decodeURIComponent(url.pathname.slice("/repo".length)));
    let isFile = false;
    try {
      isFile = (file === dir || file.startsWith(dir + sep)) && statSync(file).isFile();
    } catch {
      isFile = false;
    }
    if (isFile) send(200, file);
    else send(404, join(dir, "404.html"));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

async function main() {
  assert(statSync(join(SITE, "index.html")).isFile(), `${SITE}/index.html: build the site first`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const newContext = () =>
    browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, reducedMotion: "reduce" });
  let server;
  const scratch = mkdtempSync(join(tmpdir(), "dossier-browser-"));
  try {
    const fileRoot = pathToFileURL(SITE).href + "/";
    const fileBase = readFileSync(join(SITE, "index.html"), "utf8").match(/rel="canonical" href="([^"]*)index\.html"/)[1];
    const fileContext = await newContext();
    await readerChecks("file://", fileContext, fileRoot, fileBase, SCREENSHOTS);
    await fileContext.close();

    // The same site over HTTP under /repo/, built for that address.
    server = await serve(join(scratch, "public"));
    const root = `http://127.0.0.1:${server.address().port}/repo/`;
    const build = spawnSync(
      DOSSIER,
      ["build", "--content", CONTENT, "--output", join(scratch, "public"), "--base-url", root],
      { encoding: "utf8", timeout: 120_000 },
    );
    assert(build.status === 0, `dossier build --base-url ${root} failed:\n${build.stderr}`);
    const httpContext = await newContext();
    await readerChecks("http /repo/", httpContext, root, root, null);

    await check("http /repo/: a missing page gets 404.html, which works at any depth", async () => {
      const page = await openPage(httpContext);
      const missing = root + "no/such/page.html";
      page.expectedStatus.add(missing);
      const response = await page.goto(missing);
      assert(response.status() === 404, `status ${response.status()}`);
      // Chromium reports the 404 document itself as a console error: expected.
      page.problems = page.problems.filter((p) => !p.includes("404") || !p.startsWith("console error"));
      assert((await page.locator("h1").textContent()) === "Page not found", "404 heading");
      const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      assert(/Georgia|serif/.test(styled), `the stylesheet loaded: ${styled}`);
      await page.getByRole("link", { name: "The front page" }).click();
      await page.waitForURL(root + "index.html");
      noProblems(page);
      await page.close();
    });
    await httpContext.close();
  } finally {
    await browser.close();
    server?.close();
    rmSync(scratch, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

try {
  await main();
} catch (error) {
  failed++;
  console.log(`FAIL setting up: ${error?.stack ?? error}`);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
