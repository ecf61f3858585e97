import { expect, test } from '@playwright/test';
import { CASE_NUMBER, logIn, signUp, waitForForm } from './helpers';

// Issue 11: an employee without work on a case does not see it, and a customer's own case page
// carries nothing staff-only, neither on screen nor in the data the page hydrates from.
test("an employee without work does not see a customer's case; the customer's page holds no staff data", async ({ browser }) => {
  const customer = await browser.newPage();
  await signUp(customer, 'Clara Privada');
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('complaint');
  await customer.getByLabel('Asunto').fill('Cobro duplicado en la factura');
  await customer.getByLabel('Descripción').fill('Me cobraron dos veces el mismo mes.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();
  expect(number).toMatch(CASE_NUMBER);

  // The case went to the folder's manager; the customer's page does not say who, not even in
  // its hydration data.
  const page = await customer.goto(`/cases/${number}`);
  expect(page!.status()).toBe(200);
  await expect(customer.getByRole('heading', { name: 'Cobro duplicado en la factura' })).toBeVisible();
  const html = await page!.text();
  expect(html).toContain(number);
  for (const staffOnly of ['Gabriela Gestora', 'manager_name', 'escalation_level', 'route_reason', '"setup"', 'customer_email']) {
    expect(html, `${staffOnly} reached the customer`).not.toContain(staffOnly);
  }

  // The warehouse employee has no task on it: the case does not exist for them.
  const employee = await browser.newPage();
  await logIn(employee, 'almacen@example.com');
  const refused = await employee.goto(`/cases/${number}`);
  expect(refused!.status()).toBe(404);
  await expect(employee.getByText('No encontramos esta página o no tiene acceso a ella.')).toBeVisible();
  await expect(employee.getByText('Cobro duplicado en la factura')).toHaveCount(0);
  await employee.goto('/desk');
  await expect(employee.getByText('Cobro duplicado en la factura')).toHaveCount(0);

  // The manager it went to sees it whole.
  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto(`/cases/${number}`);
  await expect(manager.locator('#fact-manager')).toContainText('Gabriela Gestora');
  await customer.close();
  await employee.close();
  await manager.close();
});
