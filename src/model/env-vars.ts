/**
 * `${VAR}`, `${VAR:-default}` and `$${VAR}` (a literal `${VAR}`): the one syntax for the
 * environment, whether a scenario file is read (load time) or a request is sent (service.request,
 * whose values must never be written anywhere, so they are read only then).
 */
const VARIABLE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}\n]*))?\}/g;

/** A variable's value, or undefined when it is unset (or empty) and has no default. */
export function variableValue(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined): string | undefined {
  const value = env[name];
  return value !== undefined && value !== '' ? value : fallback;
}

/** One variable as written: `${NAME}`, `${NAME:-fallback}`, or escaped (`$${NAME}`). */
export interface VariableRef {
  name: string;
  fallback: string | undefined;
  escaped: boolean;
  /** Where it starts in the text. */
  offset: number;
  /** The text it was written as. */
  whole: string;
}

/**
 * `text` with each variable replaced by `valueOf(ref)`; by default an escaped one (`$${VAR}`)
 * becomes the literal `${VAR}` without asking.
 */
export function replaceVariables(text: string, valueOf: (ref: VariableRef) => string, opts: { askEscaped?: boolean } = {}): string {
  return text.replace(VARIABLE, (whole, escaped: string | undefined, name: string, fallback: string | undefined, offset: number) => {
    const ref = { name, fallback, escaped: escaped !== undefined, offset, whole };
    return ref.escaped && !opts.askEscaped ? whole.slice(1) : valueOf(ref);
  });
}
