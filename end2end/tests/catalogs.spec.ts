import { expect, test } from '@playwright/test';
import { logIn, waitForForm, waitForHydration } from './helpers';

test('an admin keeps the catalogs of the demo folder: add, rename, reorder, deactivate, nest categories', async ({ page }) => {
  await logIn(page, 'admin@example.com');
  await page.goto('/admin');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForForm(page, '#folder');
  await expect(page.getByRole('heading', { name: 'Casos de Clientes' })).toBeVisible();

  const causes = page.locator('#catalog-cause');
  await expect(causes.locator('li.entry')).toHaveCount(9);
  await expect(causes.locator('li.entry').first()).toHaveAttribute('data-entry', 'Errores en Pedidos');

  // A new entry goes to the end of its list.
  await causes.getByLabel('Añadir — Causas').fill('Cobro duplicado');
  await causes.getByRole('button', { name: 'Añadir' }).click();
  await expect(causes.locator('li.entry')).toHaveCount(10);
  const added = causes.locator('li.entry[data-entry="Cobro duplicado"]');
  await expect(added).toBeVisible();
  await expect(causes.locator('li.entry').last()).toHaveAttribute('data-entry', 'Cobro duplicado');

  await added.getByRole('button', { name: 'Subir' }).click();
  await expect(causes.locator('li.entry').nth(8)).toHaveAttribute('data-entry', 'Cobro duplicado');

  const row = causes.locator('li.entry[data-entry="Cobro duplicado"]');
  await row.getByLabel('Nombre').fill('Cobro duplicado en tarjeta');
  await row.getByRole('button', { name: 'Renombrar' }).click();
  const renamed = causes.locator('li.entry[data-entry="Cobro duplicado en tarjeta"]');
  await expect(renamed).toBeVisible();

  await renamed.getByRole('button', { name: 'Desactivar' }).click();
  await expect(causes.locator('li.entry[data-entry="Cobro duplicado en tarjeta"]')).toContainText('Inactivo');
  await expect(causes.locator('li.entry[data-entry="Cobro duplicado en tarjeta"]').getByRole('button', { name: 'Activar' })).toBeVisible();

  const categories = page.locator('#catalog-category');
  await categories.getByLabel('Añadir — Categorías').fill('Envasado');
  await categories.getByLabel('Categoría superior').selectOption({ label: 'Medidor' });
  await categories.getByRole('button', { name: 'Añadir' }).click();
  // Indented under its parent by CSS (the CSP allows no inline style).
  const nested = categories.locator('li.entry[data-entry="Envasado"]');
  await expect(nested).toHaveAttribute('data-depth', '2');
  await expect(nested).toHaveCSS('margin-left', '32px');

  // A third-level category offers no deeper parent.
  await expect(categories.getByLabel('Categoría superior').locator('option', { hasText: 'Gestión de cobranza' })).toHaveCount(0);
});
