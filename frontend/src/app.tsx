import { lazy, Suspense } from "react";
import { CatalogProvider } from "./features/catalog/catalog-context";
import { CatalogPage } from "./features/catalog/catalog-page";
import { HomePage } from "./features/home/home-page";
import { LoginPage } from "./features/shell/login-page";
import { ShareLinkPage } from "./features/shell/share-link-page";
import { SessionProvider } from "./features/shell/session";
import { ToastProvider } from "./features/shell/toasts";
import { TopBar } from "./features/shell/top-bar";
import { useRoute } from "./hooks/use-route";

// The editor pulls in @xyflow/react; the catalog and home pages load without it.
const EditorPage = lazy(() => import("./features/editor/editor-page"));

function Routes() {
  const route = useRoute();
  const path = route.split("?")[0] ?? "/";
  const editor = /^\/designs\/(\d+)\/?$/.exec(path);
  if (editor?.[1]) {
    return (
      <Suspense fallback={<div className="editor-skeleton" aria-busy="true" />}>
        <EditorPage designId={Number(editor[1])} />
      </Suspense>
    );
  }
  const share = /^\/share\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (share?.[1]) {
    return (
      <>
        <TopBar current="home" />
        <ShareLinkPage secret={share[1]} />
      </>
    );
  }
  if (path.startsWith("/catalog")) {
    return (
      <>
        <TopBar current="catalog" />
        <CatalogPage />
      </>
    );
  }
  if (path.startsWith("/login")) {
    return (
      <>
        <TopBar current="login" />
        <LoginPage />
      </>
    );
  }
  return (
    <>
      <TopBar current="home" />
      <HomePage />
    </>
  );
}

export function App() {
  return (
    <ToastProvider>
      <SessionProvider>
        <CatalogProvider>
          <Routes />
        </CatalogProvider>
      </SessionProvider>
    </ToastProvider>
  );
}
