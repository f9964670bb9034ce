// Unit tests of app.mjs with Node's built-in test runner: `npm test` (or
// `node --test tests/unit/test-handler.mjs`) in the hello-world folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { lambdaHandler, greetingFor, MAX_NAME_LENGTH } from '../../app.mjs';

const sampleEvent = async () =>
  JSON.parse(await readFile(new URL('../../../events/event.json', import.meta.url), 'utf8'));

test('the sample event is greeted by the name in its query string', async () => {
  const response = await lambdaHandler(await sampleEvent(), {});
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(response.body), { message: 'hello samc' });
});

test('no query string greets the world', async () => {
  const event = { ...(await sampleEvent()), queryStringParameters: null };
  const response = await lambdaHandler(event, {});
  assert.equal(JSON.parse(response.body).message, 'hello world');
});

test('a blank name greets the world', () => {
  assert.equal(greetingFor({ queryStringParameters: { name: '  ' } }), 'hello world');
});

test('long names are cut', () => {
  const greeting = greetingFor({ queryStringParameters: { name: 'x'.repeat(500) } });
  assert.equal(greeting.length, 'hello '.length + MAX_NAME_LENGTH);
});

test('the body stays valid JSON whatever the name', async () => {
  const name = 'quote " and \\ backslash';
  const response = await lambdaHandler({ queryStringParameters: { name } }, {});
  assert.equal(JSON.parse(response.body).message, `hello ${name}`);
});
