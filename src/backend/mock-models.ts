import { CLAUDE_MODELS, claudeModel, type ClaudeModel } from '../model/claude-models.js';
import type { MockClaude } from './mock-model.js';
import type { MockAnswer } from './types.js';

/** Where the Models API puts a release date it does not know, as it documents for `created_at`. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

/**
 * The models the mock serves: the documented ones (see claude-models.ts), the scenario's extra
 * ids (`backend.models`: a fine-tune, a model newer than the list), and the id it answers as.
 */
function extraIds(model: MockClaude): string[] {
  const ids = [...model.extraModels, model.modelName];
  return ids.filter((id, k) => !claudeModel(id) && ids.indexOf(id) === k);
}

/** The largest `max_tokens` a served model takes (no limit for an extra id: the docs give none); undefined for any other id. */
export function maxOutputOf(model: MockClaude, id: string): number | undefined {
  const documented = claudeModel(id);
  if (documented) return documented.maxOutput;
  return extraIds(model).includes(id) ? Number.POSITIVE_INFINITY : undefined;
}

/** A model as the Models API describes it (lifecycle, limits and dates; capabilities are not modelled). */
function modelInfo(m: ClaudeModel) {
  return {
    type: 'model',
    id: m.id,
    display_name: m.display_name,
    created_at: m.created_at,
    lifecycle: m.status === 'deprecated' ? 'deprecated' : 'active',
    deprecated_at: null,
    retires_at: m.retires ? `${m.retires}T00:00:00Z` : null,
    line: m.display_name.split(' ')[1].toLowerCase(),
    max_input_tokens: m.contextWindow,
    max_tokens: m.maxOutput,
    capabilities: null,
  };
}

function extraInfo(id: string) {
  const unknown = { deprecated_at: null, retires_at: null, line: null, max_input_tokens: null, max_tokens: null, capabilities: null };
  return { type: 'model', id, display_name: id, created_at: UNKNOWN_DATE, lifecycle: 'active', ...unknown };
}

/**
 * `GET /v1/models`: every served model, newest first, in one page (the mock reads no `limit`, so
 * `has_more` is false); `GET /v1/models/{id}`: one model, an alias answered with the model it
 * names, anything else 404 `not_found_error`.
 */
export function modelsRoute(model: MockClaude, route: string): MockAnswer | undefined {
  if (route === 'GET /v1/models') {
    const data = [...CLAUDE_MODELS.map(modelInfo), ...extraIds(model).map(extraInfo)];
    return model.reply({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  }
  const m = /^GET \/v1\/models\/([^/]+)$/.exec(route);
  if (!m) return undefined;
  const id = m[1];
  const documented = claudeModel(id);
  if (documented) return model.reply(modelInfo(documented));
  if (extraIds(model).includes(id)) return model.reply(extraInfo(id));
  return model.refuse(404, `model: ${id.slice(0, 200)}`);
}
