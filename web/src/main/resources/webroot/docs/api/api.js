// The API page: Swagger UI (served from the node's own webjar) over /api/v1/openapi.json.
// Works offline: no validator badge, no fonts or scripts from elsewhere.

const DOCUMENT = '/api/v1/openapi.json';

window.SwaggerUIBundle({
  url: DOCUMENT,
  dom_id: '#swagger-ui',
  // The public validator is on the internet, which a city node may not reach.
  validatorUrl: null,
  docExpansion: 'list',
  filter: true,
  // x-roles (who may call an operation) shows under each operation.
  showExtensions: true,
  displayOperationId: false,
  defaultModelsExpandDepth: 0,
  onComplete: () => {
    document.body.dataset.ready = 'true';
  },
});
