import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { CASE_NUMBER, logIn, signUp, waitForForm, waitForHydration } from './helpers';

// Issue 14 (SPEC E1-E4): the manager decides a refund above what they may commit alone, the
// supervisor approves it from the desk, the background queue makes the letter and the customer
// downloads it from the portal; and an administrator's Polish template previews as a PDF with
// its ł and ż.

/** The text of a PDF, as pdftotext reads it (no-break spaces as spaces). */
function pdfText(bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramita-letter-')), 'letter.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\u00a0/g, ' ');
}

test('a refund above the threshold is approved from the desk and the customer downloads its letter', async ({ browser }) => {
  // The customer files a complaint in the portal.
  const customer = await browser.newPage();
  const name = 'Renata Muñoz Peña';
  await signUp(customer, name);
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('complaint');
  await customer.getByLabel('Asunto').fill('Cobro duplicado en la factura');
  await customer.getByLabel('Descripción').fill('La factura de octubre me cobra dos veces el mismo consumo.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  await expect(customer.locator('.acknowledgement .case-number')).toHaveText(CASE_NUMBER);
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();

  // Its manager decides a refund of 1.500 € with the reasoning: more than they may commit alone.
  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto(`/cases/${number}`);
  await waitForHydration(manager);
  await waitForForm(manager, '#decide-form');
  await manager.getByLabel('Resolución').selectOption({ label: 'Reembolso' });
  await manager.getByLabel('Importe').fill('1500');
  await manager.getByLabel('Moneda').selectOption('EUR');
  await manager.getByLabel('Fundamentos').fill('La factura de octubre cobra dos veces el consumo del mes.');
  await manager.getByRole('button', { name: 'Decidir' }).click();
  const decision = manager.locator('#decisions li.decision').first();
  await expect(decision).toHaveAttribute('data-state', 'pending');
  await expect(decision).toContainText('1500,00 €');
  await expect(manager.locator('#decide-form')).toHaveCount(0);

  // The supervisor finds it on the desk, counted, and approves it there with a comment.
  const supervisor = await browser.newPage();
  await logIn(supervisor, 'supervisor@example.com');
  await supervisor.goto('/desk');
  await waitForHydration(supervisor);
  const item = supervisor.locator(`#approvals li.approval[data-case-number="${number}"]`);
  await expect(item).toContainText('Reembolso');
  await expect(item).toContainText('1500,00 €');
  await expect(supervisor.locator('#work-counts li[data-kind="approvals"] .count')).not.toHaveText('0');
  await item.locator('form.approval-form[data-ready="true"]').waitFor();
  await item.getByLabel('Comentario').fill('Conforme con la factura.');
  await item.getByRole('button', { name: 'Aprobar' }).click();
  await expect(item).toHaveCount(0);

  // The manager's page shows it in force, and its letter once the queue has made it.
  await expect(async () => {
    await manager.reload();
    await expect(manager.locator('#decisions li.decision').first()).toHaveAttribute('data-state', 'effective');
    await expect(manager.locator('#decisions tr[data-letter-state="sent"]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // The customer downloads the letter from the portal: their name, the case and the amount.
  await customer.goto(`/cases/${number}`);
  const letter = customer.locator('#letters a.letter-download');
  await expect(letter).toBeVisible();
  const href = (await letter.getAttribute('href'))!;
  const response = await customer.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const text = pdfText(await response.body());
  expect(text).toContain(name);
  expect(text).toContain(number);
  expect(text).toContain('1500,00 €');
});

test('a customer files a request that changes the contract from the portal and the agent\'s decision waits for approval', async ({ browser }) => {
  // SPEC A9: the portal offers the kinds of request once the customer chooses a request.
  const customer = await browser.newPage();
  await signUp(customer, 'Ignacio Ruiz Núñez');
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await expect(customer.locator('#request_kind')).toHaveCount(0);
  await customer.getByLabel('Tipo', { exact: true }).selectOption('request');
  await customer.getByLabel('Tipo de petición').selectOption({ label: 'Cambio de plan de pagos' });
  await customer.getByLabel('Asunto').fill('Nuevo plan de pagos');
  await customer.getByLabel('Descripción').fill('Pido pagar la deuda pendiente en seis cuotas mensuales.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  await expect(customer.locator('.acknowledgement .case-number')).toHaveText(CASE_NUMBER);
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();

  // The agent settles requests; this kind changes the contract, so the decision waits.
  const agent = await browser.newPage();
  await logIn(agent, 'agente@example.com');
  await agent.goto(`/cases/${number}`);
  await waitForHydration(agent);
  await waitForForm(agent, '#decide-form');
  await agent.getByLabel('Resolución').selectOption({ label: 'Dyspozycja zrealizowana / Petición realizada' });
  await agent.getByLabel('Fundamentos').fill('El cliente pide seis cuotas; su historial de pagos es bueno.');
  await agent.getByRole('button', { name: 'Decidir' }).click();
  await expect(agent.locator('#decisions li.decision').first()).toHaveAttribute('data-state', 'pending');
});

test('an administrator edits a Polish letter template and its PDF preview shows ł and ż', async ({ page }) => {
  await logIn(page, 'admin@example.com');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForHydration(page);
  await page.locator('li.entry[data-entry="Clientes"] a[href^="/admin/types/"]').click();
  await expect(page.locator('#letter-templates')).toBeVisible();
  await waitForForm(page, '#letter-template-form');

  await page.locator('#template-resolution').selectOption({ label: 'Reembolso' });
  await page.locator('#template-locale').selectOption('pl');
  // The built-in Polish letter loads first.
  await expect(page.locator('#template-subject')).toHaveValue(/Rozstrzygnięcie sprawy/);

  // An unknown placeholder is named, by the preview and by saving, and nothing is saved.
  await page.locator('#template-body').fill('Dzień dobry {{klient}},');
  await expect(page.locator('#letter-template-form')).toContainText('{{klient}}');
  await page.getByRole('button', { name: 'Guardar plantilla' }).click();
  await expect(page.locator('#body-error').first()).toContainText('{{klient}}');
  await expect(page.locator('#letter-template-form')).not.toContainText('Guardado.');

  const body = 'Szanowna Pani {{customer_name}},\n\nZażółć gęślą jaźń: zwracamy {{amount}} za łąkę i żurawinę.\n\n{{decider_name}}';
  await page.locator('#template-body').fill(body);
  // The preview follows the text: the PDF in the frame is the one of what was typed.
  const frame = page.locator('object#letter-preview');
  await expect(async () => {
    const src = (await frame.getAttribute('data')) ?? '';
    expect(src).toMatch(/^data:application\/pdf;base64,/);
    const text = pdfText(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    expect(text).toContain('Zażółć gęślą jaźń');
    expect(text).toContain('łąkę i żurawinę');
    expect(text).toContain('Łucja Żółkiewska');
    expect(text).toContain('zł');
    expect(text).toContain('Strona 1 z 1');
  }).toPass({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Guardar plantilla' }).click();
  await expect(page.locator('#letter-template-form')).toContainText('Guardado.');
});
