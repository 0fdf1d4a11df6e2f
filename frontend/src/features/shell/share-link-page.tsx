import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { navigate } from "../../hooks/use-route";
import { useSession } from "./session";

/** `/share/<secret>`: join the design a share link opens, then go to it (signing in first if needed). */
export function ShareLinkPage({ secret }: { secret: string }) {
  const { user, ready } = useSession();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!ready) return;
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(`/share/${secret}`)}`, true);
      return;
    }
    let live = true;
    api.joinShareLink(secret).then(
      (joined) => live && navigate(`/designs/${joined.design}`, true),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [ready, secret, user]);

  return (
    <main className="page">
      {error ? (
        <div className="empty-state" role="alert">
          <h1>This link does not work</h1>
          <p>{error}</p>
        </div>
      ) : (
        <div className="skeleton row-skeleton" aria-busy="true" />
      )}
    </main>
  );
}
