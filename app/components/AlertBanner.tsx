"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { acknowledgeAction } from "../alerts/actions";

/** Open alerts, on every page until acknowledged (the layout passes what to say). */
export function AlertBanner({ count, latest }: { count: number; latest: string }) {
  const path = usePathname();
  if (count === 0 || path === "/login") return null;
  return (
    <div className="banner alert-banner" role="alert" data-testid="alert-banner">
      <span><strong>{count === 1 ? "1 open alert" : `${count} open alerts`}:</strong> {latest}{count > 1 ? " (and more)" : ""}</span>
      <span className="banner-actions">
        <Link href="/alerts#open">View</Link>
        <form action={acknowledgeAction}>
          <input type="hidden" name="back" value={path} />
          <button type="submit">{count === 1 ? "Acknowledge" : "Acknowledge all"}</button>
        </form>
      </span>
    </div>
  );
}
