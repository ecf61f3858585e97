import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Where the tests' SMTP server writes the mails it receives (serve-for-tests.sh). */
export const MAIL_DIR = process.env.E2E_MAIL_DIR || `/tmp/tramita-e2e-mail-${process.env.E2E_PORT || 3210}`;

/** The newest link to `linkPath` + a 64-digit token in the mails to `to`, waiting for it. */
export async function mailedLink(to: string, linkPath: string): Promise<string> {
  const pattern = new RegExp(`http://[^\\s"]+${linkPath}[0-9a-f]{64}`);
  let link: string | undefined;
  await expect
    .poll(() => {
      // The server names each mail "{pid}-{n}.json", n counting up as they arrive.
      const arrival = (f: string) => Number(f.replace(/\.json$/, '').split('-').pop());
      const mails = fs
        .readdirSync(MAIL_DIR)
        .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
        .sort((a, b) => arrival(a) - arrival(b))
        .map((f) => JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), 'utf8')))
        .filter((m) => m.rcpt_tos.includes(to));
      link = mails.map((m) => pattern.exec(m.text)?.[0]).filter(Boolean).pop();
      return Boolean(link);
    }, { timeout: 30_000 })
    .toBe(true);
  return link!;
}

/** Where the server under test keeps its data; text messages land in its `outbox/` folder. */
export const DATA_DIR = process.env.E2E_DATA_DIR || `/tmp/tramita-e2e-data-${process.env.E2E_PORT || 3210}`;

/** The newest six-digit code texted to `phone` (E.164), waiting for it. */
export async function textedCode(phone: string): Promise<string> {
  const outbox = path.join(DATA_DIR, 'outbox');
  let code: string | undefined;
  await expect
    .poll(() => {
      if (!fs.existsSync(outbox)) return false;
      const texts = fs
        .readdirSync(outbox)
        .filter((f) => f.endsWith('.sms.txt'))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
        .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'))
        .filter((t) => t.startsWith(`To: ${phone}\n`));
      code = texts.map((t) => /\b(\d{6})\b/.exec(t)?.[1]).filter(Boolean).pop();
      return Boolean(code);
    }, { timeout: 30_000 })
    .toBe(true);
  return code!;
}
