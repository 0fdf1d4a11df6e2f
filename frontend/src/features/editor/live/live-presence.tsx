import { ViewportPortal } from "@xyflow/react";
import type { LivePeer } from "../../live/live-client";
import { useEditor } from "../store/editor-context";

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  readonly: "Live · read-only",
  offline: "Offline",
} as const;

const STATUS_TITLE = {
  connecting: "Joining the live session",
  live: "Edits are shared with everyone here as you make them, and saved by the server",
  readonly: "You see everyone's edits as they are made; you may not edit this design",
  offline: "The connection dropped: your edits are kept and sent when it comes back",
} as const;

function initial(name: string): string {
  return (name.trim()[0] ?? "?").toUpperCase();
}

function Avatar({
  name,
  colour,
  you,
  readonly,
}: {
  name: string;
  colour: string;
  you?: boolean;
  readonly?: boolean;
}) {
  const title = `${name}${you ? " (you)" : ""}${readonly ? " · viewing" : ""}`;
  return (
    <li className="live-avatar" style={{ ["--peer" as string]: colour }} title={title} aria-label={title}>
      {initial(name)}
    </li>
  );
}

/** The live session's status and who is there (initial and colour each), for the top bar. */
export function LivePresence() {
  const status = useEditor((s) => s.live.status);
  const you = useEditor((s) => s.live.you);
  const peers = useEditor((s) => s.live.peers);
  if (status === "unavailable") return null;
  return (
    <div className="live-presence">
      <span
        className={`live-status live-${status}`}
        role="status"
        data-live={status}
        title={STATUS_TITLE[status]}
      >
        {STATUS_TEXT[status]}
      </span>
      {you && (
        <ul className="live-avatars" aria-label="People in this design">
          <Avatar name={you.name} colour={you.colour} you />
          {peers.map((peer) => (
            <Avatar key={peer.client} name={peer.name} colour={peer.colour} readonly={peer.readonly} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Cursor({ peer }: { peer: LivePeer }) {
  if (!peer.cursor) return null;
  return (
    <div
      className="live-cursor"
      style={{
        ["--peer" as string]: peer.colour,
        transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`,
      }}
      data-peer={peer.user}
    >
      <svg width="14" height="18" viewBox="0 0 14 18" aria-hidden="true">
        <path d="M1 1l12 9-5.5.6L5 17z" />
      </svg>
      <span className="live-cursor-name">{peer.name}</span>
    </div>
  );
}

/** The others' pointers on the canvas, in flow coordinates (they pan and zoom with it). */
export function PeerCursors() {
  const peers = useEditor((s) => s.live.peers);
  if (peers.length === 0) return null;
  return (
    <ViewportPortal>
      {peers.map((peer) => (
        <Cursor key={peer.client} peer={peer} />
      ))}
    </ViewportPortal>
  );
}

/**
 * Who else has each element selected: `colour name` pairs joined into one string per change, so the
 * canvas rebuilds when a selection changes, not when a pointer moves.
 */
export function peerSelectionKey(peers: readonly LivePeer[]): string {
  return JSON.stringify(peers.filter((p) => p.selection.length).map((p) => [p.colour, p.name, p.selection]));
}

export function peerSelections(key: string): Map<string, { colour: string; name: string }[]> {
  const byId = new Map<string, { colour: string; name: string }[]>();
  for (const [colour, name, ids] of JSON.parse(key) as [string, string, string[]][]) {
    for (const id of ids) byId.set(id, [...(byId.get(id) ?? []), { colour, name }]);
  }
  return byId;
}
