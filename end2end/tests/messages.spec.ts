import { expect, test } from '@playwright/test';
import { logIn, mailedLink, signUp, textedCode, waitForForm, waitForHydration } from './helpers';

// Issue 5: a customer chooses SMS and gives their mobile number; an admin rewords the Spanish
// acknowledgement (an unknown placeholder is refused), the next case's acknowledgement uses it
// and carries the answer-by dates, and the admin puts the default back.
test('a customer chooses SMS; an admin rewords the acknowledgement, which the next case gets', async ({ browser }) => {
  const customer = await browser.newPage();
  const email = await signUp(customer, 'Sara Sánchez');
  // Issue 15: texts go only to an account whose address is proved.
  await customer.goto(await mailedLink(email, '/account/confirm/'));
  await waitForForm(customer, '#confirm-form');
  await customer.getByRole('button', { name: 'Confirmar mi dirección' }).click();
  await expect(customer.locator('#confirmed')).toBeVisible();
  await customer.goto('/');
  await waitForForm(customer, '#preferences-form');
  const prefs = customer.locator('#preferences-form');
  await prefs.getByLabel('Por SMS', { exact: true }).check();
  await prefs.getByRole('button', { name: 'Guardar' }).click();
  await expect(prefs).toContainText('Para recibir SMS, escriba su número de móvil.');
  await expect(prefs.getByLabel('Por SMS', { exact: true })).toBeChecked();
  // A number of its own: a retried run must not read the code texted to the run before.
  const phone = `+57300${String(Date.now()).slice(-7)}`;
  await prefs.locator('#phone').fill(phone);
  await prefs.getByLabel('Por correo electrónico y por SMS').check();
  await prefs.getByRole('button', { name: 'Guardar' }).click();
  await expect(prefs.getByRole('status')).toBeVisible();
  // Issue 15: texts go to the number once the code sent to it is typed back.
  const code = await textedCode(phone);
  await customer.getByLabel('Código recibido por SMS').fill(code);
  await customer.getByRole('button', { name: 'Confirmar el número' }).click();
  await expect(customer.locator('#phone-confirmed')).toBeVisible();

  const admin = await browser.newPage();
  await logIn(admin, 'admin@example.com');
  await admin.goto('/admin/messages/case_acknowledged/es');
  await waitForForm(admin, '#message-template');
  const form = admin.locator('#template-form');
  await form.locator('#subject').fill('Recibimos su caso {{numero}}');
  await form.getByRole('button', { name: 'Guardar' }).click();
  await expect(form).toContainText('Este mensaje no tiene el marcador {{numero}}');
  await expect(form.locator('#subject')).toHaveValue('Recibimos su caso {{numero}}');
  await form.locator('#subject').fill('Recibimos su caso {{number}}');
  await form.getByRole('button', { name: 'Guardar' }).click();
  await expect(admin.locator('#template-status')).toHaveText('Modificado');

  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('claim');
  await customer.getByLabel('Asunto').fill('Lectura del contador equivocada');
  await customer.getByLabel('Descripción').fill('La factura trae una lectura que no corresponde a mi contador.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();

  // Staff see both messages of the acknowledgement on the case, in the reworded subject.
  const supervisor = await browser.newPage();
  await logIn(supervisor, 'supervisor@example.com');
  await supervisor.goto(`/cases/${number}`);
  await waitForHydration(supervisor);
  const sent = supervisor.locator('#case-messages');
  await expect(sent).toContainText(`Recibimos su caso ${number}`);
  await expect(sent).toContainText(phone);

  await admin.locator('#template-reset').getByRole('button', { name: 'Volver al texto por defecto' }).click();
  await expect(admin.locator('#template-status')).toHaveText('Por defecto');
  await customer.close();
  await supervisor.close();
  await admin.close();
});
