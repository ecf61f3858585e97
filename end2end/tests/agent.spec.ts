import { expect, test } from '@playwright/test';
import { CASE_NUMBER, logIn, waitForForm } from './helpers';

test('an agent records a complaint received by phone as a draft, opens it and finds it on the desk', async ({ page }) => {
  await logIn(page, 'agente@example.com');
  await expect(page.getByRole('heading', { name: 'Casos abiertos' })).toBeVisible();

  await page.getByRole('link', { name: 'Registrar un caso' }).first().click();
  await waitForForm(page, '#intake-form');
  await page.getByRole('button', { name: 'Registrar' }).click();
  await expect(page.locator('#customer_email-error')).toHaveText('Este campo es obligatorio.');
  await expect(page.locator('#channel-error')).toHaveText('Este campo es obligatorio.');

  await page.getByLabel('Correo del cliente').fill('llamada.telefonica@example.com');
  await page.getByLabel('Nombre del cliente').fill('Rosa Llamadas');
  await page.getByLabel('Teléfono del cliente').fill('+57 300 123 4567');
  await page.getByLabel('Canal').selectOption('phone');
  await page.getByLabel('Tipo').selectOption('claim');
  await page.getByLabel('Asunto').fill('Tarifa mal aplicada');
  await page.getByLabel('Descripción').fill('La clienta llama porque su factura aplica la tarifa comercial.');
  await page.getByRole('button', { name: 'Registrar' }).click();

  const number = page.locator('.acknowledgement .case-number');
  await expect(number).toHaveText(CASE_NUMBER);
  await expect(page.locator('.acknowledgement')).toContainText('Borrador creado');
  const text = (await number.textContent())!.trim();

  // The draft is completed and opened: the demo table hands customers' cases from own stores
  // to the manager.
  await page.getByRole('link', { name: 'Completar el borrador' }).click();
  await waitForForm(page, '#draft-form');
  await page.getByLabel('Tipo de caso').selectOption({ label: 'Clientes' });
  await page.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await expect(page.locator('#routed-manager')).toContainText('Gabriela Gestora');
  await page.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(page.locator('article.case')).toHaveAttribute('data-state', 'open');
  await expect(page.locator('#fact-manager')).toContainText('Gabriela Gestora');

  await page.getByRole('link', { name: 'Escritorio' }).click();
  const row = page.locator(`#desk-cases tr[data-case-number="${text}"]`);
  await expect(row).toContainText('Rosa Llamadas');
  await expect(row).toContainText('Teléfono');
  await expect(row).toContainText('Abierto');
  await expect(row.locator('td.manager')).toHaveText('Gabriela Gestora');

  // The desk filters by channel through the URL.
  await page.getByLabel('Canal').selectOption('web');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page).toHaveURL(/channel=web/);
  await expect(page.locator(`#desk-cases tr[data-case-number="${text}"]`)).toHaveCount(0);

  await page.goto(`/cases/${text}`);
  await expect(page.locator('.timeline')).toContainText('Andrés Agente');
  await expect(page.locator('.timeline')).toContainText('phone');

  // Logging out works before and after hydration alike (a plain form post).
  await page.getByRole('button', { name: 'Salir' }).click();
  await expect(page.locator('header').getByRole('link', { name: 'Entrar' })).toBeVisible();
  await page.goto('/desk');
  await expect(page.getByText('Entre con su cuenta para continuar.')).toBeVisible();
});
