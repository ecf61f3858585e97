import { expect, Page, test } from '@playwright/test';
import { CASE_NUMBER, logIn, waitForForm, waitForHydration } from './helpers';

// The story of seeds/003_*.txt (SPEC C3-C6, I1-I3): customer service opens the case, the manager
// qualifies it and sends two tasks in parallel, one assignee's work is returned once, both are
// accepted, the manager sends the case for closure and customer service closes it after
// validating with the customer, who follows the public part of every step in the portal.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A day `days` from today, as a date input takes it. */
function dayFromNow(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function openCase(page: Page, number: string) {
  await page.goto(`/cases/${number}`);
  await expect(page.locator('article.case')).toBeVisible();
  await waitForHydration(page);
}

function task(page: Page, title: string) {
  return page.locator(`#task-list li.task[data-task="${title}"]`);
}

test('seed 003: agent opens, manager qualifies and delegates, tasks are returned and accepted, customer service closes', async ({ browser }) => {
  const subject = `Yogur caducado ${Date.now()}`;

  // Customer service records the phone call as a draft and opens it.
  const agent = await browser.newPage();
  await logIn(agent, 'agente@example.com');
  await agent.goto('/desk/new');
  await waitForForm(agent, '#intake-form');
  await agent.getByLabel('Correo del cliente').fill('cliente@example.com');
  await agent.getByLabel('Nombre del cliente').fill('Camila Cliente');
  await agent.getByLabel('Canal').selectOption('phone');
  await agent.getByLabel('Tipo').selectOption('claim');
  await agent.getByLabel('Asunto').fill(subject);
  await agent.getByLabel('Descripción').fill('La clienta llama: el pedido llegó con los yogures caducados.');
  await agent.getByRole('button', { name: 'Registrar' }).click();
  await expect(agent.locator('.acknowledgement .case-number')).toHaveText(CASE_NUMBER);
  const number = (await agent.locator('.acknowledgement .case-number').textContent())!.trim();
  await agent.getByRole('link', { name: 'Completar el borrador' }).click();
  await waitForForm(agent, '#draft-form');
  await agent.getByLabel('Tipo de caso').selectOption({ label: 'Clientes' });
  await agent.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await expect(agent.locator('#routed-manager')).toContainText('Gabriela Gestora');
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'open');

  // The manager finds it on their desk, starts it, qualifies it and sends two tasks.
  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto('/desk');
  await waitForHydration(manager);
  const mine = manager.locator(`#work-cases tr[data-case-number="${number}"]`);
  await expect(mine).toContainText(subject);
  await mine.getByRole('link', { name: number }).click();
  await waitForForm(manager, '#handling');
  await manager.getByRole('button', { name: 'Iniciar la gestión' }).click();
  await expect(manager.locator('article.case')).toHaveAttribute('data-state', 'in_progress');
  await waitForForm(manager, '#handling');
  await manager.locator('#qualification_id').selectOption({ label: 'Reclamación' });
  await manager.locator('#cause_id').selectOption({ label: 'Producto caducado' });
  await manager.locator('#severity_id').selectOption({ label: 'Alta' });
  await manager.locator('#qualify-note').fill('Lote entero afectado, revisar con almacén y calidad.');
  await manager.getByRole('button', { name: 'Calificar' }).click();
  await expect(manager.locator('#fact-qualification')).toHaveText('Reclamación');
  await expect(manager.locator('#fact-cause')).toHaveText('Producto caducado');

  await waitForForm(manager, '#task-form');
  // A task without a maximum date is refused and keeps what was typed.
  await manager.locator('#task-title').fill('Revisar el lote');
  await manager.locator('#task-instructions').fill('Busque el lote del pedido y fotografíe las etiquetas.');
  await manager.locator('#task-assignee').selectOption({ label: 'Alba Almacén' });
  await manager.getByRole('button', { name: 'Asignar la tarea' }).click();
  await expect(manager.locator('#task-form #max_day-error')).toHaveText('Este campo es obligatorio.');
  await expect(manager.locator('#task-title')).toHaveValue('Revisar el lote');
  await manager.locator('#task-max').fill(dayFromNow(3));
  await manager.getByRole('button', { name: 'Asignar la tarea' }).click();
  await expect(task(manager, 'Revisar el lote')).toHaveAttribute('data-state', 'pending');

  await waitForForm(manager, '#task-form');
  await manager.locator('#task-title').fill('Pedir explicaciones al proveedor');
  await manager.locator('#task-assignee').selectOption({ label: 'Carlos Calidad' });
  await manager.locator('#task-planned').fill(dayFromNow(1));
  await manager.locator('#task-max').fill(dayFromNow(5));
  await manager.getByRole('button', { name: 'Asignar la tarea' }).click();
  await expect(task(manager, 'Pedir explicaciones al proveedor')).toHaveAttribute('data-state', 'pending');
  await expect(manager.locator('#task-list li.task')).toHaveCount(2);

  // The warehouse finds its task on the desk, starts it and hands it in with a photo.
  const warehouse = await browser.newPage();
  await logIn(warehouse, 'almacen@example.com');
  await warehouse.goto('/desk');
  await waitForHydration(warehouse);
  const todo = warehouse.locator('#work-tasks tr[data-title="Revisar el lote"]');
  await expect(todo).toContainText('Gabriela Gestora');
  await todo.getByRole('link', { name: number }).click();
  await waitForForm(warehouse, '#tasks');
  const lot = task(warehouse, 'Revisar el lote');
  await lot.locator('form.task-step[data-step="start"][data-ready="true"]').waitFor();
  await lot.getByRole('button', { name: 'Empezar' }).click();
  await expect(task(warehouse, 'Revisar el lote')).toHaveAttribute('data-state', 'in_progress');
  await task(warehouse, 'Revisar el lote').locator('form.task-step[data-step="submit"][data-ready="true"]').waitFor();
  await task(warehouse, 'Revisar el lote').getByLabel('Lo que se hizo').fill('Lote 44: caducado en origen.');
  await task(warehouse, 'Revisar el lote').getByLabel('Archivos').setInputFiles({ name: 'lote-44.pdf', mimeType: 'application/pdf', buffer: PDF });
  await task(warehouse, 'Revisar el lote').getByRole('button', { name: 'Enviar a aceptación' }).click();
  await expect(task(warehouse, 'Revisar el lote')).toHaveAttribute('data-state', 'pending_acceptance');
  await expect(task(warehouse, 'Revisar el lote').locator('.task-files')).toContainText('lote-44.pdf');

  // The manager returns it once: the label's photo is missing.
  await openCase(manager, number);
  await waitForForm(manager, '#tasks');
  await task(manager, 'Revisar el lote').locator('form.task-step[data-step="return"][data-ready="true"]').waitFor();
  await task(manager, 'Revisar el lote').getByLabel('Qué falta').fill('Falta la foto de la etiqueta.');
  await task(manager, 'Revisar el lote').getByRole('button', { name: 'Devolver' }).click();
  await expect(task(manager, 'Revisar el lote')).toHaveAttribute('data-state', 'in_progress');
  await expect(task(manager, 'Revisar el lote')).toContainText('Devuelta ×1');

  // The warehouse sees it back on its desk and hands it in again.
  await warehouse.goto('/desk');
  await waitForHydration(warehouse);
  await expect(warehouse.locator('#work-tasks tr[data-title="Revisar el lote"]')).toContainText('Devuelta');
  await openCase(warehouse, number);
  await waitForForm(warehouse, '#tasks');
  await task(warehouse, 'Revisar el lote').locator('form.task-step[data-step="submit"][data-ready="true"]').waitFor();
  await task(warehouse, 'Revisar el lote').getByLabel('Lo que se hizo').fill('Foto de la etiqueta adjunta.');
  await task(warehouse, 'Revisar el lote').getByLabel('Archivos').setInputFiles({ name: 'etiqueta.pdf', mimeType: 'application/pdf', buffer: PDF });
  await task(warehouse, 'Revisar el lote').getByRole('button', { name: 'Enviar a aceptación' }).click();
  await expect(task(warehouse, 'Revisar el lote')).toHaveAttribute('data-state', 'pending_acceptance');
  await warehouse.close();

  // Quality answers its task straight away.
  const quality = await browser.newPage();
  await logIn(quality, 'calidad@example.com');
  await openCase(quality, number);
  await waitForForm(quality, '#tasks');
  const supplier = task(quality, 'Pedir explicaciones al proveedor');
  await supplier.locator('form.task-step[data-step="submit"][data-ready="true"]').waitFor();
  await supplier.getByLabel('Lo que se hizo').fill('El proveedor repone el lote y abona el transporte.');
  await supplier.getByRole('button', { name: 'Enviar a aceptación' }).click();
  await expect(task(quality, 'Pedir explicaciones al proveedor')).toHaveAttribute('data-state', 'pending_acceptance');
  // An employee works tasks, not the case: no life-cycle step is offered.
  await expect(quality.locator('#handling')).toHaveCount(0);
  await quality.close();

  // The manager accepts both, is told every task is done, and sends the case for closure.
  await manager.goto('/desk');
  await waitForHydration(manager);
  await expect(manager.locator('#work-to_accept tr')).toHaveCount(2);
  await openCase(manager, number);
  for (const title of ['Revisar el lote', 'Pedir explicaciones al proveedor']) {
    await task(manager, title).locator('form.task-step[data-step="accept"][data-ready="true"]').waitFor();
    await task(manager, title).getByRole('button', { name: 'Aceptar' }).click();
    await expect(task(manager, title)).toHaveAttribute('data-state', 'accepted');
  }
  await expect(manager.locator('article.case > ol.timeline')).toContainText('Todas las tareas aceptadas');
  await waitForForm(manager, '#handling');
  await manager.getByRole('button', { name: 'Enviar a cierre' }).click();
  await expect(manager.locator('article.case')).toHaveAttribute('data-state', 'pending_closure');
  await manager.close();

  // Customer service finds it to close, validates with the customer and closes it.
  await agent.goto('/desk');
  await waitForHydration(agent);
  const toClose = agent.locator(`#work-to_close tr[data-case-number="${number}"]`);
  await expect(toClose).toBeVisible();
  await toClose.getByRole('link', { name: number }).click();
  await waitForForm(agent, '#handling');
  await agent.getByLabel('Satisfacción del cliente').selectOption('4');
  await agent.getByLabel('Comentario del cliente').fill('Le repusieron el pedido en dos días.');
  await agent.getByRole('button', { name: 'Cerrar el caso' }).click();
  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'closed');
  await agent.close();

  // The customer follows the public part of each step; the internal work stays inside.
  const customer = await browser.newPage();
  await logIn(customer, 'cliente@example.com');
  await openCase(customer, number);
  await expect(customer.locator('article.case')).toHaveAttribute('data-state', 'closed');
  const history = customer.locator('article.case > ol.timeline');
  for (const step of ['Caso abierto', 'Gestión iniciada', 'Enviado a cierre', 'Caso cerrado']) {
    await expect(history).toContainText(step);
  }
  await expect(history).toContainText('Le repusieron el pedido en dos días.');
  await expect(history).not.toContainText('Tarea');
  await expect(history).not.toContainText('Lote entero afectado');
  await expect(customer.locator('#tasks')).toHaveCount(0);
  await expect(customer.locator('.attachments')).toHaveCount(0);
  await customer.close();
});
