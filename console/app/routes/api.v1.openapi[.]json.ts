// Public, like any API reference: it describes the API and holds no data.
import { openApiDocument } from '../services/openapi.server.js';

export const loader = () => Response.json(openApiDocument);
