// GET /hello: greets the caller, by name when the query string has ?name=...
// The function needs nothing beyond Node.js itself.

export const DEFAULT_NAME = 'world';
export const MAX_NAME_LENGTH = 64;

// The greeting text for an API Gateway proxy event.
export const greetingFor = (event) => {
  const params = (event && event.queryStringParameters) || {};
  const name = typeof params.name === 'string' ? params.name.trim() : '';
  return `hello ${(name || DEFAULT_NAME).slice(0, MAX_NAME_LENGTH)}`;
};

// API Gateway (REST, proxy integration) handler.
// event: the request, see events/event.json for its shape; context: the Lambda context.
// Returns the proxy response: status code, headers and a JSON body.
export const lambdaHandler = async (event, context) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ message: greetingFor(event) }),
});
