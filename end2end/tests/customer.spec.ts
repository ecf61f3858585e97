import { expect, test } from '@playwright/test';
import { CASE_NUMBER, signUp, waitForForm } from './helpers';
import path from 'node:path';

test('a customer signs up, files a complaint with a photo and sees it listed with its number and state', async ({ page }) => {
  await signUp(page, 'Camila Ríos');
  await expect(page.getByText('Aún no ha presentado ningún caso.')).toBeVisible();

  await page.getByRole('link', { name: 'Presentar un caso' }).first().click();
  await expect(page.getByRole('heading', { name: 'Presentar un caso' })).toBeVisible();
  await waitForForm(page, '#intake-form');
  await page.getByLabel('Tipo').selectOption('complaint');
  await page.getByLabel('Asunto').fill('La caja llegó rota');
  await page.getByLabel('Descripción').fill('El pedido 4411 llegó con la caja aplastada y el producto dañado.');
  await page.getByLabel('Adjuntos').setInputFiles(path.join(__dirname, '..', 'fixtures', 'caja-rota.png'));
  await page.getByRole('button', { name: 'Enviar' }).click();

  await expect(page.getByRole('heading', { name: 'Hemos recibido su caso' })).toBeVisible();
  const number = (await page.locator('.acknowledgement .case-number').textContent())!.trim();
  expect(number).toMatch(CASE_NUMBER);

  await page.getByRole('link', { name: 'Mis casos' }).click();
  const item = page.locator(`#my-cases li[data-case-number="${number}"]`);
  await expect(item).toContainText('La caja llegó rota');
  await expect(item).toContainText('Abierto');

  await item.getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'La caja llegó rota' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'caja-rota.png' })).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('Caso presentado');

  // The file downloads for its owner, with the bytes that were sent.
  const href = await page.getByRole('link', { name: 'caja-rota.png' }).getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/png');
  expect((await response.body()).subarray(1, 4).toString()).toBe('PNG');
});

test('a failed submit keeps what was typed and says what to fix', async ({ page }) => {
  await signUp(page, 'Diego Paz');
  await page.goto('/new');
  await waitForForm(page, '#intake-form');
  await page.getByLabel('Asunto').fill('Cobro duplicado');
  await page.getByLabel('Adjuntos').setInputFiles(path.join(__dirname, '..', 'fixtures', 'not-a-photo.jpg'));
  await page.getByRole('button', { name: 'Enviar' }).click();

  await expect(page.locator('#description-error')).toHaveText('Este campo es obligatorio.');
  await expect(page.locator('#class-error')).toHaveText('Este campo es obligatorio.');
  await expect(page.locator('#attachments-error')).toContainText('Tipo de archivo no admitido');
  await expect(page.getByLabel('Asunto')).toHaveValue('Cobro duplicado');

  await page.getByLabel('Tipo').selectOption('claim');
  await page.getByLabel('Descripción').fill('Me cobraron dos veces la misma factura de octubre.');
  await page.getByLabel('Adjuntos').setInputFiles([]);
  await page.getByRole('button', { name: 'Enviar' }).click();
  await expect(page.locator('.acknowledgement .case-number')).toHaveText(CASE_NUMBER);
});

test('the interface follows the chosen language', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Presente y siga sus casos' })).toBeVisible();
  await page.getByRole('link', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'File and follow your cases' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: 'PL', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Zgłaszaj i śledź swoje sprawy' })).toBeVisible();
  await page.getByRole('link', { name: 'ES', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});
