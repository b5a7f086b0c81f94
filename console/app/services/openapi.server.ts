// The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json. Enumerations come from the
// domain's own lists, and the follow-up events from the workflow's own schema, so the document cannot
// drift from what the API accepts.
import { followUpEventSchema } from '../../../workflows/follow-up/messages.js';
import type { FollowUpEventType } from '../../../workflows/rules/follow-up-types.js';
import { riskCodes, stoppageCauses } from '../../../workflows/rules/protocol-config.js';
import { visitOutcomes, visitTypes } from '../../../workflows/rules/visit-types.js';
import { VisitStatus } from '../../../prisma/generated/enums.js';
import { jsonSchemaOf, type JsonSchema } from './json-schema.server.js';

const civilDate = { type: 'string', format: 'date', examples: ['2026-03-12'] } as const;
const uuid = { type: 'string', format: 'uuid' } as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const commonErrors = {
  '400': errorResponse('Données invalides : `error.fields` donne le message de chaque champ fautif ; rien n’est enregistré.'),
  '401': errorResponse('Clé d’API absente, invalide ou révoquée.'),
  '429': errorResponse('Trop de requêtes avec cette clé d’API dans la minute (600 par défaut) : réessayez après le délai de l’en-tête `Retry-After`.'),
};

const jsonBody = (schema: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

const visitList = {
  type: 'object',
  required: ['visits'],
  properties: { visits: { type: 'array', items: { $ref: '#/components/schemas/Visit' } } },
} as const;

const employeeIdParameter = { name: 'id', in: 'path', required: true, schema: uuid, description: 'Identifiant du salarié' } as const;
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description:
    'Clé choisie par le client (ex. un UUID) : la même requête renvoyée avec la même clé reçoit la première réponse ' +
    '(en-tête « Idempotent-Replayed: true ») au lieu de créer une seconde ressource. Une autre requête avec une clé déjà servie : 422 ; ' +
    'la première encore en cours : 409.',
} as const;

/** What each event means, with the rules it brings into play. */
const eventSummaries: Record<FollowUpEventType, string> = {
  POST_CHANGED: 'Changement de poste ; la catégorie de suivi est recalculée (R-CAT-1 à 3), un poste SIR impose l’examen d’aptitude avant affectation (R-SIR-1).',
  SITUATION_CHANGED: 'Changement de situation : apprenti, handicap, pension d’invalidité, grossesse (R-CAT-2, R-VIP-3). Seuls les champs envoyés changent.',
  STOPPAGE_DECLARED: 'Arrêt de travail ; ouvre la visite de reprise quand elle est obligatoire (R-REPRISE-1).',
  STOPPAGE_EXTENDED: 'Prolongation d’un arrêt : nouvelle date de reprise prévue.',
  RETURN: 'Reprise du travail, éventuellement à temps partiel thérapeutique (R-REPRISE-2, R-REPRISE-4).',
  FULL_TIME_RETURN: 'Reprise à temps plein après un temps partiel thérapeutique (R-REPRISE-4).',
  PRE_REPRISE_REQUESTED: 'Demande de visite de pré-reprise pendant un arrêt de plus de 30 jours ; jamais par l’employeur (R-PRE-1, R-OPS-2).',
  LIAISON_REQUESTED: 'Rendez-vous de liaison accepté par le salarié (R-LIAISON-1).',
  VISIT_REQUESTED: 'Visite à la demande du salarié, de l’employeur ou du médecin du travail (R-DEMANDE-1).',
  EXPOSURE_ENDED: 'Fin d’exposition à un risque du suivi renforcé : visite de fin d’exposition (R-POST-1).',
  RETIREMENT_ANNOUNCED: 'Départ en retraite annoncé : visite de fin de carrière pour les salariés suivis, ou ayant été suivis, en SIR (R-POST-1).',
  DEPARTURE: 'Départ du salarié : le suivi est clos et ses visites ouvertes sont annulées ; aucun événement n’est plus accepté ensuite.',
};

/** POST_CHANGED → PostChangedEvent: one component per event type, named for code generators. */
function eventSchemaName(type: FollowUpEventType): string {
  const words = type.toLowerCase().split('_');
  return `${words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}Event`;
}

const eventSchemas: Record<string, JsonSchema> = Object.fromEntries(
  followUpEventSchema.options.map((option) => {
    const type = option.shape.type.value;
    return [eventSchemaName(type), { title: type, description: eventSummaries[type], ...jsonSchemaOf(option) }];
  }),
);

const followUpEvent = {
  description: 'Un événement du suivi du salarié, selon son champ `type`.',
  oneOf: Object.keys(eventSchemas).map((name) => ({ $ref: `#/components/schemas/${name}` })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(followUpEventSchema.options.map((option) => [option.shape.type.value, `#/components/schemas/${eventSchemaName(option.shape.type.value)}`])),
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'API du service de prévention et de santé au travail',
    version: '1.0.0',
    description:
      'Déclaration des adhérents, des salariés et des arrêts de travail ; suivi des visites qui en découlent. ' +
      'Toutes les dates civiles sont au format AAAA-MM-JJ (calendrier de Paris). Les messages d’erreur sont en français. ' +
      'Une clé d’API du service voit tout ; une clé d’entreprise ne voit et ne modifie que les salariés et visites de son entreprise : ' +
      'ceux d’une autre entreprise sont « introuvables » (404), et l’enregistrement d’un adhérent lui est refusé (403 FORBIDDEN).',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ apiKey: [] }],
  paths: {
    '/employers': {
      post: {
        operationId: 'createEmployer',
        summary: 'Enregistrer un adhérent (employeur)',
        parameters: [idempotencyKeyParameter],
        requestBody: jsonBody('EmployerInput'),
        responses: {
          '201': {
            description: 'Adhérent enregistré.',
            content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: uuid } } } },
          },
          ...commonErrors,
          '409': errorResponse('Un adhérent avec ce SIRET existe déjà.'),
        },
      },
    },
    '/employees': {
      post: {
        operationId: 'createEmployee',
        summary: 'Enregistrer un salarié et son poste ; la catégorie de suivi (SIS, SIA, SIR) en est déduite',
        parameters: [idempotencyKeyParameter],
        requestBody: jsonBody('EmployeeInput'),
        responses: {
          '201': {
            description: 'Salarié enregistré.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'followUpCategory'],
                  properties: { id: uuid, followUpCategory: { type: 'string', enum: ['SIS', 'SIA', 'SIR'] } },
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    '/employees/{id}/events': {
      post: {
        operationId: 'recordEmployeeEvent',
        summary: 'Déclarer un événement du suivi du salarié ; les visites qu’il rend nécessaires sont ouvertes',
        parameters: [employeeIdParameter, idempotencyKeyParameter],
        requestBody: jsonBody('FollowUpEvent'),
        responses: {
          '201': {
            description: 'Événement enregistré, avec les visites qu’il a ouvertes (souvent aucune).',
            content: { 'application/json': { schema: visitList } },
          },
          ...commonErrors,
          '404': errorResponse('Salarié introuvable.'),
          '422': errorResponse(
            'Événement refusé par le suivi, avec la raison en français : salarié parti, arrêt inconnu, date antérieure à l’embauche… Rien n’est enregistré.',
          ),
          '423': errorResponse('Dossier du salarié gelé par une demande de limitation (R-DATA-3) : rien n’est enregistré tant que le gel n’est pas levé.'),
          '503': errorResponse('Moteur de processus indisponible, ou suivi en cours d’ouverture : rien n’a été enregistré, réessayez.'),
        },
      },
    },
    '/employees/{id}/follow-up': {
      get: {
        operationId: 'getFollowUpPlan',
        summary: 'Lire le suivi du salarié : catégorie, visites passées, visites en cours et prochaines échéances',
        parameters: [employeeIdParameter],
        responses: {
          '200': { description: 'Le suivi.', content: { 'application/json': { schema: { $ref: '#/components/schemas/FollowUpPlan' } } } },
          '401': commonErrors['401'],
          '429': commonErrors['429'],
          '404': errorResponse('Salarié introuvable.'),
          '503': errorResponse('Moteur de processus indisponible : réessayez.'),
        },
      },
    },
    '/work-stoppages': {
      post: {
        operationId: 'declareWorkStoppage',
        summary: 'Déclarer un arrêt de travail ; la visite de reprise est créée quand elle est obligatoire',
        parameters: [idempotencyKeyParameter],
        requestBody: jsonBody('WorkStoppageInput'),
        responses: {
          '201': {
            description: 'Arrêt enregistré, avec les visites qu’il déclenche (aucune, ou la visite de reprise).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'visits'],
                  properties: { id: uuid, visits: visitList.properties.visits },
                },
              },
            },
          },
          ...commonErrors,
          '423': errorResponse('Dossier du salarié gelé par une demande de limitation (R-DATA-3) : rien n’est enregistré tant que le gel n’est pas levé.'),
          '503': errorResponse('Moteur de processus indisponible : rien n’a été enregistré, réessayez.'),
        },
      },
    },
    '/visits': {
      get: {
        operationId: 'listVisits',
        summary: 'Lister les visites, échéance la plus proche d’abord',
        parameters: [
          { name: 'employeeId', in: 'query', schema: uuid },
          { name: 'status', in: 'query', schema: { type: 'string', enum: Object.values(VisitStatus) } },
          { name: 'type', in: 'query', schema: { type: 'string', enum: visitTypes } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: {
          '200': { description: 'Visites correspondantes.', content: { 'application/json': { schema: visitList } } },
          ...commonErrors,
        },
      },
    },
    '/billed-absences': {
      get: {
        operationId: 'listBilledAbsences',
        summary: 'R-OPS-1 : lister les rendez-vous manqués facturés à l’entreprise, le plus récent d’abord, avec l’heure limite d’excuse',
        parameters: [
          { name: 'employerId', in: 'query', schema: uuid, description: 'Clé du service seulement : un adhérent ; une clé d’entreprise ne voit que le sien' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: {
          '200': {
            description: 'Absences facturées.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['billedAbsences'],
                  properties: {
                    billedAbsences: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['id', 'visitId', 'visitType', 'employeeId', 'employerId', 'appointmentAt', 'excuseDueAt', 'excusedAt'],
                        properties: {
                          id: uuid,
                          visitId: uuid,
                          visitType: { type: 'string', enum: visitTypes },
                          employeeId: uuid,
                          employerId: uuid,
                          appointmentAt: { type: 'string', format: 'date-time', description: 'Le rendez-vous manqué' },
                          excuseDueAt: { type: 'string', format: 'date-time', description: 'L’heure limite pour excuser l’absence sans facturation' },
                          excusedAt: { type: ['string', 'null'], format: 'date-time', description: 'L’excuse arrivée trop tard, ou null (absence sans excuse)' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    '/visits/{id}': {
      get: {
        operationId: 'getVisit',
        summary: 'Lire une visite',
        parameters: [{ name: 'id', in: 'path', required: true, schema: uuid }],
        responses: {
          '200': { description: 'La visite.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Visit' } } } },
          '401': commonErrors['401'],
          '429': commonErrors['429'],
          '404': errorResponse('Visite introuvable.'),
        },
      },
    },
    '/visits/{id}/reorientation': {
      post: {
        operationId: 'relayMaternityRequest',
        summary: 'R-DEL-4 : orienter vers le médecin, sans délai, une salariée enceinte, venant d’accoucher ou allaitante qui le demande',
        parameters: [{ name: 'id', in: 'path', required: true, schema: uuid }, idempotencyKeyParameter],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['details'],
                properties: { details: { type: 'string', minLength: 3, maxLength: 2000, description: 'Ce que le médecin doit savoir (donnée de santé).' } },
              },
            },
          },
        },
        responses: {
          '202': { description: 'Demande transmise : la tâche du médecin est ouverte.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Visit' } } } },
          ...commonErrors,
          '404': errorResponse('Visite introuvable.'),
          '422': errorResponse('Refusée par la visite, avec la raison en français : visite close ou déjà réorientée.'),
          '423': errorResponse('Dossier gelé par une demande de limitation (R-DATA-3).'),
          '503': errorResponse('Moteur de processus indisponible : rien n’a été transmis, réessayez.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer', description: 'Clé d’API remise par le service : « Authorization: Bearer <clé> ».' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'REFUSED', 'UNAVAILABLE', 'FROZEN', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'METHOD_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE', 'INTERNAL'] },
              message: { type: 'string', description: 'Message en français' },
              fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Message par champ (chemin pointé, ex. « post.risks.0 »)' },
            },
          },
        },
      },
      EmployerInput: {
        type: 'object',
        required: ['name', 'siret'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, description: 'Raison sociale' },
          siret: { type: 'string', pattern: '^[0-9 ]+$', description: '14 chiffres, clé de Luhn valide ; les espaces sont ignorés' },
          contactEmail: { type: 'string', format: 'email', maxLength: 254, description: 'Adresse de l’entreprise pour les attestations, avis et la déclaration annuelle des effectifs' },
        },
      },
      EmployeeInput: {
        type: 'object',
        required: ['employerId', 'birthName', 'firstNames', 'birthDate', 'sex', 'birthPlace', 'email', 'phone', 'hireDate', 'post'],
        properties: {
          employerId: uuid,
          birthName: { type: 'string', maxLength: 200 },
          usedName: { type: 'string', maxLength: 200 },
          firstNames: { type: 'string', maxLength: 200 },
          birthDate: civilDate,
          sex: { type: 'string', enum: ['F', 'M'] },
          birthPlace: { type: 'string', maxLength: 200 },
          ins: { type: 'string', pattern: '^[0-9]{13}([0-9]{2})?$', description: 'Identifiant national de santé' },
          email: { type: 'string', format: 'email' },
          phone: { type: 'string', pattern: '^\\+?[0-9 .-]{6,20}$' },
          hireDate: civilDate,
          apprentice: { type: 'boolean', default: false, description: 'Apprenti (R-VIP-1 : visite initiale sous 2 mois)' },
          disabled: { type: 'boolean', default: false, description: 'Travailleur handicapé (R-CAT-2)' },
          invalidityPension: { type: 'boolean', default: false, description: 'Titulaire d’une pension d’invalidité (R-CAT-2)' },
          pregnant: { type: 'boolean', default: false, description: 'Grossesse déclarée par la salariée elle-même (R-CAT-2)' },
          previousFollowUp: {
            type: 'object',
            description: 'Dernier suivi connu du service, pour la dispense de visite initiale (R-VIP-4)',
            required: ['lastVipDate', 'sameJobEquivalentExposure', 'attestationHeld', 'measuresOrInaptitudeInLookback'],
            properties: {
              lastVipDate: civilDate,
              sameJobEquivalentExposure: { type: 'boolean' },
              attestationHeld: { type: 'boolean' },
              measuresOrInaptitudeInLookback: { type: 'boolean' },
              nextDueDate: civilDate,
            },
          },
          post: {
            type: 'object',
            required: ['title', 'risks', 'nightWork'],
            properties: {
              title: { type: 'string', maxLength: 200 },
              risks: { type: 'array', items: { type: 'string', enum: riskCodes }, description: 'Risques du poste (R-CAT-2, R-CAT-3)' },
              nightWork: { type: 'boolean' },
            },
          },
        },
      },
      WorkStoppageInput: {
        type: 'object',
        required: ['employeeId', 'cause', 'startDate'],
        properties: {
          employeeId: uuid,
          cause: { type: 'string', enum: stoppageCauses },
          startDate: { ...civilDate, description: 'Premier jour d’arrêt' },
          returnDate: { ...civilDate, description: 'Premier jour de reprise du travail, s’il est connu' },
        },
      },
      FollowUpEvent: followUpEvent,
      ...eventSchemas,
      FollowUpPlan: {
        type: 'object',
        required: ['category', 'past', 'current', 'next'],
        properties: {
          category: { type: 'string', enum: ['SIS', 'SIA', 'SIR'], description: 'Catégorie de suivi (R-CAT-1)' },
          past: { type: 'array', items: { $ref: '#/components/schemas/ClosedVisit' }, description: 'Visites réalisées ou annulées' },
          current: {
            type: 'array',
            items: { type: 'string' },
            description: 'Clés des visites en cours (ouvertes, pas encore closes), par exemple « VIP_INITIAL:2026-03-01 »',
          },
          next: { type: 'array', items: { $ref: '#/components/schemas/DueVisit' }, description: 'Visites à venir, pas encore ouvertes, dans l’ordre de leur ouverture' },
          departedOn: { ...civilDate, description: 'Date de départ du salarié ; absente tant qu’il est dans l’entreprise' },
        },
      },
      ClosedVisit: {
        type: 'object',
        required: ['key', 'type', 'status', 'date'],
        properties: {
          key: { type: 'string', description: 'Clé de l’obligation dans le suivi' },
          type: { type: 'string', enum: visitTypes },
          status: { type: 'string', enum: ['COMPLETED', 'CANCELLED'] },
          date: { ...civilDate, description: 'Jour de la consultation ou de l’annulation' },
          outcome: { type: 'string', enum: visitOutcomes },
          nextVisitDueDate: { ...civilDate, description: 'Date avant laquelle la prochaine visite doit avoir lieu (R-VIP-6)' },
          performedBy: { type: 'string', enum: ['DOCTOR', 'NURSE'] },
          coupledMidCareer: { type: 'boolean', description: 'La visite vaut aussi visite de mi-carrière (R-MID-1)' },
        },
      },
      DueVisit: {
        type: 'object',
        required: ['key', 'type', 'opensOn', 'earliestDate', 'dueDate', 'deadline', 'performer', 'rule'],
        properties: {
          key: { type: 'string', description: 'Clé stable de l’obligation : une même obligation n’ouvre qu’une visite' },
          type: { type: 'string', enum: visitTypes },
          opensOn: { ...civilDate, description: 'Jour où la visite sera ouverte et confiée au secrétariat pour planification' },
          earliestDate: { ...civilDate, description: 'Premier jour où la visite peut avoir lieu' },
          dueDate: civilDate,
          deadline: { ...civilDate, description: 'Dernier jour autorisé (inclus)' },
          performer: { type: 'string', enum: ['DOCTOR', 'DOCTOR_OR_NURSE'] },
          rule: { type: 'string', description: 'Règle de DOMAIN.md qui impose la visite' },
          stoppageId: { ...uuid, description: 'Arrêt de travail à l’origine d’une visite de reprise, de pré-reprise ou de liaison' },
        },
      },
      Visit: {
        type: 'object',
        required: [
          'id',
          'employeeId',
          'type',
          'status',
          'modality',
          'performer',
          'earliestDate',
          'dueDate',
          'deadline',
          'rule',
          'overdue',
          'billable',
          'appointmentAt',
          'workflowId',
        ],
        properties: {
          id: uuid,
          employeeId: uuid,
          type: { type: 'string', enum: visitTypes },
          status: { type: 'string', enum: Object.values(VisitStatus) },
          modality: { type: 'string', enum: ['IN_PERSON', 'REMOTE'] },
          performer: { type: 'string', enum: ['DOCTOR', 'DOCTOR_OR_NURSE'] },
          earliestDate: { ...civilDate, description: 'Premier jour où la visite peut avoir lieu' },
          dueDate: civilDate,
          deadline: { ...civilDate, description: 'Dernier jour autorisé (inclus)' },
          rule: { type: 'string', description: 'Règle de DOMAIN.md qui impose la visite' },
          overdue: { type: 'boolean' },
          billable: { type: 'boolean' },
          appointmentAt: { type: ['string', 'null'], format: 'date-time' },
          workflowId: { type: 'string' },
        },
      },
    },
  },
} as const;
