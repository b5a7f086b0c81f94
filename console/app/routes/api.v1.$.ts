// Unknown API paths answer in the API's JSON error shape rather than with the console's HTML page.
import { apiError } from '../services/api.server.js';

const notFound = () => apiError(404, 'NOT_FOUND', 'Ressource inconnue ; voir /api/v1/openapi.json.');
export const loader = notFound;
export const action = notFound;
