// The widget package (wasm/pkg-widget: the build without the `planner`
// feature): freeSlots, version and supportedTimezones after `await init()`,
// with the same types as the full package, and no planner function
// declared. Checked by tsc only.
import init, {
  freeSlots,
  supportedTimezones,
  version,
  type PublicSnapshot,
  type SlotOption,
  type SlotQuery,
} from "../pkg-widget/ponte.js";
// @ts-expect-error: the widget package has no solve (nor any planner function)
import { solve } from "../pkg-widget/ponte.js";
// @ts-expect-error: nor publicSnapshot
import { publicSnapshot } from "../pkg-widget/ponte.js";

export async function slotsInBrowser(snapshot: PublicSnapshot | string, query: SlotQuery): Promise<SlotOption[]> {
  await init();
  console.log(version(), supportedTimezones().includes("Europe/Rome"));
  return freeSlots(snapshot, query);
}

export const planner: unknown[] = [solve, publicSnapshot];
