// The teleconsultation report (compte rendu, R-TELE-11), in French: what was done, prescriptions, who took
// part (professionals, accompanying persons), date and time, technical incidents. Medical content: it is
// filed in the DMST and never sent to the employer (R-TELE-12).
import { createPdfWriter } from './pdf-writer.js';

export interface TeleconsultationReportData {
  serviceName: string;
  employeeName: string;
  employeeBirthDate: string;
  visitTypeLabel: string;
  /** e.g. « lundi 12 janvier 2026 », Europe/Paris. */
  sessionDate: string;
  /** e.g. « de 14:02 à 14:31 (heure de Paris) ». */
  sessionTimes: string;
  consent: string;
  identityCheck: string;
  employeeLocation: string;
  professionals: string[];
  accompanyingPersons: string[];
  actsPerformed: string;
  prescriptions?: string;
  technicalIncidents: string[];
}

export async function renderTeleconsultationReportPdf(data: TeleconsultationReportData): Promise<Uint8Array> {
  const { write, skip, save } = await createPdfWriter(`Compte rendu de téléconsultation — ${data.employeeName}`);
  const section = (title: string, lines: string[]) => {
    skip(8);
    write(title, { bold: true });
    for (const line of lines) write(line);
  };
  write(data.serviceName, { size: 10 });
  skip(10);
  write('Compte rendu de téléconsultation', { size: 18, bold: true });
  skip(8);
  write(`Salarié : ${data.employeeName}, né(e) le ${data.employeeBirthDate}`);
  write(`Visite : ${data.visitTypeLabel}`);
  write(`Séance du ${data.sessionDate}, ${data.sessionTimes}`);
  write(`Consentement : ${data.consent}`);
  write(`Vérification d’identité : ${data.identityCheck}`);
  write(`Lieu et téléphone du salarié pendant la séance : ${data.employeeLocation}`);
  section('Professionnels de santé', data.professionals);
  section('Personnes présentes aux côtés du salarié', data.accompanyingPersons.length > 0 ? data.accompanyingPersons : ['Aucune']);
  section('Actes réalisés', [data.actsPerformed]);
  section('Prescriptions', [data.prescriptions ?? 'Aucune']);
  section('Incidents techniques', data.technicalIncidents.length > 0 ? data.technicalIncidents : ['Aucun']);
  skip(8);
  write('Aucun enregistrement audio ou vidéo n’a été réalisé. Document médical : il ne peut pas être transmis à l’employeur.', { size: 9 });
  return save();
}
