"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/usage", label: "Usage" },
  { href: "/projections", label: "Projections" },
  { href: "/import", label: "Import" },
  { href: "/pricing", label: "Pricing" },
  { href: "/alerts", label: "Alerts" },
];

export function Nav({ showLogout, openAlerts = 0 }: { showLogout: boolean; openAlerts?: number }) {
  const path = usePathname();
  if (path === "/login") return null;
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map((l) => {
        const current = l.href === "/" ? path === "/" : path.startsWith(l.href);
        return (
          <Link key={l.href} href={l.href} aria-current={current ? "page" : undefined} className={current ? "current" : undefined}>
            {l.label}
            {l.href === "/alerts" && openAlerts > 0 ? <span className="count" aria-label={`${openAlerts} open`}> {openAlerts}</span> : null}
          </Link>
        );
      })}
      {showLogout ? (
        <form action="/api/logout" method="post" className="logout">
          <button type="submit" className="link-button">Log out</button>
        </form>
      ) : null}
    </nav>
  );
}
