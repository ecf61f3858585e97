import { expect, test } from '@playwright/test';
import { CASE_NUMBER, signUp, waitForForm } from './helpers';
import path from 'node:path';

test("customer B can open neither customer A's case page nor its file", async ({ browser }) => {
  const a = await browser.newPage();
  await signUp(a, 'Ana Uno');
  await a.goto('/new');
  await waitForForm(a, '#intake-form');
  await a.getByLabel('Tipo').selectOption('complaint');
  await a.getByLabel('Asunto').fill('Asunto privado de Ana');
  await a.getByLabel('Descripción').fill('Datos que solo Ana y la empresa deben ver.');
  await a.getByLabel('Adjuntos').setInputFiles(path.join(__dirname, '..', 'fixtures', 'caja-rota.png'));
  await a.getByRole('button', { name: 'Enviar' }).click();
  const number = (await a.locator('.acknowledgement .case-number').textContent())!.trim();
  expect(number).toMatch(CASE_NUMBER);
  await a.goto(`/cases/${number}`);
  const fileHref = (await a.getByRole('link', { name: 'caja-rota.png' }).getAttribute('href'))!;
  expect((await a.request.get(fileHref)).status()).toBe(200);

  const context = await browser.newContext();
  const b = await context.newPage();
  await signUp(b, 'Bruno Dos');
  const response = await b.goto(`/cases/${number}`);
  // Another customer's case does not exist for B: the page says so, and so does its status.
  expect(response!.status()).toBe(404);
  await expect(b.getByText('No encontramos esta página o no tiene acceso a ella.')).toBeVisible();
  await expect(b.getByText('Asunto privado de Ana')).toHaveCount(0);
  expect((await b.request.get(fileHref)).status()).toBe(404);

  // Nor without an account.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`http://127.0.0.1:${process.env.E2E_PORT || 3210}${fileHref}`)).status()).toBe(401);
  await anonymous.close();
  await context.close();
});
