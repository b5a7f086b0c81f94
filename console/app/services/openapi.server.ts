// The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json. Enumerations come from the
// domain's own lists, so the document cannot drift from what the API accepts.
import { riskCodes, stoppageCauses } from '../../../workflows/rules/protocol-config.js';
import { visitTypes } from '../../../workflows/rules/visit-types.js';
import { VisitStatus } from '../../../prisma/generated/enums.js';

const civilDate = { type: 'string', format: 'date', examples: ['2026-03-12'] } as const;
const uuid = { type: 'string', format: 'uuid' } as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const commonErrors = {
  '400': errorResponse('Données invalides : `error.fields` donne le message de chaque champ fautif ; rien n’est enregistré.'),
  '401': errorResponse('Clé d’API absente, invalide ou révoquée.'),
};

const jsonBody = (schema: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'API du service de prévention et de santé au travail',
    version: '1.0.0',
    description:
      'Déclaration des adhérents, des salariés et des arrêts de travail ; suivi des visites qui en découlent. ' +
      'Toutes les dates civiles sont au format AAAA-MM-JJ (calendrier de Paris). Les messages d’erreur sont en français.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ apiKey: [] }],
  paths: {
    '/employers': {
      post: {
        operationId: 'createEmployer',
        summary: 'Enregistrer un adhérent (employeur)',
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
    '/work-stoppages': {
      post: {
        operationId: 'declareWorkStoppage',
        summary: 'Déclarer un arrêt de travail ; la visite de reprise est créée quand elle est obligatoire',
        requestBody: jsonBody('WorkStoppageInput'),
        responses: {
          '201': {
            description: 'Arrêt enregistré, avec les visites qu’il déclenche (aucune, ou la visite de reprise).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'visits'],
                  properties: { id: uuid, visits: { type: 'array', items: { $ref: '#/components/schemas/Visit' } } },
                },
              },
            },
          },
          ...commonErrors,
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
          '200': {
            description: 'Visites correspondantes.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['visits'],
                  properties: { visits: { type: 'array', items: { $ref: '#/components/schemas/Visit' } } },
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
          '404': errorResponse('Visite introuvable.'),
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
              code: { type: 'string', enum: ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'REFUSED', 'UNAVAILABLE', 'UNAUTHENTICATED', 'METHOD_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE', 'INTERNAL'] },
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
