import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type SignedIn } from "../../api/client";

interface Session {
  user: SignedIn | null;
  ready: boolean;
  /** Whether this install takes new accounts (the sign-up page answers 404 when it does not). */
  signupEnabled: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session>({
  user: null,
  ready: false,
  signupEnabled: false,
  login: async () => undefined,
  logout: async () => undefined,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SignedIn | null>(null);
  const [ready, setReady] = useState(false);
  const [signupEnabled, setSignupEnabled] = useState(false);
  useEffect(() => {
    api
      .whoami()
      .then((me) => {
        setUser(me.user);
        setSignupEnabled(me.signupEnabled);
      })
      .catch(() => setUser(null))
      .finally(() => setReady(true));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    setUser(await api.login(username, password));
  }, []);
  const logout = useCallback(async () => {
    await api.logout();
    setUser(null);
  }, []);
  const value = useMemo(
    () => ({ user, ready, signupEnabled, login, logout }),
    [user, ready, signupEnabled, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
