import { diffFields } from "../common/fields";
import type { ResourceDiff } from "../common/resource-lifecycle";
import { EXTENSION_FIELDS, type ExtensionInputs } from "./extension-inputs";
import type { ExtensionOutputs } from "./extension-state";

/**
 * Desired inputs against the state, as EXTENSION_FIELDS says: another id or server is another
 * extension; `url` and the timeout touch nothing remote. `version`, `release` and `active` are
 * outputs only, so Plesk's own updates are never a change. An install that had not ended is
 * always one: the update settles it.
 */
export function diffExtension(olds: ExtensionOutputs, news: ExtensionInputs): ResourceDiff {
  const { replaces, changed } = diffFields(EXTENSION_FIELDS, olds, news);
  return { changes: changed || olds.installStartedAt !== undefined, replaces, deleteBeforeReplace: false };
}
