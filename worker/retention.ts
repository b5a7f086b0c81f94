// `npm run retention [-- --apply]` (R-DATA-1): lists the DMSTs whose last visit is more than 40 years old and
// what would be deleted; `--apply` purges them. Dry run unless asked: a deletion cannot be undone.
import { createDb } from '../activities/db.js';
import { expiredRecords, purgeRecord, RETENTION_YEARS } from '../activities/domain/retention.js';
import { frenchDate, parisCivilDate } from '../workflows/rules/calendar.js';

// Without DATABASE_URL, the embedded stack's database (`npm start`).
const databaseUrl = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? '5488'}/spsti`;
const apply = process.argv.includes('--apply');
const db = createDb(databaseUrl);
try {
  const records = await expiredRecords(db, parisCivilDate(new Date()));
  console.log(`${records.length} dossier(s) dont la dernière visite date de plus de ${RETENTION_YEARS} ans${apply ? '' : ' (simulation : rien n’est supprimé, ajoutez --apply)'}`);
  for (const record of records) {
    const rows = Object.entries(record.rows)
      .filter(([, count]) => count > 0)
      .map(([table, count]) => `${table} ${count}`)
      .join(', ');
    const done = apply ? ((await purgeRecord(db, record.employeeId)) ? ' — supprimé' : ' — conservé (demande ou gel arrivé entre-temps)') : '';
    console.log(`${record.employeeId} ${record.name}, dernière visite le ${frenchDate(parisCivilDate(record.lastVisit))} : ${rows}${done}`);
  }
} finally {
  await db.$disconnect();
}
