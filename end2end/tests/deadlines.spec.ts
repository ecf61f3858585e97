import { expect, test } from '@playwright/test';
import { logIn, signUp, waitForForm, waitForHydration } from './helpers';

// SPEC G1, G3, D4: a case filed on the portal gets the virtual channel's deadlines of the demo
// folder; the customer and the staff see the dates; a supervisor stops the clock while the case
// waits for the customer and starts it again, and the customer reads both on the timeline.
test('a portal case shows its deadlines, and a pause and its resume are on the timeline', async ({ browser }) => {
  const customer = await browser.newPage();
  await signUp(customer, 'Daniela Díaz');
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('complaint');
  await customer.getByLabel('Asunto').fill('Cobro de una reconexión que no pedí');
  await customer.getByLabel('Descripción').fill('En la factura de noviembre aparece una reconexión que nunca se hizo.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();

  await customer.goto(`/cases/${number}`);
  const dates = customer.locator('#deadlines');
  await expect(dates).toBeVisible();
  await expect(dates.locator('#first-response-due')).toContainText(/\d{2}:\d{2}/);
  await expect(dates.locator('#resolution-due')).toContainText('America/Bogota');
  await expect(dates.locator('#deadline-standing')).toContainText('En plazo');
  await expect(dates.locator('#first-response')).toContainText('Pendiente');
  // The customer reads the dates; only staff stop the clock.
  await expect(customer.locator('#pause-form')).toHaveCount(0);

  const supervisor = await browser.newPage();
  await logIn(supervisor, 'supervisor@example.com');
  await supervisor.goto(`/cases/${number}`);
  await waitForForm(supervisor, '#deadlines');
  const resolution = (await supervisor.locator('#resolution-due').textContent())!.trim();
  // A stop without a reason is refused and says why.
  await supervisor.getByRole('button', { name: 'Interrumpir términos' }).click();
  await expect(supervisor.locator('#pause-form')).toContainText('obligatorio');
  await supervisor.locator('#pause-reason').fill('Esperamos la copia de la factura de la clienta.');
  await supervisor.getByRole('button', { name: 'Interrumpir términos' }).click();
  await expect(supervisor.locator('#deadline-standing')).toContainText('Interrumpido');
  await expect(supervisor.locator('#deadlines')).toHaveAttribute('data-standing', 'paused');
  await waitForForm(supervisor, '#deadlines');
  await supervisor.getByRole('button', { name: 'Reanudar términos' }).click();
  await expect(supervisor.locator('#deadline-standing')).toContainText('En plazo');
  await expect(supervisor.locator('#resume-form')).toHaveCount(0);
  // Paused and resumed within minutes: the deadline is where it was or a little later. A due
  // time at the close of a business day moves to the opening of the next one (the day of the
  // run decides which, so both are accepted).
  await expect
    .poll(async () => {
      const after = (await supervisor.locator('#resolution-due').textContent())!.trim();
      const sameDay = after.slice(0, 10) === resolution.slice(0, 10);
      const nextOpening = after > resolution && after.slice(11, 16) === '08:00';
      return after >= resolution && (sameDay || nextOpening);
    })
    .toBe(true);

  await customer.reload();
  await waitForHydration(customer);
  const timeline = customer.locator('.timeline');
  await expect(timeline).toContainText('Plazos fijados');
  await expect(timeline).toContainText('Términos interrumpidos: esperando al cliente');
  await expect(timeline).toContainText('Términos reanudados');
  await customer.close();
  await supervisor.close();
});

// SPEC G1: the admin gives the demo folder a policy for one channel; a bad amount is refused
// with the field named and the rest of the form kept.
test('an admin adds an SLA policy for a channel', async ({ page }) => {
  await logIn(page, 'admin@example.com');
  await page.goto('/admin');
  await waitForHydration(page);
  const folderHref = await page.locator('#folders a', { hasText: 'Casos de Clientes' }).first().getAttribute('href');
  await page.goto(`${folderHref}/deadlines`);
  await waitForForm(page, '#sla');
  await expect(page.locator('#sla-policies')).toContainText('Todos los tipos / Todos los canales');
  const form = page.locator('#sla-form');
  await form.getByLabel('Canal').selectOption('regulator');
  await form.locator('input[name="first_response_amount"]').fill('0');
  await form.locator('input[name="resolution_amount"]').fill('10');
  await form.getByRole('button', { name: 'Guardar política' }).click();
  await expect(form).toContainText('no es válido');
  await expect(form.locator('input[name="resolution_amount"]')).toHaveValue('10');
  await form.locator('input[name="first_response_amount"]').fill('2');
  await form.locator('select[name="first_response_unit"]').selectOption('business_days');
  await form.getByRole('button', { name: 'Guardar política' }).click();
  const row = page.locator('#sla-policies tr[data-policy="Todos los tipos / Entidad de control"]');
  await expect(row).toContainText('2 días hábiles');
  await expect(row).toContainText('10 días hábiles');
});

// SPEC G1: the admin adds a company calendar on Colombia's holidays and closes one day of it.
test('an admin adds a company calendar and a day it closes', async ({ page }) => {
  const code = `SEDE-${Date.now() % 100000}`;
  await logIn(page, 'admin@example.com');
  await page.goto('/admin/calendars');
  await waitForForm(page, '#calendars');
  const form = page.locator('#calendar-form');
  await form.getByLabel('Código').fill(code);
  await form.getByLabel('Nombre', { exact: true }).fill('Sede Medellín');
  await form.getByLabel('Festivos de').selectOption('CO');
  await form.getByLabel('Zona horaria').fill('America/Medellin');
  await form.getByRole('button', { name: 'Crear calendario' }).click();
  // An unknown time zone is refused; what was typed stays.
  await expect(form).toContainText('no es válido');
  await expect(form.getByLabel('Código')).toHaveValue(code);
  await form.getByLabel('Zona horaria').fill('America/Bogota');
  await form.getByRole('button', { name: 'Crear calendario' }).click();
  const calendar = page.locator(`article.calendar[data-calendar="${code}"]`);
  await expect(calendar).toContainText('Sede Medellín');
  await calendar.locator('input[name="day"]').fill('2026-12-24');
  await calendar.locator('input[name="note"]').fill('Inventario');
  await calendar.getByRole('button', { name: 'Añadir día' }).click();
  await expect(calendar.locator('li[data-day="2026-12-24"]')).toContainText('Cerrado');
  await expect(calendar.locator('li[data-day="2026-12-24"]')).toContainText('Inventario');
});
