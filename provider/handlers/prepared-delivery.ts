/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/handlers/prepared-delivery`.
 *
 * The provider Pulumi stores with every PreparedDelivery in a stack's state reaches this package
 * through this module alone, by these names: configure, check, diff, create, read, update,
 * remove. A refresh or destroy runs that stored provider against whatever version is installed
 * then, so renaming, moving or removing any of them breaks every stack created before. See the
 * README, "Compatibility of stored providers"; test/stored-providers.test.ts pins them.
 */
import * as pulumi from "@pulumi/pulumi";
import { DescribedError } from "../basics/errors";
import { getappConnection, type GetAppConnection } from "../resources/common/config";
import { checkPreparedDeliveryInputs, type PreparedDeliveryInputs } from "../resources/prepared-delivery/delivery-inputs";
import { diffPreparedDelivery } from "../resources/prepared-delivery/delivery-diff";
import {
  createDelivery,
  deleteDelivery,
  readDelivery,
  updateDelivery,
  type DeliveryContext,
} from "../resources/prepared-delivery/delivery-lifecycle";
import { deliveryServices } from "../resources/prepared-delivery/delivery-services";
import type { PreparedDeliveryOutputs } from "../resources/prepared-delivery/delivery-state";
import { notImportable, settingsFailure, type ProviderState } from "../resources/common/resource-values";

type PreparedDeliveryProviderState = ProviderState<GetAppConnection>;

export async function configure(provider: PreparedDeliveryProviderState, request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  try {
    const connection = getappConnection(request.config, process.env);
    provider.connection = { ok: connection };
    for (const warning of connection.warnings) void pulumi.log.warn(warning);
  } catch (error) {
    // Kept, not thrown: the host caches this provider even when configure fails.
    provider.connection = { error: error as Error };
  }
}

export async function check(
  provider: PreparedDeliveryProviderState,
  _olds: PreparedDeliveryInputs,
  news: PreparedDeliveryInputs,
): Promise<pulumi.dynamic.CheckResult<PreparedDeliveryInputs>> {
  // A preview with unusable settings fails here, in one line naming the setting and the fix.
  const unusable = settingsFailure(provider.connection);
  if (unusable) return { inputs: news, failures: [unusable] };
  return checkPreparedDeliveryInputs(news);
}

export async function diff(
  _provider: PreparedDeliveryProviderState,
  _id: string,
  olds: PreparedDeliveryOutputs,
  news: PreparedDeliveryInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffPreparedDelivery(olds, news);
}

export async function create(
  provider: PreparedDeliveryProviderState,
  inputs: PreparedDeliveryInputs,
): Promise<pulumi.dynamic.CreateResult<PreparedDeliveryOutputs>> {
  return createDelivery(context(provider), inputs, inputs);
}

export async function read(
  provider: PreparedDeliveryProviderState,
  id: string,
  props?: PreparedDeliveryOutputs,
): Promise<pulumi.dynamic.ReadResult<PreparedDeliveryOutputs>> {
  if (props === undefined) throw notImportable("PreparedDelivery");
  return readDelivery(context(provider), id, props);
}

export async function update(
  provider: PreparedDeliveryProviderState,
  _id: string,
  olds: PreparedDeliveryOutputs,
  news: PreparedDeliveryInputs,
): Promise<pulumi.dynamic.UpdateResult<PreparedDeliveryOutputs>> {
  return { outs: await updateDelivery(context(provider), olds, news, news) };
}

export async function remove(provider: PreparedDeliveryProviderState, _id: string, props: PreparedDeliveryOutputs): Promise<void> {
  await deleteDelivery(context(provider), props);
}

function context(provider: PreparedDeliveryProviderState): DeliveryContext {
  const connection = provider.connection;
  if (connection === undefined)
    throw new DescribedError(
      "RESOURCE_UNCONFIGURED",
      "the provider was not configured: the Pulumi engine calls Configure before any resource call",
    );
  if ("error" in connection) throw connection.error;
  return {
    ...deliveryServices(connection.ok.endpoint),
    say: (line) => void pulumi.log.info(line),
    warn: (line) => void pulumi.log.warn(line),
  };
}
