// Issue 5: the professionals' planning through the console and the real visit workflows: what is booked shows
// in its slot, a free slot books the visit the planning was opened from, a slot taken is refused, moving an
// appointment there still takes its coded reason, and a nurse's column is closed outside her protocol.
import { describe, expect, it } from 'vitest';
import { parisInstant } from '../../console/app/services/paris-time.server.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { aWorkingDayAhead } from '../support/factories.js';
import { chromiumForSuite, closeBrowserSession, newBrowserSession, screenshot } from '../support/browser.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aSignedInStaffMember, aStaffAccount, signInWithBrowser, type CookieBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();
const chromium = chromiumForSuite();

const text = async (answer: Response) =>
  (await answer.text()).replaceAll('&#x27;', '’').replaceAll('<!-- -->', '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

let sequence = 0;
const aStaff = (role: 'DOCTOR' | 'NURSE', displayName: string) =>
  aStaffAccount(suite(), { role, displayName, email: `planning-${(sequence += 1)}-${Date.now()}@spsti.test` });

async function aScheduledVisit(browser: CookieBrowser, professionalId: string, birthName: string, appointment: string) {
  const visit = await aReturnVisitThroughApi(suite(), { birthName, firstNames: 'Camille' });
  expect((await browser.post(`/visites/${visit.id}`, { intent: 'schedule', appointmentAt: appointment, professionalId, modality: 'IN_PERSON' })).status).toBe(200);
  return visit;
}

const appointmentOf = (visitId: string) =>
  suite().db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { status: true, appointmentAt: true, assignedProfessionalId: true } });

describe('the planning', () => {
  it('shows each booked slot, books a free one for the visit it was opened from, refuses a taken one, and asks a reason to move', { timeout: 120_000 }, async () => {
    const { browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy');
    const [rey, morel] = [await aStaff('DOCTOR', 'Dr Anne Rey'), await aStaff('DOCTOR', 'Dr Paul Morel')];
    await aStaff('NURSE', 'Julien Faure');
    const day = aWorkingDayAhead();
    const booked = await aScheduledVisit(browser, rey.id, 'Faure', `${day}T10:00`);
    const toBook = await aReturnVisitThroughApi(suite(), { birthName: 'Garnier', firstNames: 'Manon' });

    const week = await text(await browser.get(`/planning?vue=semaine&date=${day}&professionnel=${rey.id}`));
    expect(week).toContain('10:00 Camille Faure — Visite de reprise');
    expect(week).toContain('12 créneaux libres');

    const dayView = await browser.get(`/planning?vue=jour&date=${day}&visite=${toBook.id}`);
    const dayHtml = (await dayView.text()).replaceAll('&#x27;', '’').replaceAll('<!-- -->', '');
    expect(dayHtml).toContain('Réservation pour Manon Garnier — Visite de reprise');
    expect(dayHtml).toContain('aria-label="Réserver 10:00 avec Dr Paul Morel — Médecin du travail"');
    expect(dayHtml).not.toContain('aria-label="Réserver 10:00 avec Dr Anne Rey — Médecin du travail"');
    // R-DEL-1: no protocol covers the nurse, so her column takes no booking.
    expect(dayHtml).not.toContain('avec Julien Faure');
    expect(dayHtml).toContain('Hors protocole de délégation ce jour-là (R-DEL-1)');

    const booking = await browser.post('/planning', { visitId: toBook.id, slot: `${morel.id}|${day}T10:00` });
    expect([booking.status, booking.headers.get('location')]).toEqual([302, `/visites/${toBook.id}`]);
    expect(await appointmentOf(toBook.id)).toEqual({ status: 'SCHEDULED', appointmentAt: new Date(parisInstant(`${day}T10:00`)), assignedProfessionalId: morel.id });

    const late = await aReturnVisitThroughApi(suite(), { birthName: 'Perrin', firstNames: 'Hugo' });
    const taken = await browser.post('/planning', { visitId: late.id, slot: `${morel.id}|${day}T10:00` });
    expect(taken.status).toBe(409);
    expect(await text(taken)).toContain('Ce créneau vient d’être pris : choisissez-en un autre.');
    expect((await appointmentOf(late.id)).status).toBe('TO_SCHEDULE');

    // Moving the booked appointment from the planning is a reschedule: its coded reason is required.
    const unexplained = await browser.post('/planning', { visitId: toBook.id, slot: `${morel.id}|${day}T11:00` });
    expect(unexplained.status).toBe(400);
    expect(await text(unexplained)).toContain('Choisissez un motif dans la liste');
    const moved = await browser.post('/planning', { visitId: toBook.id, slot: `${morel.id}|${day}T11:00`, reasonCode: 'EMPLOYEE_UNAVAILABLE' });
    expect(moved.status).toBe(302);
    expect((await appointmentOf(toBook.id)).appointmentAt).toEqual(new Date(parisInstant(`${day}T11:00`)));
    expect((await appointmentOf(booked.id)).appointmentAt).toEqual(new Date(parisInstant(`${day}T10:00`)));
    expect(await text(await browser.get(`/planning?vue=jour&date=${day}&professionnel=${morel.id}`))).toContain('11:00 Manon Garnier — Visite de reprise');
  });

  it('in Chromium: from the visit page to the week, the day, a free slot, and back to the visit booked', { timeout: 120_000 }, async () => {
    const assistant = await aStaffAccount(suite(), { role: 'ASSISTANT', displayName: 'Léa Marchand', email: `planning-lea-${Date.now()}@spsti.test` });
    const vidal = await aStaff('DOCTOR', 'Dr Hélène Vidal');
    const day = aWorkingDayAhead();
    const { browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Karim Benali');
    await aScheduledVisit(browser, vidal.id, 'Lemoine', `${day}T09:00`);
    const visit = await aReturnVisitThroughApi(suite(), { birthName: 'Noël', firstNames: 'Inès' });

    const session = await newBrowserSession(chromium());
    const { page } = session;
    await page.goto(`${suite().baseUrl}/connexion?redirectTo=${encodeURIComponent(`/visites/${visit.id}`)}`);
    await signInWithBrowser(page, assistant);
    await page.getByRole('link', { name: 'Choisir un créneau libre dans le planning' }).click();
    await page.getByLabel('Professionnel').selectOption({ label: 'Dr Hélène Vidal' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/professionnel=/);
    await page.getByText('09:00 Camille Lemoine — Visite de reprise').waitFor();
    await screenshot(page, '36-planning-semaine');
    await page.getByRole('link', { name: new RegExp(`^12 créneaux libres, Dr Hélène Vidal — Médecin du travail, \\w+ ${day.slice(8, 10)}/`) }).click();
    await page.getByRole('button', { name: 'Réserver 09:30 avec Dr Hélène Vidal — Médecin du travail' }).waitFor();
    await screenshot(page, '37-planning-jour');
    await page.getByRole('button', { name: 'Réserver 09:30 avec Dr Hélène Vidal — Médecin du travail' }).click();
    await page.waitForURL(`**/visites/${visit.id}`);
    await page.getByText('Planifiée', { exact: true }).first().waitFor();
    await closeBrowserSession(session);
    expect(await appointmentOf(visit.id)).toEqual({ status: 'SCHEDULED', appointmentAt: new Date(parisInstant(`${day}T09:30`)), assignedProfessionalId: vidal.id });
  });
});
