import type { Rng } from '../time/index.js';

/** The client tools a call offers, each with the input the mock would call it with, and how the model may choose. */
export interface ToolRequest {
  tools: { name: string; input: Record<string, unknown> }[];
  /** `auto` (absent: the model decides), `any` (some tool), `tool` (the one named), `none` (no tool). */
  choice: 'auto' | 'any' | 'tool' | 'none';
  /** The tool `tool_choice: { type: 'tool', name }` names. */
  forced?: string;
}

/** The `tool_use` block an answer ends with; `afterText`: a short text block comes first (the model chose to call it). */
export interface ToolUseAnswer {
  name: string;
  input: Record<string, unknown>;
  afterText: boolean;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'tool_use';

/**
 * What a Messages body asks of tools: its client tools (a server tool, with a `type` of its own,
 * is run by the API, never answered with `tool_use`) and its `tool_choice`. Undefined when it
 * offers none, so a call without tools never draws from the tool stream.
 */
export function toolRequestOf(body: unknown): ToolRequest | undefined {
  const b = body as { tools?: unknown; tool_choice?: { type?: unknown; name?: unknown } } | undefined;
  if (!Array.isArray(b?.tools)) return undefined;
  const tools = b.tools
    .filter((t): t is { name: string; input_schema?: unknown } => typeof t?.name === 'string' && (t.type === undefined || t.type === 'custom'))
    .map((t) => ({ name: t.name, input: sampleInput(t.input_schema, 0) }));
  if (tools.length === 0) return undefined;
  const type = b.tool_choice?.type;
  const choice = type === 'any' || type === 'tool' || type === 'none' ? type : 'auto';
  const forced = choice === 'tool' && typeof b.tool_choice?.name === 'string' ? b.tool_choice.name : undefined;
  return { tools, choice, forced };
}

/**
 * Whether the answer calls a tool, and which. `tool_choice` any or tool forces one (the API
 * prefills the turn, so no text comes first); auto calls one in `fraction` of answers; none never.
 */
export function chooseTool(req: ToolRequest, fraction: number, rng: Rng): ToolUseAnswer | undefined {
  if (req.choice === 'none') return undefined;
  if (req.choice === 'auto' && !(fraction > 0 && rng.next() < fraction)) return undefined;
  const named = req.forced === undefined ? undefined : req.tools.find((t) => t.name === req.forced);
  const tool = named ?? (req.forced !== undefined ? { name: req.forced, input: {} } : req.tools[Math.floor(rng.next() * req.tools.length)]);
  return { name: tool.name, input: tool.input, afterText: req.choice === 'auto' };
}

/** A tool call's id, from its message's: unique per answer and the same on every run. */
export function toolUseId(messageId: string): string {
  return messageId.replace(/^msg_/, 'toolu_');
}

/** Output that reached max_tokens was cut there, whatever it was; else a tool call ends the turn with `tool_use`. */
export function stopReasonOf(outputTokens: number, maxTokens: number, tool: ToolUseAnswer | undefined): StopReason {
  return outputTokens >= maxTokens ? 'max_tokens' : tool ? 'tool_use' : 'end_turn';
}

/** A whole answer's content blocks: its text, then or instead the tool call. */
export function answerContent(text: string, tool: ToolUseAnswer | undefined, messageId: string): object[] {
  const textBlock = { type: 'text', text };
  if (!tool) return [textBlock];
  const call = { type: 'tool_use', id: toolUseId(messageId), name: tool.name, input: tool.input };
  return tool.afterText ? [textBlock, call] : [call];
}

/**
 * A tool input as the model would fill it: each required property of the schema with a value of
 * its type (the first of an `enum`), nested objects likewise a few levels down.
 */
function sampleInput(schema: unknown, depth: number): Record<string, unknown> {
  const s = schema as { properties?: Record<string, unknown>; required?: unknown } | undefined;
  const input: Record<string, unknown> = {};
  if (depth > 3 || !Array.isArray(s?.required)) return input;
  for (const name of s.required) if (typeof name === 'string') input[name] = sampleValue(s.properties?.[name], depth);
  return input;
}

function sampleValue(property: unknown, depth: number): unknown {
  const p = (property ?? {}) as { type?: unknown; enum?: unknown; const?: unknown };
  if (Array.isArray(p.enum) && p.enum.length > 0) return p.enum[0];
  if (p.const !== undefined) return p.const;
  const type = Array.isArray(p.type) ? p.type[0] : p.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'null') return null;
  if (type === 'object') return sampleInput(p, depth + 1);
  return 'mock';
}

type Event = { event: string; data: unknown };

const blockStop = (index: number): Event => ({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
const blockDelta = (index: number, delta: object): Event => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });

/**
 * The content events of a streamed answer that calls a tool, chunk by chunk: the text block (the
 * first chunk) when the model chose the tool, then the `tool_use` block, opened with an empty
 * `input` and filled by `input_json_delta` pieces of its JSON spread over the remaining chunks, as
 * the API streams it. The output tokens are paced as for text; the tool input is not counted apart.
 */
export class ToolBlocks {
  private readonly id: string;
  private readonly json: string;
  private readonly jsonChunks: number;
  private readonly toolIndex: number;
  private chunk = 0;
  private jsonAt = 0;
  private toolOpen: boolean;

  constructor(
    messageId: string,
    private readonly tool: ToolUseAnswer,
    chunks: number,
  ) {
    this.id = toolUseId(messageId);
    this.json = JSON.stringify(tool.input);
    this.toolIndex = tool.afterText ? 1 : 0;
    this.jsonChunks = Math.max(1, chunks - this.toolIndex);
    this.toolOpen = !tool.afterText;
  }

  /** The first block's `content_block_start`. */
  start(): Event {
    return this.tool.afterText
      ? { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } }
      : this.toolStart();
  }

  /** One chunk's events: the text, or the next piece of the tool input (opening its block first). */
  delta(text: string): Event[] {
    if (this.chunk++ === 0 && this.tool.afterText) return [blockDelta(0, { type: 'text_delta', text })];
    const events = this.openTool();
    const end = Math.min(this.json.length, Math.floor(((this.chunk - this.toolIndex) * this.json.length) / this.jsonChunks));
    events.push(blockDelta(this.toolIndex, { type: 'input_json_delta', partial_json: this.json.slice(this.jsonAt, end) }));
    this.jsonAt = end;
    return events;
  }

  /** What closes the content: the tool block opened if no chunk reached it, the rest of its input, its stop. */
  finish(): Event[] {
    const events = this.openTool();
    if (this.jsonAt < this.json.length) events.push(blockDelta(this.toolIndex, { type: 'input_json_delta', partial_json: this.json.slice(this.jsonAt) }));
    this.jsonAt = this.json.length;
    events.push(blockStop(this.toolIndex));
    return events;
  }

  private openTool(): Event[] {
    if (this.toolOpen) return [];
    this.toolOpen = true;
    return [blockStop(0), this.toolStart()];
  }

  private toolStart(): Event {
    const block = { type: 'tool_use', id: this.id, name: this.tool.name, input: {} };
    return { event: 'content_block_start', data: { type: 'content_block_start', index: this.toolIndex, content_block: block } };
  }
}
