import { expect, test } from '@playwright/test';
import { logIn, signUp, waitForForm, waitForHydration } from './helpers';

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
