import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { logIn, waitForHydration } from './helpers';

// Issue 13 (SPEC J1-J3): a supervisor reads the pivot, clicks a bar of its chart and lands on
// the history grid of exactly those cases, then exports that grid to Excel and downloads it.

test('a bar of the chart opens the grid of exactly its cases, which exports to .xlsx', async ({ page }) => {
  await logIn(page, 'supervisor@example.com');
  await page.goto('/analysis?rows=channel&measure=count');
  await waitForHydration(page);
  await expect(page.locator('#pivot')).toBeVisible();

  // The bars chart: every bar is a link titled "value: count".
  const bar = page.locator('#chart-bars a.chart-hit').first();
  await expect(bar).toBeAttached();
  const title = (await bar.locator('title').textContent())!;
  const [label, count] = [title.slice(0, title.lastIndexOf(':')), Number(title.slice(title.lastIndexOf(':') + 1))];
  expect(count).toBeGreaterThan(0);
  // The numbers are on the page as a table too, for those who cannot see the chart.
  const row = page.locator('#chart-bars table.chart-data tr', { hasText: label });
  await expect(row.locator('td')).toHaveText(String(count));

  await bar.click();
  await page.waitForURL(/\/analysis\/grid\?/);
  await expect(page.locator('#grid-total')).toHaveAttribute('data-total', String(count));
  await expect(page.locator('#grid tbody tr')).toHaveCount(Math.min(count, 50));
  // Every row is of the bar's value.
  const channelColumn = await page.locator('#grid thead th').evaluateAll((ths) =>
    ths.findIndex((th) => th.getAttribute('data-column') === 'channel'));
  expect(channelColumn).toBeGreaterThanOrEqual(0);
  const channels = await page.locator(`#grid tbody tr td:nth-child(${channelColumn + 1})`).allTextContents();
  expect(new Set(channels)).toEqual(new Set([label]));

  // The export runs on the background queue and offers its file when done.
  await waitForHydration(page);
  await page.locator('#export-xlsx').click();
  const file = page.locator('#export-file');
  await expect(file).toBeVisible({ timeout: 30_000 });
  await expect(file).toContainText(`(${count} `);
  const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
  const bytes = fs.readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});

test('staff without analysis are refused, and the header offers it only to those who have it', async ({ page }) => {
  await logIn(page, 'almacen@example.com');
  await expect(page.locator('header a[href="/analysis"]')).toHaveCount(0);
  const response = await page.goto('/analysis/grid');
  expect(response!.status()).toBe(403);
  await logIn(page, 'gestor@example.com');
  await expect(page.locator('header a[href="/analysis"]')).toHaveCount(1);
});
