import { useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { CollaboratorRole, People, ShareLink } from "../../api/contract";
import { useToast } from "../shell/toasts";
import { Dialog } from "./dialogs";
import { useEditor } from "./store/editor-context";
import { useCommands } from "./use-editor-commands";

const ROLES: { value: CollaboratorRole; label: string }[] = [
  { value: "viewer", label: "Viewer (sees, cannot change)" },
  { value: "editor", label: "Editor (changes, cannot delete or share)" },
];

/**
 * People and roles on a design: the owner invites by username or e-mail, changes roles, removes people,
 * makes share links (view or edit) and revokes them. Others see who is on the design, read-only.
 */
export function ShareDialog({
  designId,
  canAdminister,
  onClose,
}: {
  designId: number;
  canAdminister: boolean;
  onClose: () => void;
}) {
  const notify = useToast();
  const ids = useId();
  const visibility = useEditor((s) => s.record.visibility);
  const commands = useCommands();
  const [switching, setSwitching] = useState(false);
  const [people, setPeople] = useState<People | null>(null);
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [person, setPerson] = useState("");
  const [role, setRole] = useState<CollaboratorRole>("editor");
  const [newLink, setNewLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Bumped after every change, to load people and links again.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([api.people(designId), canAdminister ? api.shareLinks(designId) : Promise.resolve([])]).then(
      ([loaded, loadedLinks]) => {
        if (!live) return;
        setLoadError(null);
        setPeople(loaded);
        setLinks(loadedLinks.filter((link) => !link.revoked_at));
      },
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, [canAdminister, designId, notify, version]);

  const act = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      setVersion((v) => v + 1);
      return true;
    } catch (error) {
      notify("error", `${what}: ${(error as Error).message}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const name = person.trim();
    if (!name) return;
    if (await act("Could not invite", () => api.invite(designId, name, role))) {
      notify("success", `${name} is now ${role === "editor" ? "an editor" : "a viewer"}.`);
      setPerson("");
    }
  };

  const makeLink = (linkRole: CollaboratorRole) =>
    act("Could not make a link", async () => {
      const made = await api.createShareLink(designId, linkRole);
      const url = `${window.location.origin}${made.url}`;
      setNewLink(url);
      void navigator.clipboard?.writeText(url).catch(() => undefined);
    });

  return (
    <Dialog title="Share" onClose={onClose} wide>
      <div className="general-access">
        <h3 className="share-heading">General access</h3>
        {canAdminister ? (
          <label className="share-toggle">
            <input
              type="checkbox"
              role="switch"
              checked={visibility === "public"}
              disabled={switching}
              onChange={() => {
                setSwitching(true);
                void commands.toggleShare().finally(() => setSwitching(false));
              }}
            />
            Public: anyone with the link can view it, signed in or not
          </label>
        ) : (
          <p className="small">
            {visibility === "public"
              ? "Public: anyone with the link can view it."
              : "Private: only the people below can open it."}
          </p>
        )}
      </div>
      {loadError && people === null ? (
        <div className="list-error" role="alert">
          <p>Could not load the people on this design: {loadError}</p>
          <button type="button" className="button button-small" onClick={() => setVersion((v) => v + 1)}>
            Try again
          </button>
        </div>
      ) : people === null ? (
        <div
          className="skeleton row-skeleton"
          role="status"
          aria-busy="true"
          aria-label="Loading the people"
        />
      ) : (
        <>
          <ul className="people-list" aria-label="People with access">
            <li>
              <span className="person-name">{people.owner}</span>
              <span className="tag">owner</span>
            </li>
            {people.collaborators.map((collaborator) => (
              <li key={collaborator.user_id}>
                <span className="person-name">{collaborator.username}</span>
                {collaborator.via_link !== null && <span className="muted small">via link</span>}
                {canAdminister ? (
                  <>
                    <select
                      aria-label={`Role of ${collaborator.username}`}
                      value={collaborator.role}
                      disabled={busy}
                      onChange={(e) =>
                        void act("Could not change the role", () =>
                          api.setRole(designId, collaborator.user_id, e.target.value as CollaboratorRole),
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.value}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Remove ${collaborator.username}`}
                      disabled={busy}
                      onClick={() =>
                        void act("Could not remove", () => api.removePerson(designId, collaborator.user_id))
                      }
                    >
                      Remove
                    </button>
                  </>
                ) : (
                  <span className="tag">{collaborator.role}</span>
                )}
              </li>
            ))}
          </ul>
          {canAdminister && (
            <>
              <form className="invite-form" onSubmit={(e) => void invite(e)}>
                <div className="field">
                  <label htmlFor={`${ids}-person`}>Invite (username or e-mail)</label>
                  <input
                    id={`${ids}-person`}
                    type="text"
                    value={person}
                    onChange={(e) => setPerson(e.target.value)}
                    placeholder="alice or alice@example.com"
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-role`}>Role</label>
                  <select
                    id={`${ids}-role`}
                    value={role}
                    onChange={(e) => setRole(e.target.value as CollaboratorRole)}
                  >
                    {ROLES.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button button-primary" disabled={busy || !person.trim()}>
                  Invite
                </button>
              </form>
              <h3 className="share-heading">Share links</h3>
              <p className="muted small">
                Anyone signed in who opens a link joins with its role, until it is revoked.
              </p>
              <div className="share-link-actions">
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void makeLink("viewer")}
                >
                  Make a view link
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void makeLink("editor")}
                >
                  Make an edit link
                </button>
              </div>
              {newLink && (
                <div className="new-link">
                  <label htmlFor={`${ids}-link`}>New link (copied; shown only now)</label>
                  <input
                    id={`${ids}-link`}
                    type="text"
                    readOnly
                    value={newLink}
                    onFocus={(e) => e.target.select()}
                  />
                </div>
              )}
              <ul className="people-list" aria-label="Live share links">
                {links.map((link) => (
                  <li key={link.id}>
                    <span className="person-name">
                      {link.role === "editor" ? "Edit" : "View"} link #{link.id}
                    </span>
                    <span className="muted small">
                      {link.members} joined · {new Date(link.created_at).toLocaleDateString()}
                    </span>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Revoke link #${link.id}`}
                      disabled={busy}
                      onClick={() =>
                        void act("Could not revoke", () => api.revokeShareLink(designId, link.id))
                      }
                    >
                      Revoke
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Dialog>
  );
}
