import { useState, type FormEvent } from "react";
import { navigate } from "../../hooks/use-route";
import { useSession } from "./session";

export function LoginPage() {
  const { login, signupEnabled } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      const next = new URLSearchParams(window.location.search).get("next");
      // Only a path on this site: "//host" would leave it.
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page login-page">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-heading">
        <h1 id="login-heading">Log in</h1>
        <label>
          Username
          <input
            autoFocus
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || !username}>
          {busy ? "Logging in…" : "Log in"}
        </button>
        <p className="login-links small">
          <a href="/accounts/password-reset/">Forgot your password?</a>
          {signupEnabled && (
            <>
              {" · "}
              <a href="/accounts/signup/">Make an account</a>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
