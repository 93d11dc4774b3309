import type { OperationResult } from "../../provider/plesk/packet";
import { canonicalId, matchResultsToIds } from "../../provider/plesk/result-matching";

type Row = { readonly id?: string; readonly filterId?: string; readonly errtext?: string };
const result = ({ id, filterId, errtext }: Row): OperationResult => ({
  ok: errtext === undefined,
  ...(id === undefined ? {} : { id }),
  ...(filterId === undefined ? {} : { filterId }),
  ...(errtext === undefined ? {} : { errtext, errcode: 1013 }),
  element: {},
});
const match = (asked: string[], results: OperationResult[]) =>
  matchResultsToIds("get-download-status", asked, results, (r) => ({ own: [r.id], filterId: r.filterId }));

// A result is used only for the object it names: never by position, never by elimination.
test.each<[string, string[], Row[], string[]]>([
  ["in order", ["1", "2"], [{ id: "1" }, { id: "2" }], ["1", "2"]],
  ["out of order", ["1", "2"], [{ id: "2" }, { id: "1" }], ["2", "1"]],
  ["by filter-id where no own id", ["7"], [{ filterId: "7" }], ["7"]],
  ["own id wins over filter-id", ["18"], [{ id: "18", filterId: "181" }], ["18"]],
  [
    "an error text names the id (Plesk's task-18 answer)",
    ["18"],
    [{ filterId: "181", errtext: "Download task with id 18 not found" }],
    ["18"],
  ],
  ["leading zeros compare equal", ["007"], [{ id: "7" }], ["007"]],
])("matched: %s", (_case, asked, rows, askedIdOfEach) => {
  const results = rows.map(result);
  const matched = match(asked, results);
  expect(results.map((each) => [...matched].find(([, value]) => value === each)?.[0])).toEqual(askedIdOfEach);
});

test.each<[string, string[], Row[], RegExp]>([
  ["a result for an id not asked", ["1", "2"], [{ id: "1" }, { id: "3" }], /result for id 3, which was not asked for \(asked for 1, 2\)/],
  ["two results for one id", ["1", "2"], [{ id: "1" }, { id: "1" }], /two results for id 1/],
  ["a missing result", ["1", "2"], [{ id: "1" }], /no result for id 2/],
  [
    "a result naming two ids",
    ["1", "2"],
    [{ id: "1", errtext: "Download task with id 2 not found" }, { id: "2" }],
    /names both id 1 and id 2/,
  ],
  ["a result naming none", ["1"], [{}], /names no id/],
])("refused: %s", (_case, asked, rows, message) => {
  expect(() => match(asked, rows.map(result))).toThrow(message);
});

test("a result naming thousands of ids (a whole list answering a read by id) is refused in a message of a line", () => {
  const whole = { ok: true, id: "1", element: {} } satisfies OperationResult;
  const everyId = Array.from({ length: 20_000 }, (_, i) => String(i + 1));
  const refusal = () => matchResultsToIds("get-packages-list", ["1"], [whole], () => ({ own: everyId }));
  expect(refusal).toThrow("a result names 20000 ids: 1, 2, 3, 4, 5 … and 19995 more");
  let message = "";
  try {
    refusal();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message.length).toBeLessThan(200);
});

test.each([
  ["0018", "18"],
  [" 18 ", "18"],
  ["0", "0"],
  ["abc", "abc"],
])("canonical id of %j is %j", (id, canonical) => {
  expect(canonicalId(id)).toBe(canonical);
});
