import { expect, test } from '@playwright/test';
import { CASE_NUMBER, logIn, waitForForm, waitForHydration } from './helpers';

// SPEC A2, A7, B2, B3: an admin shapes a case type's form; an agent's draft of that type is
// checked field by field, shows the missing document and the routed manager, and is opened;
// the manager finds it on the desk.
test('an admin adds a case type with its form, an agent opens a complete draft of it, the manager finds it', async ({ browser }) => {
  const typeName = `Garantías ${Date.now()}`;

  const admin = await browser.newPage();
  await logIn(admin, 'admin@example.com');
  await admin.goto('/admin');
  await waitForHydration(admin);
  await admin.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForForm(admin, '#folder');
  const types = admin.locator('#catalog-case_type');
  await types.getByLabel('Añadir — Tipos de caso').fill(typeName);
  await types.getByLabel('Vinculado a').selectOption('customers');
  await types.getByRole('button', { name: 'Añadir' }).click();
  const typeRow = types.locator(`li.entry[data-entry="${typeName}"]`);
  await typeRow.getByRole('link', { name: 'Formulario y documentos' }).click();
  await waitForForm(admin, '#case-type');
  await expect(admin.getByRole('heading', { name: `${typeName} — Formulario y documentos` })).toBeVisible();

  const addField = admin.locator('#add-field');
  const fields = admin.locator('#extra-fields li.entry');
  await addField.getByLabel('Etiqueta').fill('Número de serie');
  await addField.getByLabel('Clase de dato').selectOption('text');
  await addField.getByLabel('Obligatorio').check();
  await addField.getByLabel('Ayuda').fill('Está en la placa trasera del equipo.');
  await addField.getByRole('button', { name: 'Añadir campo' }).click();
  await expect(fields).toHaveCount(1);

  // A money field needs its currency: the admin is told and fixes it.
  await addField.getByLabel('Etiqueta').fill('Importe reclamado');
  await addField.getByLabel('Clase de dato').selectOption('money');
  await addField.getByRole('button', { name: 'Añadir campo' }).click();
  await expect(addField.locator('#currency-error')).toHaveText('Este campo es obligatorio.');
  await addField.getByLabel('Moneda').fill('COP');
  await addField.getByRole('button', { name: 'Añadir campo' }).click();
  await expect(fields).toHaveCount(2);

  await addField.getByLabel('Etiqueta').fill('Lugar de compra');
  await addField.getByLabel('Clase de dato').selectOption('single_choice');
  await addField.getByLabel('Opciones').fill('Tienda\nPágina web\nDistribuidor');
  await addField.getByRole('button', { name: 'Añadir campo' }).click();
  await expect(fields).toHaveCount(3);
  await expect(fields.nth(0)).toContainText('Obligatorio');
  await expect(fields.nth(1)).toContainText('COP');

  const addDocument = admin.locator('#add-document');
  await addDocument.getByLabel('Nombre').fill('Factura de compra');
  await addDocument.getByRole('button', { name: 'Añadir documento' }).click();
  await expect(admin.locator('#required-documents li.entry[data-entry="Factura de compra"]')).toBeVisible();

  // The routing table sends this type from own stores to the manager.
  await admin.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForForm(admin, '#folder');
  await admin.getByRole('link', { name: 'Asignación de casos' }).click();
  await waitForForm(admin, '#routing');
  const rule = admin.locator('#routing-rule-form');
  await rule.getByLabel('Tipo de caso').selectOption({ label: typeName });
  await rule.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await rule.getByLabel('Gestor').selectOption({ label: 'Gabriela Gestora' });
  await rule.getByRole('button', { name: 'Asignar' }).click();
  await expect(admin.locator(`#routing-rules tr[data-rule="${typeName} / Tiendas propias"]`)).toContainText('Gabriela Gestora');
  await admin.close();

  const agent = await browser.newPage();
  await logIn(agent, 'agente@example.com');
  await agent.goto('/desk/new');
  await waitForForm(agent, '#intake-form');
  await agent.getByLabel('Correo del cliente').fill('lavadora@example.com');
  await agent.getByLabel('Nombre del cliente').fill('Luis Lavadora');
  await agent.getByLabel('Canal').selectOption('phone');
  await agent.getByLabel('Tipo').selectOption('claim');
  await agent.getByLabel('Asunto').fill('La lavadora no centrifuga');
  await agent.getByLabel('Descripción').fill('El cliente llama: la lavadora dejó de centrifugar a los tres meses.');
  await agent.getByRole('button', { name: 'Registrar' }).click();
  const number = agent.locator('.acknowledgement .case-number');
  await expect(number).toHaveText(CASE_NUMBER);
  const caseNumber = (await number.textContent())!.trim();
  await agent.getByRole('link', { name: 'Completar el borrador' }).click();
  await waitForForm(agent, '#draft-form');

  await agent.getByLabel('Tipo de caso').selectOption({ label: typeName });
  const serial = agent.getByLabel('Número de serie *');
  await expect(serial).toBeVisible();
  await expect(agent.locator('#required-documents [data-document="Factura de compra"]')).toContainText('Falta');

  // The browser applies the field's rules as soon as a value changes.
  const amount = agent.getByLabel('Importe reclamado');
  await amount.fill('mil quinientos');
  await amount.blur();
  const amountError = agent.locator('.extra-field[data-field="Importe reclamado"] .field-error');
  await expect(amountError).toHaveText('Escriba un número, por ejemplo 1500 o 12,50.');
  await amount.fill('1500');
  await amount.blur();
  await expect(amountError).toHaveCount(0);

  // Opening asks for the required field and the missing document; nothing typed is lost.
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(agent.locator('.extra-field[data-field="Número de serie"] .field-error')).toHaveText('Este campo es obligatorio.');
  await expect(agent.locator('[data-document="Factura de compra"] .field-error')).toContainText('Falta este documento');
  await expect(amount).toHaveValue('1500');

  await serial.fill('LV-99812');
  await agent.getByLabel('Lugar de compra').selectOption('Tienda');
  await agent.getByLabel('Factura de compra').setInputFiles({
    name: 'factura.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await agent.getByLabel('Grupo').selectOption({ label: 'Tiendas propias' });
  await expect(agent.locator('#routed-manager')).toContainText('Gabriela Gestora');
  await expect(agent.locator('#routed-manager')).toContainText('tabla tipo × grupo');
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();

  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'open');
  await expect(agent.locator('#fact-manager')).toContainText('Gabriela Gestora');
  await expect(agent.locator('#case-values')).toContainText('LV-99812');
  await expect(agent.locator('#case-values')).toContainText('1500.00 COP');
  await expect(agent.locator('#checklist [data-document="Factura de compra"]')).toHaveAttribute('data-status', 'present');
  await agent.close();

  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto('/desk');
  await waitForHydration(manager);
  await manager.getByLabel('Asignados a mí').check();
  await manager.getByRole('button', { name: 'Filtrar' }).click();
  await expect(manager).toHaveURL(/manager=\d+/);
  const row = manager.locator(`#desk-cases tr[data-case-number="${caseNumber}"]`);
  await expect(row).toContainText('Luis Lavadora');
  await expect(row.locator('td.manager')).toHaveText('Gabriela Gestora');

  // The manager is offered only their step and takes it (SPEC C4).
  await row.getByRole('link', { name: caseNumber }).click();
  await waitForForm(manager, '#handling');
  await expect(manager.locator('#handling .step-form')).toHaveCount(1);
  await manager.getByRole('button', { name: 'Iniciar la gestión' }).click();
  await expect(manager.locator('article.case')).toHaveAttribute('data-state', 'in_progress');
  await waitForForm(manager, '#handling');
  await manager.getByRole('button', { name: 'Enviar a cierre' }).click();
  await expect(manager.locator('article.case')).toHaveAttribute('data-state', 'pending_closure');
  await manager.close();

  // Customer service validates the result with the customer and closes with their satisfaction.
  const closer = await browser.newPage();
  await logIn(closer, 'agente@example.com');
  await closer.goto(`/cases/${caseNumber}`);
  await waitForForm(closer, '#handling');
  await closer.getByRole('button', { name: 'Cerrar el caso' }).click();
  await expect(closer.locator('#satisfaction-error')).toHaveText('Este campo es obligatorio.');
  await closer.getByLabel('Satisfacción del cliente').selectOption('5');
  await closer.getByLabel('Comentario del cliente').fill('Le cambiaron la lavadora.');
  await closer.getByRole('button', { name: 'Cerrar el caso' }).click();
  await expect(closer.locator('article.case')).toHaveAttribute('data-state', 'closed');
  await expect(closer.locator('#fact-satisfaction')).toHaveText('5/5 · Le cambiaron la lavadora.');
  await closer.close();
});

test('a missing document is asked of the customer, who sends it from the portal', async ({ browser }) => {
  const agent = await browser.newPage();
  await logIn(agent, 'admin@example.com');
  // The admin gives the demo type "Socios" a required document, once.
  await agent.goto('/admin');
  await waitForHydration(agent);
  await agent.getByRole('link', { name: 'Casos de Clientes' }).click();
  await waitForForm(agent, '#folder');
  await agent.locator('#catalog-case_type li.entry[data-entry="Socios"]').getByRole('link', { name: 'Formulario y documentos' }).click();
  await waitForForm(agent, '#case-type');
  const docName = `Contrato ${Date.now()}`;
  await agent.locator('#add-document').getByLabel('Nombre').fill(docName);
  await agent.locator('#add-document').getByRole('button', { name: 'Añadir documento' }).click();
  await expect(agent.locator(`#required-documents li.entry[data-entry="${docName}"]`)).toBeVisible();

  await agent.goto('/desk/new');
  await waitForForm(agent, '#intake-form');
  await agent.getByLabel('Correo del cliente').fill('cliente@example.com');
  await agent.getByLabel('Nombre del cliente').fill('Camila Cliente');
  await agent.getByLabel('Canal').selectOption('email');
  await agent.getByLabel('Tipo').selectOption('request');
  await agent.getByLabel('Asunto').fill('Cambio de condiciones del contrato');
  await agent.getByLabel('Descripción').fill('El socio pide revisar las condiciones del contrato de distribución.');
  await agent.getByRole('button', { name: 'Registrar' }).click();
  const caseNumber = (await agent.locator('.acknowledgement .case-number').textContent())!.trim();
  await agent.getByRole('link', { name: 'Completar el borrador' }).click();
  await waitForForm(agent, '#draft-form');
  await agent.getByLabel('Tipo de caso').selectOption({ label: 'Socios' });
  await agent.getByLabel('Grupo').selectOption({ label: 'Distribuidores' });
  const slot = agent.locator(`#required-documents [data-document="${docName}"]`);
  await slot.getByRole('button', { name: 'Pedir al cliente' }).click();
  await expect(agent.locator('.notice.ok')).toHaveText('Borrador guardado.');
  await waitForForm(agent, '#draft-form');
  await expect(agent.locator(`#required-documents [data-document="${docName}"]`)).toHaveAttribute('data-status', 'requested');
  await expect(agent.locator('#routed-manager')).toContainText('Sergio Supervisor');
  await agent.getByRole('button', { name: 'Abrir el caso' }).click();
  await expect(agent.locator('article.case')).toHaveAttribute('data-state', 'open');
  await agent.close();

  const customer = await browser.newPage();
  await logIn(customer, 'cliente@example.com');
  await customer.goto(`/cases/${caseNumber}`);
  const request = customer.locator(`#document-requests li[data-document="${docName}"]`);
  await expect(request).toBeVisible();
  await customer.locator('form.answer[data-ready="true"]').waitFor();
  await request.getByLabel(docName).setInputFiles({
    name: 'contrato.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await request.getByRole('button', { name: 'Enviar documento' }).click();
  await expect(customer.locator(`#document-requests li[data-document="${docName}"]`)).toContainText('Enviado');
  await expect(customer.locator('.attachments')).toContainText('contrato.pdf');
  await customer.close();
});
