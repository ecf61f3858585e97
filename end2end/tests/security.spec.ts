import { expect, test } from '@playwright/test';
import { logIn, mailedLink, signUp, textedCode, waitForForm, waitForHydration } from './helpers';

// Issue 15: every page runs under a Content-Security-Policy with a nonce per request; Leptos'
// inline scripts carry it, so the pages hydrate and the browser reports no violation.

test('the main pages hydrate under the content security policy without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto('/');
  await waitForHydration(page);
  await logIn(page, 'admin@example.com');
  for (const path of ['/desk', '/admin', '/admin/company', '/analysis', '/analysis/grid']) {
    const response = await page.goto(path);
    expect(response!.headers()['content-security-policy']).toContain("'nonce-");
    expect(response!.headers()['x-frame-options']).toBe('DENY');
    await waitForHydration(page);
  }
  expect(violations).toEqual([]);
});

test('a customer changes their password and their session on another device ends', async ({ browser }) => {
  const phone = await browser.newPage();
  const email = await signUp(phone, 'Paula Contraseña');
  const laptop = await browser.newPage();
  await logIn(laptop, email, 'una contraseña bien larga');
  await expect(laptop.locator('#sessions tbody tr')).toHaveCount(2);
  await expect(laptop.locator('#sessions tr.current')).toHaveCount(1);
  await waitForForm(laptop, '#password-form');
  await laptop.getByLabel('Contraseña actual').fill('no es la mía');
  await laptop.getByLabel('Contraseña nueva').fill('otra contraseña aún más larga');
  await laptop.getByRole('button', { name: 'Cambiar la contraseña' }).click();
  await expect(laptop.locator('#current_password-error')).toContainText('No es su contraseña actual.');
  await expect(laptop.getByLabel('Contraseña nueva')).toHaveValue('otra contraseña aún más larga');
  await laptop.getByLabel('Contraseña actual').fill('una contraseña bien larga');
  await laptop.getByRole('button', { name: 'Cambiar la contraseña' }).click();
  await expect(laptop.getByText('Contraseña cambiada.')).toBeVisible();
  await expect(laptop.locator('#sessions tbody tr')).toHaveCount(1);
  await phone.goto('/');
  await expect(phone.locator('#account-security')).toHaveCount(0);
});

test('a new customer confirms the address, forgets the password and sets a new one through the mailed link', async ({ browser }) => {
  const first = await browser.newPage();
  const email = await signUp(first, 'Olga Olvido');
  // Until the address is confirmed the portal says so.
  await expect(first.locator('#unconfirmed')).toContainText(email);
  const confirm = await mailedLink(email, '/account/confirm/');
  await first.goto(confirm);
  await waitForForm(first, '#confirm-form');
  await first.getByRole('button', { name: 'Confirmar mi dirección' }).click();
  await expect(first.locator('#confirmed')).toHaveText('Dirección confirmada. Gracias.');
  await first.goto('/');
  await expect(first.getByRole('heading', { name: 'Mis casos' })).toBeVisible();
  await expect(first.locator('#unconfirmed')).toHaveCount(0);

  // Another browser, no session: the log-in page leads to the form that mails a link.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await waitForHydration(page);
  await page.locator('#forgot-link').click();
  await waitForForm(page, '#forgot-form');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Enviarme el enlace' }).click();
  await expect(page.getByRole('status')).toContainText('Si hay una cuenta con esa dirección');
  const reset = await mailedLink(email, '/account/reset/');
  await page.goto(reset);
  await waitForForm(page, '#reset-form');
  await page.getByLabel('Nueva contraseña').fill('corta');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await expect(page.locator('#password-error')).toBeVisible();
  await page.getByLabel('Nueva contraseña').fill('la contraseña nueva de Olga');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await expect(page.getByRole('heading', { name: 'Mis casos' })).toBeVisible();

  // The session of the first browser ended; the link works once; the new password logs in.
  await first.goto('/');
  await expect(first.locator('#account-security')).toHaveCount(0);
  await page.goto(reset);
  await expect(page.locator('#link-refused')).toContainText('ya se usó o ha caducado');
  await logIn(first, email, 'la contraseña nueva de Olga');
  await expect(first.getByRole('heading', { name: 'Mis casos' })).toBeVisible();
});

test('a customer proves a new mobile number with the code texted to it', async ({ page }) => {
  await signUp(page, 'Teresa Texto');
  await waitForForm(page, '#preferences-form');
  const phone = `+57300${String(Date.now()).slice(-7)}`;
  await page.locator('#preferences-form').getByLabel('Por SMS', { exact: true }).check();
  await page.locator('#phone').fill(phone);
  await page.locator('#preferences-form').getByRole('button', { name: 'Guardar' }).click();
  const waiting = page.locator('#phone-confirmation');
  await expect(waiting).toContainText(phone);
  const code = await textedCode(phone);
  await page.getByLabel('Código recibido por SMS').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Confirmar el número' }).click();
  await expect(page.locator('#code-error')).toContainText('No es el código que enviamos');
  await expect(page.getByLabel('Código recibido por SMS')).toBeVisible();
  await page.getByLabel('Código recibido por SMS').fill(code);
  await page.getByRole('button', { name: 'Confirmar el número' }).click();
  await expect(page.locator('#phone-confirmed')).toBeVisible();
  await expect(waiting).toHaveCount(0);
});
