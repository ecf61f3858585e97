import { expect, test } from '@playwright/test';
import { logIn, waitForForm } from './helpers';

test('an admin creates an agent who can then log in and reach the desk', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, 'admin@example.com');
  await expect(admin.getByRole('heading', { name: 'Casos abiertos' })).toBeVisible();
  await admin.getByRole('link', { name: 'Administración' }).click();
  await expect(admin.getByRole('heading', { name: 'Personal' })).toBeVisible();
  await waitForForm(admin, '#staff-form');

  const email = `nueva.agente.${Date.now()}@example.com`;
  await admin.getByLabel('Nombre completo').fill('Nueva Agente');
  await admin.getByLabel('Correo electrónico').fill(email);
  await admin.getByLabel('Rol').selectOption('agent');
  await admin.getByLabel('Contraseña').fill('corta');
  await admin.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(admin.locator('#password-error')).toContainText('Demasiado corto');
  await expect(admin.getByLabel('Correo electrónico')).toHaveValue(email);

  await admin.getByLabel('Contraseña').fill('contraseña de la nueva agente');
  await admin.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(admin.getByText('Usuario creado.')).toBeVisible();
  await expect(admin.locator('#staff')).toContainText(email);
  await adminContext.close();

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await agent.goto('/login');
  await waitForForm(agent, '#login-form');
  await agent.getByLabel('Correo electrónico').fill(email);
  await agent.getByLabel('Contraseña').fill('contraseña de la nueva agente');
  await agent.getByRole('button', { name: 'Entrar' }).click();
  await expect(agent.getByRole('heading', { name: 'Casos abiertos' })).toBeVisible();
  await expect(agent.getByRole('link', { name: 'Administración' })).toHaveCount(0);
  const refused = await agent.goto('/admin');
  expect(refused!.status()).toBe(404);
  await expect(agent.getByText('No encontramos esta página o no tiene acceso a ella.')).toBeVisible();

  // Issue 15: the admin disables the account from its page; the agent's session ends at once.
  const adminAgain = await (await browser.newContext()).newPage();
  await logIn(adminAgain, 'admin@example.com');
  await adminAgain.goto('/admin');
  const edit = await adminAgain.locator(`#staff tr[data-staff="${email}"] a`).getAttribute('href');
  await adminAgain.goto(edit!);
  await waitForForm(adminAgain, '#staff-edit');
  await adminAgain.locator('#staff-active').uncheck();
  await adminAgain.getByRole('button', { name: 'Guardar' }).click();
  await expect(adminAgain.getByText('Guardado.')).toBeVisible();
  await agent.goto('/desk');
  await expect(agent.getByText('Entre con su cuenta para continuar.')).toBeVisible();
  await agentContext.close();
});
