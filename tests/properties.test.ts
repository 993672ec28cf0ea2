// Seeded randomized checks of the rules everything else stands on: the CSV reader against the
// RFC 4180 writer, cents allocation, and the overflow-safe SQL money sum.
import { describe, expect, it } from "vitest";
import { readCsv } from "../lib/formats/csv";
import { JsonEntryScanner } from "../lib/formats/jsonStream";
import { allocateCents, roundToCents } from "../lib/money";
import { readMoney, sumMoney } from "../lib/queries/sql";
import { rng } from "../lib/random";
import { tempDb } from "./support";


const ALPHABET = ["a", "b", "7", " ", ",", '"', "\n", "\r\n", "é", "—", "😀", "x,y", '""'];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value === "" ? `"${value.replace(/"/g, '""')}"` : value;
}

describe("readCsv against RFC 4180 output", () => {
  it("reads back exactly what was written, whatever the chunking (200 seeded files)", async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = rng(seed);
      const width = 1 + Math.floor(random() * 5);
      const rows = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        Array.from({ length: width }, () => Array.from({ length: Math.floor(random() * 4) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join("")),
      );
      const eol = random() < 0.5 ? "\n" : "\r\n";
      const text = rows.map((r) => r.map(csvField).join(",")).join(eol) + eol;
      const bytes = Buffer.from(text);
      const chunk = 1 + Math.floor(random() * 17);
      const chunks = async function* () { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); };
      const got: string[][] = [];
      const lines: number[] = [];
      for await (const batch of readCsv(chunks())) for (const r of batch) { got.push(r.fields); lines.push(r.line); }
      expect(got, `seed ${seed}`).toEqual(rows);
      // each record starts on the physical line after the previous record's line breaks
      let expectedLine = 1;
      rows.forEach((r, i) => {
        expect(lines[i], `seed ${seed} row ${i}`).toBe(expectedLine);
        expectedLine += 1 + (r.map(csvField).join(",").match(/\n/g)?.length ?? 0);
      });
    }
  });
});

describe("JsonEntryScanner against JSON.stringify", () => {
  it("yields exactly the data entries of any page document, whatever the chunking (200 seeded documents)", () => {
    const strings = ['{"a":[1]}', "]}", "\\", '\\"', "data", "é😀", "\n"];
    for (let seed = 1; seed <= 200; seed++) {
      const random = rng(seed);
      const value = (depth: number): unknown => {
        const r = random();
        if (depth > 2 || r < 0.3) return strings[Math.floor(random() * strings.length)];
        if (r < 0.45) return Math.floor(random() * 1e6);
        if (r < 0.55) return random() < 0.5 ? null : true;
        if (r < 0.75) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
        return Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, (_, i) => [strings[Math.floor(random() * strings.length)] + i, value(depth + 1)]));
      };
      const pages = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        object: "page",
        meta: value(1),
        data: Array.from({ length: Math.floor(random() * 4) }, () => value(1)),
        has_more: false,
      }));
      const doc = pages.length === 1 && random() < 0.5 ? pages[0] : pages;
      const text = JSON.stringify(doc, null, random() < 0.5 ? 2 : undefined);
      const scanner = new JsonEntryScanner();
      const chunk = 1 + Math.floor(random() * 23);
      const got: unknown[][] = pages.map(() => []);
      for (let i = 0; i < text.length; i += chunk) for (const e of scanner.feed(text.slice(i, i + chunk))) got[e.page].push(JSON.parse(e.text));
      scanner.end();
      expect(got, `seed ${seed}`).toEqual(pages.map((p) => p.data));
    }
  });
});

describe("allocateCents", () => {
  it("adds up to the rounded total and keeps each part within a cent of its own value (500 seeded cases)", () => {
    const random = rng(99);
    for (let k = 0; k < 500; k++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => BigInt(Math.floor(random() * 1e15)) * (random() < 0.1 ? 0n : 1n));
      const cents = allocateCents(parts);
      expect(cents.reduce((a, b) => a + b, 0n)).toBe(roundToCents(parts.reduce((a, b) => a + b, 0n)));
      parts.forEach((p, i) => {
        const exactCents = Number(p) / 1e10;
        expect(Math.abs(Number(cents[i]) - exactCents)).toBeLessThan(1);
      });
    }
  });
});

describe("the SQL money sum", () => {
  it("equals the exact bigint sum, past 64-bit range and with negative amounts", async () => {
    const t = tempDb();
    const random = rng(7);
    t.d.sqlite.exec("CREATE TABLE m (v INTEGER)");
    const insert = t.d.sqlite.prepare("INSERT INTO m (v) VALUES (?)");
    let exact = 0n;
    t.d.sqlite.transaction(() => {
      for (let i = 0; i < 5_000; i++) {
        // up to ~$9.2M each (the per-record limit); 5,000 of them overflow a plain 64-bit SUM
        const v = BigInt(Math.floor(random() * 9e6)) * 1_000_000_000_000n + BigInt(Math.floor(random() * 1e12)) - (random() < 0.1 ? 5_000_000_000_000_000_000n : 0n);
        insert.run(v);
        exact += v;
      }
    })();
    expect(() => t.d.sqlite.prepare("SELECT SUM(v) AS s FROM m").get()).toThrow(/overflow/);
    const row = t.d.sqlite.prepare(`SELECT ${sumMoney("v", "x")} FROM m`).get() as Record<string, unknown>;
    expect(readMoney(row, "x")).toBe(exact);
    await t.cleanup();
  });
});
