"use client";
import { useRouter } from "next/navigation";

/** Month select that navigates on change; a plain GET form without JavaScript. */
export function MonthPicker({ month, months, path = "/" }: { month: string; months: { value: string; label: string }[]; path?: string }) {
  const router = useRouter();
  return (
    <form method="get" action={path} className="month-picker">
      <label>
        <span className="visually-hidden">Month</span>
        <select name="month" defaultValue={month} onChange={(e) => router.push(`${path}?month=${e.target.value}`)} data-testid="month-picker">
          {months.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
        </select>
      </label>
      <noscript><button type="submit">Show</button></noscript>
    </form>
  );
}
