/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/providers/extension`.
 *
 * This module's exports are the provider every Extension hands Pulumi, so the text Pulumi stores
 * with each resource is one `require` of this module by that name. A refresh or destroy runs it
 * against whatever version is installed then: these names (configure, check, diff, create, read,
 * update, delete) never change or go away. See docs/development.md, "Compatibility of stored
 * providers"; test/stored-providers.test.ts pins them.
 */
import { delegatingProvider } from "./delegating-provider";
import * as handler from "./extension";

const provider = delegatingProvider(handler);

// Called as methods of this module's exports: `configure()` leaves the connection there.
export const { configure, check, diff, create, read, update } = provider;
const remove = provider.delete;
export { remove as delete };
