/**
 * GitHub's OpenAPI description, reduced to the routes the action calls (test/fixtures/github/openapi-subset.json,
 * extracted by scripts/extract-openapi-subset.mjs from @octokit/openapi): a request validator for the fake API,
 * a response validator that keeps the fake's answers honest, and a generator of minimal valid objects.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

interface OperationDescription {
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; schema: Schema };
  responses: Record<string, { schema?: Schema }>;
}

interface Subset {
  source: { package: string; version: string };
  paths: Record<string, Record<string, OperationDescription>>;
  components: { schemas: Record<string, Schema> };
}

export const subset = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/github/openapi-subset.json', import.meta.url)), 'utf8'),
) as Subset;

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(coerceTypes: boolean): Ajv {
  // strict: false because OpenAPI 3.0 adds keywords JSON Schema does not know (nullable is understood by ajv).
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  ajv.addSchema(subset as unknown as Schema, 'subset');
  return ajv;
}

const bodyAjv = createAjv(false);
const parameterAjv = createAjv(true);

function pointer(...parts: string[]): string {
  return `subset#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  pathParameters: Record<string, string | number>;
  query: Record<string, string | number>;
  /** Validation failures of the path, the query and the body, one line each. */
  problems: string[];
  responseValidator(status: number): ValidateFunction | null;
}

interface CompiledOperation {
  method: string;
  template: string;
  description: OperationDescription;
  pattern: RegExp;
  names: string[];
  pathValidator: ValidateFunction;
  queryValidator: ValidateFunction;
  queryNames: Set<string>;
  bodyValidator: ValidateFunction | null;
  responseValidators: Map<number, ValidateFunction>;
}

function parameterSchema(parameters: Parameter[], where: 'path' | 'query'): Schema {
  const selected = parameters.filter((parameter) => parameter.in === where);
  return {
    type: 'object',
    properties: Object.fromEntries(selected.map((parameter) => [parameter.name, parameter.schema])),
    required: selected.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    additionalProperties: false,
  };
}

function formatErrors(validator: ValidateFunction, where: string): string[] {
  return (validator.errors ?? []).map(
    (error) =>
      `${where}${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  );
}

const operations: CompiledOperation[] = [];
for (const [template, methods] of Object.entries(subset.paths)) {
  for (const [method, description] of Object.entries(methods)) {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        const name = /^\{(.+)\}$/.exec(segment)?.[1];
        if (name === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(name);
        // The contents route's {path} spans several segments (x-multi-segment).
        return name === 'path' ? '(.+)' : '([^/]+)';
      })
      .join('/');
    const responseValidators = new Map<number, ValidateFunction>();
    for (const [status, response] of Object.entries(description.responses)) {
      if (response.schema) {
        responseValidators.set(
          Number(status),
          bodyAjv.compile({ $ref: pointer('paths', template, method, 'responses', status, 'schema') }),
        );
      }
    }
    operations.push({
      method: method.toUpperCase(),
      template,
      description,
      pattern: new RegExp(`^${source}$`),
      names,
      pathValidator: parameterAjv.compile(parameterSchema(description.parameters, 'path')),
      queryValidator: parameterAjv.compile(parameterSchema(description.parameters, 'query')),
      queryNames: new Set(description.parameters.filter((p) => p.in === 'query').map((p) => p.name)),
      bodyValidator: description.requestBody
        ? bodyAjv.compile({ $ref: pointer('paths', template, method, 'requestBody', 'schema') })
        : null,
      responseValidators,
    });
  }
}

/**
 * Finds the operation for a request and validates it. `body` is the parsed JSON body (undefined when none).
 * Returns null when the route is not one of the subset's.
 */
export function matchOperation(
  method: string,
  pathname: string,
  searchParams: URLSearchParams,
  body: unknown,
): MatchedOperation | null {
  for (const operation of operations) {
    if (operation.method !== method) continue;
    const match = operation.pattern.exec(pathname);
    if (!match) continue;
    const problems: string[] = [];
    const pathParameters: Record<string, string | number> = {};
    operation.names.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    if (!operation.pathValidator(pathParameters))
      problems.push(...formatErrors(operation.pathValidator, 'path'));
    const query: Record<string, string | number> = {};
    for (const [name, value] of searchParams) query[name] = value;
    if (!operation.queryValidator(query)) problems.push(...formatErrors(operation.queryValidator, 'query'));
    if (operation.bodyValidator) {
      if (body === undefined) {
        if (operation.description.requestBody?.required) problems.push('body is required');
      } else if (!operation.bodyValidator(body)) {
        problems.push(...formatErrors(operation.bodyValidator, 'body'));
      }
    } else if (body !== undefined) {
      problems.push('body: this operation takes no request body');
    }
    return {
      operationId: operation.description.operationId,
      method,
      template: operation.template,
      pathParameters,
      query,
      problems,
      responseValidator: (status) => operation.responseValidators.get(status) ?? null,
    };
  }
  return null;
}

/** Every operation of the subset, as "METHOD template". */
export function operationNames(): string[] {
  return operations.map((operation) => `${operation.method} ${operation.template}`);
}

function resolveReference(schema: Schema): Schema {
  const reference = schema.$ref;
  if (typeof reference !== 'string') return schema;
  const name = reference.replace('#/components/schemas/', '');
  const target = subset.components.schemas[name];
  if (!target) throw new Error(`Unknown schema ${reference}`);
  return resolveReference(target);
}

const FORMAT_SAMPLES: Record<string, string> = {
  uri: 'https://github.example/sample',
  'date-time': '2024-01-01T00:00:00Z',
  email: 'octocat@github.example',
  date: '2024-01-01',
};

/**
 * A minimal object valid against a component schema: every required property present, nullable ones null,
 * enums at their first value. Tests then override the fields that matter.
 */
export function sampleOf(schemaOrName: Schema | string): unknown {
  const schema = resolveReference(
    typeof schemaOrName === 'string' ? { $ref: `#/components/schemas/${schemaOrName}` } : schemaOrName,
  );
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...(schema.allOf as Schema[]).map((part) => sampleOf(part) as object));
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives && alternatives[0]) return sampleOf(alternatives[0]);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      const sample: Record<string, unknown> = {};
      for (const name of required) {
        const property = properties[name] ?? {};
        sample[name] = resolveReference(property).nullable === true ? null : sampleOf(property);
      }
      return sample;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'string':
      return FORMAT_SAMPLES[schema.format as string] ?? 'sample';
    default:
      return null;
  }
}

type Plain = Record<string, unknown>;

/** `sampleOf(name)` with `overrides` merged in deeply (arrays and nulls replace). */
export function sampleWith(name: string, overrides: Plain): Plain {
  const merge = (base: unknown, extra: unknown): unknown => {
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return extra;
    const result: Plain =
      base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Plain) } : {};
    for (const [key, value] of Object.entries(extra as Plain)) result[key] = merge(result[key], value);
    return result;
  };
  return merge(sampleOf(name), overrides) as Plain;
}
