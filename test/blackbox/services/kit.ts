/**
 * What every black-box service shares: its own ground truth per request id, kept where a careful
 * team would keep it (at its door and around its Claude client), and the ways a real service
 * calls Claude. None of it knows how gameday counts: the tests compare the two.
 */
import Anthropic from '@anthropic-ai/sdk';

/** What the service itself knows about one job. */
export interface IdTruth {
  /** HTTP requests for this id at its door. */
  received: number;
  /** The status it answered each of them. */
  answers: number[];
  /** It answered 202 and then threw the job away. */
  dropped: boolean;
  /** HTTP attempts to POST /v1/messages made for this job (the SDK's retries included); a batched call is counted once, on its first job. */
  messagesSent: number;
  /** HTTP attempts to POST /v1/messages that carried this job, alone or in a batch. */
  callsCarrying: number;
  /** HTTP attempts to POST /v1/messages/count_tokens for this job. */
  countTokensSent: number;
  /** Successful Messages answers its code got back for this job. */
  gotBack: number;
  /** Its code gave up on the job after a backend error. */
  failed: boolean;
  /** Its code closed a backend call before the answer was whole (it stopped reading a stream). */
  aborted: boolean;
  /** What it told the job's owner in the end (a callback, or its status route), if anything. */
  delivered?: 'completed' | 'failed';
  /** Why, when it told them the job failed. */
  reason?: string;
}

export type TruthTable = Record<string, IdTruth>;

export class Truth {
  private readonly byId = new Map<string, IdTruth>();

  of(id: string): IdTruth {
    let t = this.byId.get(id);
    if (!t)
      this.byId.set(
        id,
        (t = { received: 0, answers: [], dropped: false, messagesSent: 0, callsCarrying: 0, countTokensSent: 0, gotBack: 0, failed: false, aborted: false }),
      );
    return t;
  }

  received(id: string, status: number): void {
    const t = this.of(id);
    t.received++;
    t.answers.push(status);
  }

  table(): TruthTable {
    return Object.fromEntries(this.byId);
  }

  merge(table: TruthTable): void {
    for (const [id, t] of Object.entries(table)) {
      const mine = this.of(id);
      mine.received += t.received;
      mine.answers.push(...t.answers);
      mine.dropped ||= t.dropped;
      mine.messagesSent += t.messagesSent;
      mine.callsCarrying += t.callsCarrying;
      mine.countTokensSent += t.countTokensSent;
      mine.gotBack += t.gotBack;
      mine.failed ||= t.failed;
      mine.aborted ||= t.aborted;
      mine.delivered ??= t.delivered;
      mine.reason ??= t.reason;
    }
  }
}

/** A Claude client whose every HTTP attempt is counted against the jobs it works for. */
export function claudeFor(ids: string[], truth: Truth, maxRetries = 0): Anthropic {
  const counting: typeof fetch = (input, init) => {
    const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
    ids.forEach((id, k) => {
      if (path.endsWith('/v1/messages/count_tokens')) truth.of(id).countTokensSent += k === 0 ? 1 : 0;
      else if (path.endsWith('/v1/messages')) {
        truth.of(id).callsCarrying++;
        if (k === 0) truth.of(id).messagesSent++; // one HTTP call, counted once
      }
    });
    return fetch(input, init);
  };
  // NO_KEY: a service deployed without its key; the SDK refuses every call before sending it.
  const apiKey = process.env.NO_KEY ? null : 'black-box';
  return new Anthropic({ apiKey, baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries, fetch: counting });
}

export interface Job {
  id: string;
  prompt: string;
  max_tokens?: number;
  /** Where to POST the result, when the caller asked for one. */
  callback_url?: string;
}

/** How the service uses Claude for a job: the ordinary things real services do. */
export type Mode = 'plain' | 'count-first' | 'count-then-drop' | 'system' | 'history' | 'two-calls' | 'rewrite' | 'stream-cut';

const MODEL = 'claude-haiku-4-5';
let previousPrompt: string | undefined;

/** Does one job as `mode` says; records what came back. Resolves when the job is done or given up. */
export async function work(job: Job, mode: Mode, truth: Truth, maxRetries = 0): Promise<void> {
  const claude = claudeFor([job.id], truth, maxRetries);
  const max_tokens = job.max_tokens ?? 64;
  const t = truth.of(job.id);
  try {
    if (mode === 'count-first' || mode === 'count-then-drop') {
      await claude.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: job.prompt }] });
      if (mode === 'count-then-drop') {
        t.dropped = true; // "too long for today's budget": dropped after a 202, nobody is told
        return;
      }
    }
    if (mode === 'system') {
      await claude.messages.create({
        model: MODEL,
        max_tokens,
        system: job.prompt,
        messages: [{ role: 'user', content: 'Do the job described in the system prompt.' }],
      });
    } else if (mode === 'history') {
      // A conversation: the previous job's prompt and answer come first, then this job.
      const history = previousPrompt
        ? [
            { role: 'user' as const, content: previousPrompt },
            { role: 'assistant' as const, content: 'Done.' },
          ]
        : [];
      previousPrompt = job.prompt;
      await claude.messages.create({ model: MODEL, max_tokens, messages: [...history, { role: 'user', content: job.prompt }] });
    } else if (mode === 'rewrite') {
      // Its own template instead of the prompt it received: the id never reaches Claude.
      await claude.messages.create({ model: MODEL, max_tokens, messages: [{ role: 'user', content: 'Summarise the attached document.' }] });
    } else if (mode === 'two-calls') {
      // A plan, then the answer built on it: the job is done only after the second call.
      const plan = await claude.messages.create({ model: MODEL, max_tokens, messages: [{ role: 'user', content: `Plan this job:\n${job.prompt}` }] });
      const text = plan.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      await claude.messages.create({ model: MODEL, max_tokens, messages: [{ role: 'user', content: `Carry out this plan: ${text}` }] });
    } else if (mode === 'stream-cut') {
      // Streams the answer; for odd-numbered jobs its own deadline cuts the stream after the first
      // text chunk: it stops reading, closes the call and gives up on the job, telling nobody.
      const stream = claude.messages.stream({ model: MODEL, max_tokens, messages: [{ role: 'user', content: job.prompt }] });
      const cut = Number(/-(\d+)$/.exec(job.id)?.[1] ?? 0) % 2 === 1;
      for await (const e of stream) {
        if (cut && e.type === 'content_block_delta') {
          t.aborted = true;
          stream.abort();
          throw new Error('gave up mid-stream');
        }
      }
      await stream.finalMessage();
    } else {
      await claude.messages.create({ model: MODEL, max_tokens, messages: [{ role: 'user', content: job.prompt }] });
    }
    t.gotBack++;
  } catch {
    t.failed = true;
  }
}

/** One call for several jobs: their prompts in one user turn. */
export async function workBatch(jobs: Job[], truth: Truth): Promise<void> {
  const claude = claudeFor(
    jobs.map((j) => j.id),
    truth,
  );
  try {
    const content = jobs.map((j, k) => `Job ${k + 1}:\n${j.prompt}`).join('\n\n');
    await claude.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content }] });
    for (const j of jobs) truth.of(j.id).gotBack++;
  } catch {
    for (const j of jobs) truth.of(j.id).failed = true;
  }
}

/**
 * How the service tells a job's owner the result. `callback`: it POSTs to the job's callback_url;
 * `status`: its GET /jobs/:id route says so. Every LOSE_EVERY-th job (by id number) gets its
 * answer from Claude and is then thrown away before delivery: the bug a delivery signal finds.
 * Every FAIL_EVERY-th job (from the second) the service refuses after the call, and says so.
 */
export async function deliver(job: Job, truth: Truth, how: 'callback' | 'status', every: { lose: number; fail: number }): Promise<void> {
  const t = truth.of(job.id);
  const n = Number(/-(\d+)$/.exec(job.id)?.[1] ?? 0);
  if (t.dropped || (every.lose > 0 && n % every.lose === every.lose - 1)) return;
  const refused = every.fail > 0 && n % every.fail === 1;
  const result =
    t.gotBack > 0 && !refused
      ? ({ status: 'completed' } as const)
      : ({ status: 'failed', reason: refused ? 'over its token budget' : 'backend refused every call' } as const);
  if (how === 'callback') {
    const res = await fetch(job.callback_url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: job.id, ...result }),
    });
    if (res.status !== 204) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  }
  t.delivered = result.status;
  if (result.status === 'failed') t.reason = result.reason;
}

/**
 * Jobs a busy service offloads to Claude's Message Batches: one batch, polled until it ends, its
 * results read back by custom_id (the job's id). A job counts as got back only on `succeeded`.
 */
export async function offloadBatch(jobs: Job[], truth: Truth): Promise<void> {
  const claude = claudeFor([], truth);
  try {
    const requests = jobs.map((j) => ({
      custom_id: j.id,
      params: { model: MODEL, max_tokens: j.max_tokens ?? 64, messages: [{ role: 'user' as const, content: j.prompt }] },
    }));
    for (const j of jobs) truth.of(j.id).callsCarrying++;
    const created = await claude.messages.batches.create({ requests });
    while ((await claude.messages.batches.retrieve(created.id)).processing_status !== 'ended') await new Promise((r) => setTimeout(r, 100));
    for await (const r of await claude.messages.batches.results(created.id)) {
      if (r.result.type === 'succeeded') truth.of(r.custom_id).gotBack++;
      else truth.of(r.custom_id).failed = true;
    }
  } catch {
    for (const j of jobs) truth.of(j.id).failed = true;
  }
}

/** Tells the test which port it listens on (the first line on stdout). */
export function announce(port: number): void {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

export const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
