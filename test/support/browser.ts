/**
 * What the console's browser tests share: Debian's Chromium driven by playwright-core (nothing
 * downloads a browser), a suite that says plainly when it cannot run, and the clerk's moves on a
 * page (sign in as a demo user, pick an antd Select option, take a screenshot).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { ensureConsoleBuilt } from '../../scripts/console-build';

export const CHROMIUM = '/usr/bin/chromium';
/** Written by every browser test, git-ignored; docs/screenshots/ keeps a chosen set. */
export const SCREENSHOTS = join(__dirname, '..', 'browser', 'screenshots');

/** A browser suite, or without Chromium a skipped test naming why and how to get it (never a silent pass). */
export function describeInBrowser(name: string, suite: () => void): void {
  if (!existsSync(CHROMIUM)) {
    describe(name, () => {
      it.skip(`SKIPPED: ${CHROMIUM} is absent, so the browser tests did not run (apt-get install -y chromium fonts-wqy-zenhei; .ci/run does)`, () => undefined);
    });
    process.stderr.write(`\nbrowser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium fonts-wqy-zenhei)\n`);
    return;
  }
  describe(name, suite);
}

/**
 * The in-process hub a suite drives, the console built and the screenshots' folder made first; its
 * queues under the suite's own namespace, on Redis when REDIS_URL names one.
 */
export async function startBrowserHub(namespace: string): Promise<TestHub> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureConsoleBuilt({ say: () => undefined });
  return startTestHub({
    QUEUE_NAMESPACE: `${namespace}_${process.pid}`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
}

/**
 * Chromium with one page, as a clerk in China opens the console (zh-CN), on a machine whose clock
 * is not in Asia/Shanghai (so the console must format dates there itself); every error the page
 * logs, and every uncaught exception, lands in `problems` for the suite's last test to assert empty.
 */
export async function openWatchedPage(problems: string[], viewport = { width: 1440, height: 900 }): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Europe/London', acceptDownloads: true });
  const page = await context.newPage();
  // GraphQL refusals answer HTTP 200: only real failures (a failed request, a script error) are logged as errors.
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { browser, page };
}

/** The clerk's moves on the console; `page` and `base` (the gateway's origin) are read when called, after beforeAll set them. */
export function consoleMoves(page: () => Page, base: () => string) {
  return {
    /** Signs in through the development sign-in page as one of the demo's users (bureau, finance, finance-2 …). */
    async signInAs(user: string): Promise<void> {
      await page().goto(`${base()}/console/`);
      await page().evaluate('window.sessionStorage.removeItem("huinong-console-session")');
      await page().goto(`${base()}/console/`);
      await page().getByTestId(`sign-in-${user}`).click();
      await page().getByTestId('signed-in-as').waitFor();
    },
    /** Picks an option of an antd Select and waits until the select shows it (a click during the dropdown's opening can be lost on a loaded machine: tried again). */
    async choose(testId: string, option: string): Promise<void> {
      const select = page().getByTestId(testId);
      for (let attempt = 1; ; attempt++) {
        try {
          await select.click();
          // The dropdown may close again under a click that landed during its opening: a short timeout, then the whole move again.
          await page().locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click({ timeout: 5000 });
          await select.filter({ hasText: option }).waitFor({ timeout: 3000 }); // the chosen label shows in the select itself
          // The dropdown fades out: gone before the next move or screenshot.
          await page()
            .locator('.ant-select-dropdown:visible')
            .first()
            .waitFor({ state: 'hidden', timeout: 2000 })
            .catch(() => undefined);
          return;
        } catch (error) {
          if (attempt === 3) throw error;
          await page().keyboard.press('Escape');
        }
      }
    },
    /**
     * Presses a button of the open confirmation dialog until the page answers: the dialog closes, or
     * the hub's refusal shows (a click during the dialog's opening animation can be lost on a loaded machine).
     */
    async confirm(button: RegExp): Promise<void> {
      const dialog = page().locator('.ant-modal-confirm');
      for (let attempt = 1; ; attempt++) {
        await dialog.getByRole('button', { name: button }).click();
        for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
          if ((await dialog.count()) === 0 || (await page().getByTestId('hub-error').count()) > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (attempt === 3) throw new Error(`the dialog's ${button} button was pressed three times and nothing answered`);
      }
    },
    shot: (name: string) => page().screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }),
  };
}
