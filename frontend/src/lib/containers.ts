import type { Box } from "./edge-handles";

/** Space a container leaves around its members, and above them for its title. */
export interface Frame {
  pad: number;
  title: number;
}

/** Location containers on the canvas (provider · region · zone). */
export const LOCATION_FRAME: Frame = { pad: 36, title: 26 };
/** Co-location groups, drawn dashed inside their location. */
export const GROUP_FRAME: Frame = { pad: 16, title: 18 };

/** The container box around member boxes, or null when there are none. */
export function enclose(members: readonly Box[], frame: Frame): Box | null {
  if (members.length === 0) return null;
  const x = Math.min(...members.map((b) => b.x)) - frame.pad;
  const y = Math.min(...members.map((b) => b.y)) - frame.pad - frame.title;
  return {
    x,
    y,
    width: Math.max(...members.map((b) => b.x + b.width)) + frame.pad - x,
    height: Math.max(...members.map((b) => b.y + b.height)) + frame.pad - y,
  };
}
