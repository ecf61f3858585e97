import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { CASE_NUMBER, logIn, mailedLink, signUp, waitForForm, waitForHydration } from './helpers';

// Issue 12 (SPEC D1-D3): a manager asks a supplier outside the company by e-mail; the supplier
// answers on the page of the link the real mail carries, with no account; the manager returns
// the answer with a question, the supplier answers again on the same link, the manager accepts.
// The link expires (test clock) and an altered one shows nothing.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The link of the newest mail to `to`, read from what the SMTP server received. */
async function linkMailedTo(to: string): Promise<string> {
  return mailedLink(to, '/r/');
}

async function moveClock(request: APIRequestContext, change: object) {
  const r = await request.post('/test/clock', { data: change });
  expect(r.ok()).toBe(true);
}

async function judge(manager: Page, step: 'return' | 'accept', question?: string) {
  await manager.reload();
  await waitForHydration(manager);
  await waitForForm(manager, '#info-requests');
  const form = manager.locator(`form.request-step[data-step="${step}"]`);
  if (question) await form.getByLabel('Nueva pregunta').fill(question);
  await form.getByRole('button').click();
}

test('a supplier answers an information request on an expiring link, twice, until accepted', async ({ browser, request }) => {
  // A customer's case reaches the folder's manager.
  const customer = await browser.newPage();
  await signUp(customer, 'Pilar Proveedora');
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('claim');
  await customer.getByLabel('Asunto').fill('Yogur caducado del lote 42');
  await customer.getByLabel('Descripción').fill('El yogur llegó caducado en el pedido 5521.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();
  expect(number).toMatch(CASE_NUMBER);

  // The manager asks the supplier, by address, sharing the summary.
  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto(`/cases/${number}`);
  await waitForHydration(manager);
  await waitForForm(manager, '#info-requests');
  const supplier = `lacteos.${Date.now()}@example.com`;
  const ask = manager.locator('#ask-form');
  await ask.getByLabel('A alguien de fuera, por correo').check();
  await ask.getByLabel('Correo del destinatario').fill(supplier);
  await ask.getByLabel('Nombre del destinatario').fill('Lácteos del Norte');
  await ask.getByLabel('Idioma del destinatario').selectOption('en');
  await ask.getByLabel('Asunto', { exact: true }).fill('Production record of batch 42');
  await ask.getByLabel('Mensaje', { exact: true }).fill('Please send the production record of batch 42.');
  await ask.getByRole('button', { name: 'Enviar la petición' }).click();
  const thread = manager.locator('.request[data-subject="Production record of batch 42"]');
  await expect(thread).toHaveAttribute('data-state', 'waiting');

  // The real mail carries the link; a browser with no session opens it.
  const link = await linkMailedTo(supplier);
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  const opened = await outsider.goto(link);
  expect(opened!.status()).toBe(200);
  expect(outsider.url()).not.toContain(link.split('/r/')[1]);
  expect(outsider.url()).toMatch(/\/r\/p\/\d+$/);
  expect(opened!.headers()['referrer-policy']).toBe('no-referrer');
  await expect(outsider.locator('html')).toHaveAttribute('lang', 'en');
  await expect(outsider.getByText('Please send the production record of batch 42.')).toBeVisible();
  await expect(outsider.getByText('El yogur llegó caducado en el pedido 5521.')).toBeVisible();
  // Only the shared parts: nothing of the customer.
  const outsiderHtml = await outsider.content();
  expect(outsiderHtml).not.toContain('Pilar Proveedora');

  // The supplier answers with a PDF.
  await outsider.getByLabel('Your answer').fill('Batch 42 was made on 2 March.');
  await outsider.getByLabel('Attachments').setInputFiles({ name: 'batch-42.pdf', mimeType: 'application/pdf', buffer: PDF });
  await outsider.getByRole('button', { name: 'Send the answer' }).click();
  await expect(outsider.getByText('Thank you: your answer was sent.')).toBeVisible();
  await expect(outsider.locator('#answer-form')).toHaveCount(0);

  // The manager returns it with a question; the thread goes on on the same link.
  await judge(manager, 'return', '¿Y la fecha de caducidad?');
  await expect(thread).toHaveAttribute('data-state', 'waiting');
  await outsider.reload();
  await expect(outsider.getByText('¿Y la fecha de caducidad?')).toBeVisible();
  await outsider.getByLabel('Your answer').fill('It expires on 10 April.');
  await outsider.getByRole('button', { name: 'Send the answer' }).click();
  await expect(outsider.getByText('Thank you: your answer was sent.')).toBeVisible();

  // Accepted: four messages in order, the supplier's file among them.
  await judge(manager, 'accept');
  await expect(thread).toHaveAttribute('data-state', 'accepted');
  await expect(thread.locator('.message')).toHaveCount(4);
  const kinds = await thread.locator('.message').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-kind')));
  expect(kinds).toEqual(['question', 'answer', 'returned', 'answer']);
  await expect(thread.locator('.message').nth(1)).toContainText('Batch 42 was made on 2 March.');
  await expect(thread.getByRole('link', { name: 'batch-42.pdf' })).toBeVisible();
  await expect(thread.locator('.message').nth(3)).toContainText('It expires on 10 April.');

  try {
    // After its expiry the same link is gone: 410, in English, with whom to contact.
    await moveClock(request, { advance_ms: 8 * 24 * 3600 * 1000 });
    const expired = await outsider.goto(link);
    expect(expired!.status()).toBe(410);
    await expect(outsider.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await expect(outsider.getByText('gestor@example.com')).toBeVisible();
  } finally {
    await moveClock(request, { real: true });
  }

  // An altered token shows nothing.
  const token = link.split('/r/')[1];
  const altered = link.replace(token, (token[0] === '0' ? '1' : '0') + token.slice(1));
  const stranger = await (await browser.newContext()).newPage();
  const nothing = await stranger.goto(altered);
  expect(nothing!.status()).toBe(404);
  await expect(stranger.getByText('Production record of batch 42')).toHaveCount(0);
  await expect(stranger.getByText('Yogur caducado')).toHaveCount(0);

  await outsiderContext.close();
  await customer.close();
  await manager.close();
});

// SPEC D4: a question to the customer reaches their own case page, where they answer it; the
// answer waits for the manager like any other.
test('a customer answers a question about their case on its page', async ({ browser }) => {
  const customer = await browser.newPage();
  await signUp(customer, 'Carmen Consultada');
  await customer.goto('/new');
  await waitForForm(customer, '#intake-form');
  await customer.getByLabel('Tipo').selectOption('claim');
  await customer.getByLabel('Asunto').fill('Cobro doble de la cuota');
  await customer.getByLabel('Descripción').fill('Me cobraron dos veces la cuota de noviembre.');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  const number = (await customer.locator('.acknowledgement .case-number').textContent())!.trim();

  const manager = await browser.newPage();
  await logIn(manager, 'gestor@example.com');
  await manager.goto(`/cases/${number}`);
  await waitForHydration(manager);
  await waitForForm(manager, '#info-requests');
  const ask = manager.locator('#ask-form');
  await ask.getByLabel(/Al cliente del caso/).check();
  await ask.getByLabel('Asunto', { exact: true }).fill('Fecha del segundo cobro');
  await ask.getByLabel('Mensaje', { exact: true }).fill('¿En qué fecha vio el segundo cobro?');
  await ask.getByRole('button', { name: 'Enviar la petición' }).click();
  const thread = manager.locator('.request[data-subject="Fecha del segundo cobro"]');
  await expect(thread).toHaveAttribute('data-state', 'waiting');

  await customer.goto(`/cases/${number}`);
  await waitForHydration(customer);
  const question = customer.locator('#info-requests .request[data-subject="Fecha del segundo cobro"]');
  await expect(question).toContainText('¿En qué fecha vio el segundo cobro?');
  await waitForForm(customer, '.answer-form');
  await customer.getByLabel('Su respuesta').fill('El 3 de noviembre.');
  await customer.getByRole('button', { name: 'Enviar la respuesta' }).click();
  await expect(question).toHaveAttribute('data-state', 'answered');
  await expect(customer.locator('.answer-form')).toHaveCount(0);

  await manager.reload();
  await expect(thread).toHaveAttribute('data-state', 'answered');
  await expect(thread.locator('.message[data-kind="answer"]')).toContainText('El 3 de noviembre.');
  await customer.close();
  await manager.close();
});
