import { expect, test } from '@playwright/test';
import { CASE_NUMBER, logIn, waitForForm } from './helpers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

test('an admin imports the coverage registry and the agent sees the check before and after filing', async ({ browser }) => {
  const lines = ['identifier,product,customer,valid_from,valid_to'];
  for (let i = 0; i < 200; i++) lines.push(`POL-${1000 + i},Seguro hogar,Cliente ${i},2025-01-01,2030-12-31`);
  lines[50] = 'POL-BAD,Seguro hogar,Cliente,2025-02-30,2030-12-31';
  lines[120] = ',Seguro hogar,Cliente,2025-01-01,2030-12-31';
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramita-')), 'polizas.csv');
  fs.writeFileSync(csv, lines.join('\n') + '\n');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, 'admin@example.com');
  await admin.goto('/admin');
  await waitForForm(admin, '#coverage-form');
  await admin.getByLabel('Registro de coberturas').setInputFiles(csv);
  await admin.getByRole('button', { name: 'Importar' }).click();
  const report = admin.locator('#coverage-report');
  await expect(report.locator('.imported')).toHaveText('198');
  await expect(report.locator('.rejected')).toHaveText('2');
  await expect(report.locator('li[data-line="51"]')).toContainText('valid_from');
  await expect(report.locator('li[data-line="121"]')).toContainText('falta el identificador');
  await adminContext.close();

  const page = await browser.newPage();
  await logIn(page, 'agente@example.com');
  await page.goto('/desk/new');
  await waitForForm(page, '#intake-form');
  await page.getByLabel('N.º de serie o de póliza').fill('pol-1007');
  await page.getByLabel('Fecha del reclamo').fill('2026-03-15');
  await page.getByRole('button', { name: 'Comprobar cobertura' }).click();
  await expect(page.locator('.coverage-result')).toHaveText('Cubierto');
  await page.getByLabel('Fecha del reclamo').fill('2031-01-15');
  await page.getByRole('button', { name: 'Comprobar cobertura' }).click();
  await expect(page.locator('.coverage-result')).toHaveText('No cubierto');

  await page.getByLabel('Correo del cliente').fill('asegurada@example.com');
  await page.getByLabel('Nombre del cliente').fill('Marta Asegurada');
  await page.getByLabel('Canal').selectOption('email');
  await page.getByLabel('Tipo').selectOption('claim');
  await page.getByLabel('Asunto').fill('Siniestro por inundación');
  await page.getByLabel('Descripción').fill('La clienta reclama los daños de la inundación de enero.');
  await page.getByRole('button', { name: 'Registrar' }).click();
  const number = page.locator('.acknowledgement .case-number');
  await expect(number).toHaveText(CASE_NUMBER);
  await page.goto(`/cases/${(await number.textContent())!.trim()}`);
  await expect(page.locator('#coverage')).toHaveText('No cubierto');
  await expect(page.locator('.facts')).toContainText('POL-1007 · 2031-01-15');
});
