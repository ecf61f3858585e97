import { expect, Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-tramita';
export const CASE_NUMBER = /^\d{4}-\d{6}$/;

/** A fresh customer account, logged in, on the portal. */
export async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  await page.goto('/signup');
  await waitForForm(page, '#signup-form');
  await page.getByLabel('Nombre completo').fill(name);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill('una contraseña bien larga');
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page.getByRole('heading', { name: 'Mis casos' })).toBeVisible();
  await waitForHydration(page);
  return email;
}

/** Logs in with the demo password and waits for the page it leads to. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await waitForForm(page, '#login-form');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await waitForHydration(page);
}

/** The WASM has taken over the page: the router handles links. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => (window as any).__tramita_hydrated === true);
}

/** The form's handlers are live (it carries data-ready once hydrated). */
export async function waitForForm(page: Page, selector: string) {
  await page.locator(`${selector}[data-ready="true"]`).waitFor();
}
