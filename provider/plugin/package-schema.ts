import type { ConfigSetting } from "../resources/common/config";
import { GETAPP_SETTINGS, PLESK_SETTINGS, SKIP_SERVER_CHECK_SETTING } from "../resources/common/config";
import type { FieldSpec, ObjectFields, OutputSpec } from "../resources/common/fields";
import { SERVER_FIELDS, SERVERS_SETTING } from "../resources/common/plesk-fleet";
import { APS_PACKAGE_FIELDS } from "../resources/aps-package/package-inputs";
import { APS_PACKAGE_OUTPUTS } from "../resources/aps-package/package-state";
import { EXTENSION_FIELDS } from "../resources/extension/extension-inputs";
import { EXTENSION_OUTPUTS } from "../resources/extension/extension-state";
import { PREPARED_DELIVERY_FIELDS } from "../resources/prepared-delivery/delivery-inputs";
import { ARTIFACT_FIELDS, DELIVERY_ERROR_FIELDS, PREPARED_DELIVERY_OUTPUTS } from "../resources/prepared-delivery/delivery-state";

/** A type in the Pulumi package schema: a plain one, a reference to an object type, a list or a map of one. */
export interface TypeSpec {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: TypeSpec;
  readonly additionalProperties?: TypeSpec;
}

/** A property of the Pulumi package schema, as `pulumi package get-schema` prints it. */
export interface SchemaProperty extends TypeSpec {
  readonly description: string;
  readonly secret?: true;
  readonly default?: string | number | boolean;
}

export interface ObjectTypeSchema {
  readonly type: "object";
  readonly description: string;
  readonly properties: Readonly<Record<string, SchemaProperty>>;
  readonly required?: readonly string[];
}

export interface ResourceSchema {
  readonly description: string;
  readonly inputProperties: Readonly<Record<string, SchemaProperty>>;
  readonly requiredInputs: readonly string[];
  readonly properties: Readonly<Record<string, SchemaProperty>>;
  readonly required: readonly string[];
}

/** The parts of a Pulumi package schema the plugins publish (pulumi.com/docs/iac/using-pulumi/pulumi-packages/schema). */
export interface PackageSchema {
  readonly name: string;
  readonly displayName: string;
  readonly version: string;
  readonly description: string;
  readonly license: string;
  readonly keywords: readonly string[];
  readonly publisher: string;
  readonly repository: string;
  /** Where `pulumi up` fetches the plugin from when it is not installed: GitHub releases of the repository. */
  readonly pluginDownloadURL: string;
  readonly config: { readonly variables: Readonly<Record<string, SchemaProperty>> };
  readonly provider: { readonly description: string; readonly inputProperties: Readonly<Record<string, SchemaProperty>> };
  readonly types: Readonly<Record<string, ObjectTypeSchema>>;
  readonly resources: Readonly<Record<string, ResourceSchema>>;
  /**
   * Per-language code generation settings: the generated SDKs carry the schema's version, which
   * names the plugin to load; Go's SDK imports itself by `importBasePath`.
   */
  readonly language: Readonly<
    Record<string, { readonly respectSchemaVersion: boolean; readonly importBasePath?: string; readonly packageName?: string }>
  >;
}

/**
 * `plesk`: ApsPackage, Extension and the provider configuration users already set as `plesk:*`. Every
 * description comes from the declarations check, diff and config read: the field tables and the
 * settings.
 */
export function pleskSchema(version: string): PackageSchema {
  const config = {
    ...settingProperties(PLESK_SETTINGS),
    servers: serversProperty(),
    ...settingProperties({ skipServerCheck: SKIP_SERVER_CHECK_SETTING }),
  };
  return {
    ...common("plesk", "Plesk", version, "Extensions and APS application packages on Plesk servers, through Plesk's XML API."),
    config: { variables: config },
    provider: { description: "A Plesk server, or a fleet of them named in servers.", inputProperties: config },
    types: { "plesk:index:Server": serverType() },
    resources: {
      "plesk:index:ApsPackage": resourceSchema(
        "An APS package a Plesk server must hold: downloaded from the APS catalog, or adopted when an identical one is already there. Plesk has no API to remove a package: deleting the resource leaves it on the server.",
        "plesk",
        APS_PACKAGE_FIELDS,
        APS_PACKAGE_OUTPUTS,
      ),
      "plesk:index:Extension": resourceSchema(
        "A Plesk extension a server must have installed (WP Toolkit, Let's Encrypt, Docker, Git …): adopted when it is installed already, else installed from Plesk's Extensions Catalog or a ZIP URL. Deleting the resource uninstalls what it installed; an adopted extension stays. Plesk Onyx 17.0 (XML API 1.6.8.0) and later.",
        "plesk",
        EXTENSION_FIELDS,
        EXTENSION_OUTPUTS,
      ),
    },
  };
}

/** `getapp`: PreparedDelivery and the `getapp:*` configuration. */
export function getappSchema(version: string): PackageSchema {
  const config = settingProperties(GETAPP_SETTINGS);
  return {
    ...common(
      "getapp",
      "GetApp deliveries",
      version,
      "Deliveries prepared by GetApp's delivery API, with each artifact's SHA-256 checked.",
    ),
    config: { variables: config },
    provider: { description: "A GetApp server.", inputProperties: config },
    types: {
      "getapp:index:Artifact": objectType("A file GetApp prepared for a delivery.", ARTIFACT_FIELDS, ["itemKey", "url", "verified"]),
      "getapp:index:DeliveryError": objectType("GetApp's error for a delivery.", DELIVERY_ERROR_FIELDS, ["errorCode", "message"]),
    },
    resources: {
      "getapp:index:PreparedDelivery": resourceSchema(
        "A delivery GetApp prepares for a device, waited for until done; each artifact is then downloaded and its SHA-256 checked. Deleting it evicts the catalog item from GetApp's cache, for every device.",
        "getapp",
        PREPARED_DELIVERY_FIELDS,
        PREPARED_DELIVERY_OUTPUTS,
      ),
    },
  };
}

/**
 * The repository releases are published from. Its owner is a placeholder until the project has a
 * home (docs/installation-configuration.md); PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES redirects it.
 */
export const RELEASE_REPOSITORY = { owner: "pulumi-plesk-aps", name: "pulumi-plesk-aps" } as const;

function common(name: string, displayName: string, version: string, description: string) {
  const { owner, name: repository } = RELEASE_REPOSITORY;
  return {
    name,
    displayName,
    version,
    description,
    license: "Apache-2.0",
    keywords: [...new Set(["pulumi", "plesk", name, "extensions", "aps", "getapp", "kind/native", "category/infrastructure"])],
    publisher: "pulumi-plesk-aps",
    repository: `https://github.com/${owner}/${repository}`,
    pluginDownloadURL: `github://api.github.com/${owner}/${repository}`,
    language: {
      // The project's own npm scope: @pulumi is Pulumi's.
      nodejs: { respectSchemaVersion: true, packageName: `@${RELEASE_REPOSITORY.owner}/${name}` },
      python: { respectSchemaVersion: true },
      // A module path of its own, which a program's go.mod points at the generated folder (docs/plugins.md).
      go: { respectSchemaVersion: true, importBasePath: `pulumi-plesk-aps/sdk/go/${name}` },
    },
  };
}

function settingProperties(settings: Readonly<Record<string, ConfigSetting>>): Record<string, SchemaProperty> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, setting]) => [
      name,
      {
        type: setting.type,
        description: `${setting.description} Config key ${setting.key}${setting.env ? `; environment variable ${setting.env}` : ""}.`,
        ...(setting.secret ? { secret: true as const } : {}),
      },
    ]),
  );
}

function serversProperty(): SchemaProperty {
  return {
    type: "object",
    additionalProperties: { $ref: "#/types/plesk:index:Server" },
    description: `${SERVERS_SETTING.description} Config key ${SERVERS_SETTING.key}; environment variable ${SERVERS_SETTING.env} (JSON).`,
  };
}

function serverType(): ObjectTypeSchema {
  const properties = Object.fromEntries(
    SERVER_FIELDS.map((field) => {
      const setting: ConfigSetting = PLESK_SETTINGS[field];
      return [field, { type: setting.type, description: setting.description, ...(setting.secret ? { secret: true as const } : {}) }];
    }),
  );
  return { type: "object", description: "One Plesk server of the servers map.", properties, required: ["url"] };
}

function objectType<T>(description: string, fields: ObjectFields<T>, required: readonly (keyof T & string)[]): ObjectTypeSchema {
  const properties = Object.fromEntries(
    Object.entries<{ type: string; description: string }>(fields).map(([name, spec]) => [
      name,
      { type: spec.type, description: spec.description },
    ]),
  );
  return { type: "object", description, properties, required };
}

function resourceSchema(
  description: string,
  pkg: string,
  inputs: Readonly<Record<string, FieldSpec>>,
  outputs: Readonly<Record<string, OutputSpec>>,
): ResourceSchema {
  const inputProperties = Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, inputProperty(spec)]));
  const requiredInputs = Object.entries(inputs)
    .filter(([, spec]) => spec.required !== undefined)
    .map(([name]) => name);
  const outputProperties = Object.fromEntries(Object.entries(outputs).map(([name, spec]) => [name, outputProperty(pkg, spec)]));
  return {
    description,
    inputProperties,
    requiredInputs,
    properties: { ...inputProperties, ...outputProperties },
    required: requiredInputs,
  };
}

function inputProperty(spec: FieldSpec): SchemaProperty {
  return { type: spec.type, description: spec.description, ...(spec.defaultValue === undefined ? {} : { default: spec.defaultValue }) };
}

function outputProperty(pkg: string, spec: OutputSpec): SchemaProperty {
  if (spec.type === "array") return { type: "array", items: { $ref: `#/types/${pkg}:index:${spec.of}` }, description: spec.description };
  if (spec.type === "object") return { $ref: `#/types/${pkg}:index:${spec.of}`, description: spec.description };
  return { type: spec.type, description: spec.description };
}
