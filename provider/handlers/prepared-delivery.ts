/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/handlers/prepared-delivery`.
 *
 * Each PreparedDelivery method, with the provider object first: configure, check, diff, create,
 * read, update, remove. `pulumi-plesk-aps/providers/prepared-delivery` passes its calls on here, and
 * providers stored in states by earlier versions call these names directly. A refresh or destroy
 * runs such a stored provider against whatever version is installed then, so renaming, moving
 * or removing any of them breaks those stacks. See docs/development.md, "Compatibility of
 * stored providers"; test/stored-providers.test.ts pins them.
 */
import { PREPARED_DELIVERY_TYPE, GETAPP_PACKAGE } from "../core/packages";
import { entryModule } from "./entry-module";

export const { configure, check, diff, create, read, update, remove } = entryModule(GETAPP_PACKAGE, PREPARED_DELIVERY_TYPE);
