import { expect, Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-tramita';
export const CASE_NUMBER = /^\d{4}-\d{6}$/;

/** A fresh customer account, logged in. */
export async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Nombre completo').fill(name);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill('una contraseña bien larga');
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page.getByRole('heading', { name: 'Mis casos' })).toBeVisible();
  return email;
}

export async function logIn(page: Page, email: string) {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/** The WASM has taken over the page: event handlers are live. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => (window as any).__tramita_hydrated === true);
}
