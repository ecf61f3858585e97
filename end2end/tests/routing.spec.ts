import { expect, test } from '@playwright/test';
import { logIn, waitForForm, waitForHydration } from './helpers';

// SPEC C1: an admin gives a customer an SLA class and the class a candidate manager; a draft for
// that customer that the type x group table does not cover goes to that manager, and the case
// says why.
test('a customer with an SLA class is routed by the class rule, and the case says so', async ({ browser }) => {
  const email = `oro.${Date.now()}@example.com`;
  const typeName = `Contratos ${Date.now()}`;

  // The agent records the call first: that creates the customer.
  const agent = await browser.newPage();
  await logIn(agent, 'agente@example.com');
  await agent.goto('/desk/new');
  await waitForForm(agent, '#intake-form');
  await agent.getByLabel('Correo del cliente').fill(email);
  await agent.getByLabel('Nombre del cliente').fill('Olga Oro');
  await agent.getByLabel('Canal').selectOption('email');
  await agent.getByLabel('Tipo').selectOption('request');
  await agent.getByLabel('Asunto').fill('Cambio de la fecha de pago');
  await agent.getByLabel('Descripción').fill('La socia pide mover la fecha de pago al día 15.');
  await agent.getByRole('button', { name: 'Registrar' }).click();
  const number = (await agent.locator('.acknowledgement .case-number').textContent())!.trim();

  // The admin adds an SLA class rule and puts the customer in that class.
  const admin = await browser.newPage();
  await logIn(admin, 'admin@example.com');
  await admin.goto('/admin');
  await waitForHydration(admin);
  await admin.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForForm(admin, '#folder');
  // A case type of its own: no type x group row and no required documents (other tests give
  // the demo types some).
  const types = admin.locator('#catalog-case_type');
  await types.getByLabel('Añadir — Tipos de caso').fill(typeName);
  await types.getByLabel('Vinculado a').selectOption('customers');
  await types.getByRole('button', { name: 'Añadir' }).click();
  await expect(types.locator(`li.entry[data-entry="${typeName}"]`)).toBeVisible();
  await admin.getByRole('link', { name: 'Asignación de casos' }).click();
  await waitForForm(admin, '#routing');
  const pool = admin.locator('#routing-pool-form');
  await pool.getByLabel('Regla').selectOption('sla_class');
  await pool.locator('input[name="sla_class"]').fill('Oro');
  await pool.getByLabel('Gestor').selectOption({ label: 'Sergio Supervisor' });
  await pool.getByRole('button', { name: 'Añadir candidato' }).click();
  await expect(admin.locator('#routing-pools tr[data-pool="sla_class=oro"]')).toContainText('Sergio Supervisor');
  const terms = admin.locator('#customer-terms-form');
  await terms.getByLabel('Correo del cliente').fill(email);
  await terms.locator('input[name="sla_class"]').fill('oro');
  await terms.getByRole('button', { name: 'Guardar nivel y SLA' }).click();
  await expect(admin.locator(`#customer-terms tr[data-customer="${email}"]`)).toContainText('oro');
  await admin.close();

  // The draft's type and group have no row in the table: the class decides.
  await agent.goto(`/cases/${number}`);
  await waitForForm(agent, '#draft-form');
  await agent.getByLabel('Tipo de caso').selectOption({ label: typeName });
  await agent.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await expect(agent.locator('#routed-manager')).toContainText('Sergio Supervisor');
  await expect(agent.locator('#routed-manager')).toContainText('según la clase de SLA del cliente');
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'open');
  await expect(agent.locator('#fact-manager')).toContainText('Sergio Supervisor');
  await expect(agent.locator('#fact-manager')).toContainText('según la clase de SLA del cliente');
  await agent.close();
});
