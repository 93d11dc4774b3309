/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/handlers/aps-package`.
 *
 * The provider Pulumi stores with every ApsPackage in a stack's state reaches this package through
 * this module alone, by these names: configure, check, diff, create, read, update, remove. A
 * refresh or destroy runs that stored provider against whatever version is installed then, so
 * renaming, moving or removing any of them breaks every stack created before. See the README,
 * "Compatibility of stored providers"; test/stored-providers.test.ts pins them.
 */
import * as pulumi from "@pulumi/pulumi";
import { DescribedError } from "../basics/errors";
import { endpointServices } from "../resources/aps-package/endpoint-services";
import { checkApsPackageInputs, type ApsPackageInputs } from "../resources/aps-package/package-inputs";
import { diffApsPackage } from "../resources/aps-package/package-diff";
import {
  createPackage,
  deletePackage,
  readPackage,
  updatePackage,
  type LifecycleContext,
} from "../resources/aps-package/package-lifecycle";
import type { ApsPackageOutputs } from "../resources/aps-package/package-state";
import { pleskConnection, type PleskConnection } from "../resources/common/config";
import { notImportable, settingsFailure, type ProviderState } from "../resources/common/resource-values";

type ApsPackageProviderState = ProviderState<PleskConnection>;

export async function configure(provider: ApsPackageProviderState, request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  try {
    const connection = pleskConnection(request.config, process.env);
    provider.connection = { ok: connection };
    for (const warning of connection.warnings) void pulumi.log.warn(warning);
  } catch (error) {
    // Kept, not thrown: the host caches this provider even when configure fails.
    provider.connection = { error: error as Error };
  }
}

export async function check(
  provider: ApsPackageProviderState,
  _olds: ApsPackageInputs,
  news: ApsPackageInputs,
): Promise<pulumi.dynamic.CheckResult<ApsPackageInputs>> {
  // A preview with unusable settings fails here, in one line naming the setting and the fix.
  const unusable = settingsFailure(provider.connection);
  if (unusable) return { inputs: news, failures: [unusable] };
  return checkApsPackageInputs(news);
}

export async function diff(
  _provider: ApsPackageProviderState,
  _id: string,
  olds: ApsPackageOutputs,
  news: ApsPackageInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffApsPackage(olds, news);
}

export async function create(
  provider: ApsPackageProviderState,
  inputs: ApsPackageInputs,
): Promise<pulumi.dynamic.CreateResult<ApsPackageOutputs>> {
  return createPackage(context(provider), inputs, inputs);
}

export async function read(
  provider: ApsPackageProviderState,
  id: string,
  props?: ApsPackageOutputs,
): Promise<pulumi.dynamic.ReadResult<ApsPackageOutputs>> {
  if (props === undefined) throw notImportable("ApsPackage");
  return readPackage(context(provider), id, props);
}

export async function update(
  provider: ApsPackageProviderState,
  _id: string,
  olds: ApsPackageOutputs,
  news: ApsPackageInputs,
): Promise<pulumi.dynamic.UpdateResult<ApsPackageOutputs>> {
  return { outs: await updatePackage(context(provider), olds, news, news) };
}

export async function remove(provider: ApsPackageProviderState, _id: string, props: ApsPackageOutputs): Promise<void> {
  await deletePackage(context(provider), props);
}

function context(provider: ApsPackageProviderState): LifecycleContext {
  const connection = provider.connection;
  if (connection === undefined)
    throw new DescribedError(
      "RESOURCE_UNCONFIGURED",
      "the provider was not configured: the Pulumi engine calls Configure before any resource call",
    );
  if ("error" in connection) throw connection.error;
  return {
    ...endpointServices(connection.ok.endpoint),
    say: (line) => void pulumi.log.info(line),
    warn: (line) => void pulumi.log.warn(line),
  };
}
