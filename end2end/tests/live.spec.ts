import { expect, test } from '@playwright/test';
import { CASE_NUMBER, logIn, waitForForm, waitForHydration } from './helpers';

// SPEC C3: the manager watches "assigned to me" while an agent opens a draft that routing hands
// to them; the case appears on the manager's desk without a reload.
test('a case handed to the manager appears on their open desk without reloading', async ({ browser }) => {
  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto('/desk');
  await waitForHydration(manager);
  await manager.getByLabel('Asignados a mí').check();
  await manager.getByRole('button', { name: 'Filtrar' }).click();
  await expect(manager).toHaveURL(/manager=\d+/);
  await waitForHydration(manager);
  // The desk listens for changes once its event stream is connected.
  const live = manager.locator('#live-status');
  await expect(live).toHaveAttribute('data-live', 'on');
  await expect(live).toHaveText('En vivo');
  // Gone if the page were loaded again: the row must come without that.
  await manager.evaluate(() => {
    (window as any).__live_same_page = true;
  });

  const agent = await browser.newPage();
  await logIn(agent, 'agente@example.com');
  await agent.goto('/desk/new');
  await waitForForm(agent, '#intake-form');
  await agent.getByLabel('Correo del cliente').fill('en.vivo@example.com');
  await agent.getByLabel('Nombre del cliente').fill('Vera Vivo');
  await agent.getByLabel('Canal').selectOption('phone');
  await agent.getByLabel('Tipo').selectOption('complaint');
  await agent.getByLabel('Asunto').fill('El pedido llegó incompleto');
  await agent.getByLabel('Descripción').fill('La clienta llama: faltan dos cajas del pedido.');
  await agent.getByRole('button', { name: 'Registrar' }).click();
  const number = agent.locator('.acknowledgement .case-number');
  await expect(number).toHaveText(CASE_NUMBER);
  const caseNumber = (await number.textContent())!.trim();

  // Still a draft: nothing for the manager yet.
  const row = manager.locator(`#desk-cases tr[data-case-number="${caseNumber}"]`);
  await expect(row).toHaveCount(0);

  // The demo table hands customers' cases from own stores to the manager.
  await agent.getByRole('link', { name: 'Completar el borrador' }).click();
  await waitForForm(agent, '#draft-form');
  await agent.getByLabel('Tipo de caso').selectOption({ label: 'Clientes' });
  await agent.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await expect(agent.locator('#routed-manager')).toContainText('Gabriela Gestora');
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'open');
  await agent.close();

  // SPEC C3's bound is 2 seconds from the server's side; the browser's refetch gets a little more.
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row).toContainText('Vera Vivo');
  await expect(row.locator('td.manager')).toHaveText('Gabriela Gestora');
  expect(await manager.evaluate(() => (window as any).__live_same_page)).toBe(true);
  await manager.close();
});
