import * as pulumi from "@pulumi/pulumi";
import { baselineProvider } from "./baseline-provider";

/** Registers one baseline resource, so its serialized provider can be captured like ApsPackage's. */
class BaselinePackage extends pulumi.dynamic.Resource {
  constructor(name: string, props: { name: string }) {
    super(baselineProvider, name, props, undefined, "bench", "Baseline");
  }
}

new BaselinePackage("baseline", { name: "probe" });
