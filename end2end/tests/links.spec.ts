import { expect, test } from '@playwright/test';
import { logIn, waitForForm, waitForHydration } from './helpers';

test('an agent links a case to an invoice and finds it again by the invoice id', async ({ page }) => {
  await logIn(page, 'agente@example.com');
  const first = page.locator('#desk-cases tbody tr').first();
  const number = (await first.getAttribute('data-case-number'))!;
  await page.goto(`/cases/${number}`);
  await waitForForm(page, '#link-form');

  const form = page.locator('#link-form');
  await form.getByLabel('Tipo de objeto').selectOption('invoice');
  await form.getByLabel('Id. externo').fill('FAC-2026-0042');
  await form.getByLabel('Dirección (opcional)').fill('https://erp.example.com/facturas/42');
  await form.getByRole('button', { name: 'Vincular' }).click();
  const link = page.locator('#case-links li[data-external-id="FAC-2026-0042"]');
  await expect(link).toContainText('Factura FAC-2026-0042');
  await expect(link.getByRole('link')).toHaveAttribute('href', 'https://erp.example.com/facturas/42');
  await expect(page.locator('.timeline')).toContainText('Objeto vinculado');

  await page.goto('/desk');
  await waitForHydration(page);
  await page.getByLabel('Buscar por id. externo').fill('FAC-2026-0042');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page).toHaveURL(/ref=FAC-2026-0042/);
  await expect(page.locator(`#linked-cases li[data-case-number="${number}"]`)).toBeVisible();

  await page.goto('/desk?ref=NO-SUCH-ID');
  await expect(page.locator('#linked-cases')).toContainText('Ningún caso está vinculado a este id.');
});
