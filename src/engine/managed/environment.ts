/**
 * What a managed process inherits from gameday's environment. Your service runs against the
 * mock, so a credential gameday happens to hold (a real Anthropic key or token, a cloud secret)
 * has no business reaching it: it could make a game day call a real, paid endpoint, or end up in
 * the service's logs. Names that look like credentials are withheld; the scenario's own
 * `service.processes[i].env` passes one on purpose.
 */

/** Anthropic's variables (key, auth token, base URL, …) and anything named like a secret. */
const CREDENTIAL = /^ANTHROPIC_|KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH/i;

export interface ProcessEnvironment {
  env: NodeJS.ProcessEnv;
  /** Names taken out of gameday's environment, sorted (values never kept). */
  withheld: string[];
}

export interface EnvironmentLayers {
  /** gameday's own environment. */
  inherited: NodeJS.ProcessEnv;
  /** What the run gives unless the scenario says otherwise (the mock's placeholder key). */
  defaults: Record<string, string>;
  /** The scenario's `env`. */
  scenario?: Record<string, string>;
  /** What the run itself sets and nothing overrides (the mock's URL, the instance's name). */
  fixed: Record<string, string>;
}

/** The layers in that order, gameday's environment without its credentials. */
export function processEnvironment(l: EnvironmentLayers): ProcessEnvironment {
  const env: NodeJS.ProcessEnv = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(l.inherited)) {
    if (!CREDENTIAL.test(name)) env[name] = value;
    else if (!(name in l.defaults || name in l.fixed || (l.scenario && name in l.scenario))) withheld.push(name);
  }
  return { env: { ...env, ...l.defaults, ...l.scenario, ...l.fixed }, withheld: withheld.sort() };
}
