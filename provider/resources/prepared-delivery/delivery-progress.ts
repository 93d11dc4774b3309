import type { DeliveryStatus } from "../../getapp/delivery-api";

/** Turns the statuses of one preparation into a few lines: queued, preparing, a look that finds it in a later quarter (with the percent it found). */
export class DeliveryProgress {
  private said: "nothing" | "pending" | "preparing" = "nothing";
  private quartersSaid = 0;

  constructor(
    private readonly label: string,
    private readonly say: (line: string) => void,
  ) {}

  observe(status: DeliveryStatus): void {
    if (status.state === "pending") {
      if (this.said === "nothing") this.say(`${this.label}: queued behind other preparations in GetApp`);
      if (this.said !== "preparing") this.said = "pending";
      return;
    }
    if (status.state !== "inProgress") return;
    if (this.said !== "preparing") {
      this.said = "preparing";
      this.say(`${this.label}: GetApp is preparing it`);
    }
    const quarter = Math.min(3, Math.floor(status.progress / 25));
    if (quarter > this.quartersSaid) {
      this.quartersSaid = quarter;
      this.say(`${this.label}: ${status.progress}% prepared`);
    }
  }
}
