import type { ReactNode } from "react";
import { navigate } from "../../hooks/use-route";
import { useSession } from "./session";
import { ThemeToggle } from "./theme";
import { useToast } from "./toasts";

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** The logo and name, linking home; `compact` (the editor's crowded bar) draws the logo alone. */
export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <Link to="/" className="brand">
      <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#1f2937" />
        <path
          d="M9 8v16M9 16l9-8M9 16l9 8M20 16h5"
          stroke="#f8fafc"
          strokeWidth="2.6"
          fill="none"
          strokeLinecap="round"
        />
      </svg>
      <span className={compact ? "sr-only" : undefined}>Kafkaesque</span>
    </Link>
  );
}

export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { user, ready, logout } = useSession();
  const notify = useToast();
  if (!ready)
    return (
      <span className="user-menu muted">
        <ThemeToggle />…
      </span>
    );
  if (!user)
    return (
      <span className="user-menu">
        <ThemeToggle />
        <Link to="/login" className="button button-ghost">
          Log in
        </Link>
      </span>
    );
  return (
    <span className="user-menu">
      <ThemeToggle />
      {/* The account pages (password, API tokens) are server-rendered: a full page load. In the
          editor's crowded bar (compact) the avatar alone is the link. */}
      {compact ? (
        <a
          href="/accounts/profile/"
          className="avatar avatar-link"
          aria-label={`Account of ${user.username}`}
          title="Password and API tokens"
        >
          {user.username.slice(0, 1).toUpperCase()}
        </a>
      ) : (
        <>
          <span className="avatar" aria-hidden="true">
            {user.username.slice(0, 1).toUpperCase()}
          </span>
          <a href="/accounts/profile/" className="button button-ghost" title="Password and API tokens">
            {user.username}
          </a>
        </>
      )}
      <button
        type="button"
        className="button button-ghost"
        title={`Signed in as ${user.username}`}
        onClick={() =>
          logout().then(
            () => navigate("/"),
            (error: Error) => notify("error", `Could not log out: ${error.message}`),
          )
        }
      >
        Log out
      </button>
    </span>
  );
}

export function TopBar({ current }: { current: "home" | "catalog" | "login" }) {
  return (
    <header className="top-bar">
      <Brand />
      <nav aria-label="Main">
        <Link to="/" className={current === "home" ? "nav-link active" : "nav-link"}>
          Designs
        </Link>
        <Link to="/catalog" className={current === "catalog" ? "nav-link active" : "nav-link"}>
          Catalog
        </Link>
      </nav>
      <span className="spacer" />
      <UserMenu />
    </header>
  );
}
