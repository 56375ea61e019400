import { isIP } from 'node:net';
import { z } from 'zod';
import { showValue, whole } from '../units/index.js';

/** A DNS name as a bind address: letters, digits, hyphens, dots. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const hostProblem = (input: unknown) => `Expected \`backend.host\` to be an address such as 127.0.0.1 or 0.0.0.0 (no scheme, no port), got ${showValue(input)}`;

/** Where the mock listens: the `backend` section's address fields. */
export const backendAddressFields = {
  /** The mock's port on `backend.host`. 0 picks a free one; with `service.url` your service must know it. @default 0 (8787 with service.url) */
  port: whole('port', 65535, 0).optional(),
  /**
   * The address the mock listens on: an IP address or a name of this machine. Anything but
   * loopback (e.g. 0.0.0.0, so `gameday worker` on another machine can call it) needs
   * `--allow-remote-backend` on the run: whoever reaches the address can call the mock.
   * @default 127.0.0.1
   */
  host: z
    .string({ error: (i) => hostProblem(i.input) })
    .refine((h) => isIP(h) !== 0 || HOSTNAME.test(h), { error: (i) => hostProblem(i.input) })
    .default('127.0.0.1'),
};
