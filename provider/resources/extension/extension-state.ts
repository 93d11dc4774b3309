import { withoutUndefined } from "../../basics/without-undefined";
import type { PleskExtension } from "../../plesk/extensions";
import { desiredFromState as fromState, keptInputs, type OutputFields } from "../common/fields";
import { EXTENSION_FIELDS, type ExtensionInputs } from "./extension-inputs";

/** Extension's state: the live extension, and the inputs later steps compare against. */
export type ExtensionOutputs = ExtensionInputs & {
  readonly name?: string;
  readonly version?: string;
  readonly release?: string;
  readonly active?: boolean;
  /** True when the extension was installed before this resource was created: nothing was installed. */
  readonly adopted: boolean;
  /** When an install this resource started had not ended as its wait did; absent once installed. */
  readonly installStartedAt?: string;
};

/** What Extension reports besides its inputs. `version`, `release` and `active` are news: Plesk updates extensions itself. */
export const EXTENSION_OUTPUTS: OutputFields<ExtensionOutputs, ExtensionInputs> = {
  name: { type: "string", description: "The extension's name, as Plesk shows it." },
  version: {
    type: "string",
    description: "The installed version, as Plesk reports it; Plesk updates extensions itself, so this is news, not a change.",
  },
  release: { type: "string", description: "The installed release, as Plesk reports it." },
  active: { type: "boolean", description: "Whether the extension is enabled in Plesk." },
  adopted: {
    type: "boolean",
    description:
      "True when the extension was installed before this resource was created: nothing was installed, and deleting the resource leaves it.",
  },
  installStartedAt: {
    type: "string",
    description: "When an install this resource started had not ended as its wait did (ISO 8601); absent once the extension is installed.",
  },
};

export function liveOutputs(inputs: ExtensionInputs, live: PleskExtension, adopted: boolean): ExtensionOutputs {
  const { name, version, release, active } = live;
  return withoutUndefined({ ...keptInputs(EXTENSION_FIELDS, inputs), name, version, release, active, adopted });
}

/** The state of an install that had not ended when its wait did: enough for the next up to settle it. */
export function pendingOutputs(inputs: ExtensionInputs, startedAt: Date): ExtensionOutputs {
  return { ...keptInputs(EXTENSION_FIELDS, inputs), adopted: false, installStartedAt: startedAt.toISOString() };
}

/** `wp-toolkit`, `wp-toolkit on web1`: the extension in lines and errors. */
export function extensionLabel(fields: { readonly extensionId: string; readonly server?: string | undefined }): string {
  return fields.server ? `extension ${fields.extensionId} on ${fields.server}` : `extension ${fields.extensionId}`;
}

/** A refresh has only the state: the program's inputs were kept in it. */
export function desiredFromState(state: ExtensionOutputs): ExtensionInputs {
  return fromState(EXTENSION_FIELDS, state);
}
