#!/usr/bin/env node
// Extracts, from GitHub's OpenAPI description (@octokit/openapi, generated/api.github.com.json), the routes the
// action calls: their parameters, request body schemas and success response schemas, plus every component
// schema they reference. The fake GitHub API of the end-to-end tests validates requests against this subset
// (test/e2e-action/fake-github.ts), so a request GitHub would reject fails the tests here too.
//
// The package is 385 MB: install it outside the project, never as a dependency:
//   mkdir -p /tmp/octokit-openapi && cd /tmp/octokit-openapi && npm init -y && npm i @octokit/openapi
//   node scripts/extract-openapi-subset.mjs /tmp/octokit-openapi/node_modules/@octokit/openapi
// Writes test/fixtures/github/openapi-subset.json. Same input, same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The routes the action calls, as [method, path template] (keep in step with src/github/). */
export const ROUTES = [
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/events'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'],
  ['get', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'],
];

// Keywords that document rather than constrain; dropping them keeps the fixture small.
const DROPPED_KEYWORDS = new Set([
  'description',
  'example',
  'examples',
  'title',
  'externalDocs',
  'discriminator',
]);

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDirectory = resolve(process.argv[2] ?? '/tmp/octokit-openapi/node_modules/@octokit/openapi');
const outputPath = resolve(process.argv[3] ?? join(projectRoot, 'test/fixtures/github/openapi-subset.json'));

const packageJson = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));
const api = JSON.parse(readFileSync(join(packageDirectory, 'generated/api.github.com.json'), 'utf8'));

/** Follows a local `#/components/...` reference. */
function lookup(reference) {
  if (!reference.startsWith('#/')) throw new Error(`Unsupported reference '${reference}'`);
  let node = api;
  for (const part of reference.slice(2).split('/')) {
    node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (node === undefined) throw new Error(`Dangling reference '${reference}'`);
  }
  return node;
}

const schemaNames = new Set();

/** A copy of a schema without documentation keywords, recording the component schemas it references. */
function clean(node) {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(value);
      if (!match) throw new Error(`Unsupported schema reference '${value}'`);
      schemaNames.add(match[1]);
    }
    // Property names are data, not keywords: keep them all (a property may be called "description").
    copy[key] = key === 'properties' ? cleanProperties(value) : clean(value);
  }
  return copy;
}

function cleanProperties(properties) {
  const copy = {};
  for (const [name, schema] of Object.entries(properties)) copy[name] = clean(schema);
  return copy;
}

function resolveParameter(parameter) {
  const resolved = parameter.$ref ? lookup(parameter.$ref) : parameter;
  return {
    name: resolved.name,
    in: resolved.in,
    required: resolved.required === true,
    schema: clean(resolved.schema),
  };
}

const paths = {};
for (const [method, path] of ROUTES) {
  const operation = api.paths[path]?.[method];
  if (!operation) throw new Error(`Route not in the description: ${method.toUpperCase()} ${path}`);
  const entry = {
    operationId: operation.operationId,
    parameters: (operation.parameters ?? []).map(resolveParameter),
  };
  if (operation.requestBody) {
    const body = operation.requestBody.$ref ? lookup(operation.requestBody.$ref) : operation.requestBody;
    entry.requestBody = {
      required: body.required === true,
      schema: clean(body.content['application/json'].schema),
    };
  }
  entry.responses = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!/^2\d\d$|^302$/.test(status)) continue;
    const resolved = response.$ref ? lookup(response.$ref) : response;
    const schema = resolved.content?.['application/json']?.schema;
    entry.responses[status] = schema ? { schema: clean(schema) } : {};
  }
  paths[path] = { ...paths[path], [method]: entry };
}

// The transitive closure of the referenced component schemas.
const schemas = {};
const pending = [...schemaNames];
while (pending.length > 0) {
  const name = pending.pop();
  if (name in schemas) continue;
  const before = new Set(schemaNames);
  schemas[name] = clean(lookup(`#/components/schemas/${name}`));
  for (const added of schemaNames) if (!before.has(added)) pending.push(added);
}
const sortedSchemas = Object.fromEntries(
  Object.keys(schemas)
    .sort()
    .map((name) => [name, schemas[name]]),
);

const subset = {
  source: {
    package: packageJson.name,
    version: packageJson.version,
    file: 'generated/api.github.com.json',
    openapi: api.openapi,
    apiVersion: api.info?.version ?? null,
  },
  generatedBy: 'scripts/extract-openapi-subset.mjs',
  paths,
  components: { schemas: sortedSchemas },
};
writeFileSync(outputPath, `${JSON.stringify(subset)}\n`);
console.log(
  `wrote ${outputPath}: ${ROUTES.length} routes, ${Object.keys(sortedSchemas).length} schemas, ` +
    `${(JSON.stringify(subset).length / 1024).toFixed(0)} KB`,
);
