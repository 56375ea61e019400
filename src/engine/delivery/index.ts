import type { Clock } from '../../time/index.js';
import type { DeliveryReport, Ledger } from '../../model/index.js';
import type { Scenario } from '../../scenario/index.js';
import { startCallbackServer } from './callback-server.js';
import { StatusPoller } from './status-poller.js';
import { Agent } from 'undici';
import { connectOptions, statusHeaders, type TlsOptions } from '../../load/index.js';

/** How a run hears your service's results (service.delivery), whichever signal it uses. */
export interface Delivery {
  /** The URL each job carries for the service to POST its result to (callback only). */
  callbackUrl?: string;
  /** From the first arrival: starts polling (status only). */
  begin(): void;
  report(): DeliveryReport;
  close(): Promise<void>;
}

/** The scenario's delivery signal, started; undefined without one (completed = answered at the backend). */
export async function startDelivery(s: Scenario, ledger: Ledger, clock: Clock, env?: NodeJS.ProcessEnv, tls?: TlsOptions): Promise<Delivery | undefined> {
  const d = s.service.delivery;
  if (!d) return undefined;
  if (d.callback) {
    const server = await startCallbackServer(ledger, clock);
    return { callbackUrl: server.url, begin: () => undefined, report: () => server.report(), close: () => server.close() };
  }
  const poller = new StatusPoller(ledger, clock, new URL(s.service.url!).origin, d, {
    headers: statusHeaders(s.service.request, env),
    dispatcher: tls && new Agent({ connect: connectOptions(tls) }),
  });
  return {
    begin: () => poller.start(),
    report: () => poller.report(),
    close: async () => poller.stop(),
  };
}
