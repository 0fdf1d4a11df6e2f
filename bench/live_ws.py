"""How fast does an edit reach the other editors of a live design session, with 20 editors on one design?

Starts the real stack (``e2e.stack.live_stack``: uvicorn serving HTTP and WebSocket, one Celery worker,
a throwaway SQLite database, the local Redis), creates one design of ``--nodes`` nodes with ``--editors``
editors (owner plus editor collaborators, an API token each), and connects them all to its live session
with the ``websockets`` library. Each editor then sends ``--edits`` batches at ``--rate`` batches per second
(jittered), each a move of the editor's own node plus, every fifth batch, a rename of a node everyone
renames (so writes collide). Latency is the time from one editor sending a batch to another editor
receiving it, for every other editor and every batch, measured on one monotonic clock (all clients run in
this process, so the figure includes their own event-loop time; each applies the batches it received
after the run, in seq order, so that work does not delay the others' receiving).

Checks that nothing is lost: every editor receives every batch, in seq order with no gap; all editors end
with the same document; the revision the room saves equals it.

The baseline, measured in the same run, is the same load with 2 editors; the summary prints the ratio.

Run: ``.venv/bin/python bench/live_ws.py [--editors 20] [--edits 30] [--rate 5] [--nodes 200]``
(needs ``frontend/dist``: ``cd frontend && npm run build``).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from e2e.stack import live_stack  # noqa: E402
from explorer.engine.live_ops import apply_ops  # noqa: E402

TARGET_P95_MS = 250.0


def design_document(nodes: int) -> dict[str, Any]:
    """A valid design: ``nodes`` Kafka clusters with a topic each, chained by flows, laid out on a grid."""
    ids = [f"kafka-{i}" for i in range(nodes)]
    return {
        "format": "kafkaesque.design/v1",
        "name": f"Live bench ({nodes} nodes)",
        "description": "",
        "locations": [{"id": "fra", "name": "Frankfurt", "provider": "aws", "region": "eu-central-1"}],
        "nodes": [
            {
                "id": node,
                "service": "kafka",
                "name": f"Kafka {i}",
                "location": "fra",
                "stores": [{"name": "orders", "kind": "topic"}],
            }
            for i, node in enumerate(ids)
        ],
        "flows": [
            {"id": f"f-{i}", "from": f"{a}/orders", "to": f"{b}/orders", "mechanism": "mirrormaker2"}
            for i, (a, b) in enumerate(itertools.pairwise(ids))
        ],
        "layout": {node: {"x": (i % 20) * 240, "y": (i // 20) * 160} for i, node in enumerate(ids)},
        "extensions": {},
    }


def setup_world(workdir: Path, editors: int, nodes: int) -> tuple[int, list[str]]:
    """Create the editors, their tokens and the design in the stack's database (Django set up here)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'e2e.sqlite3'}"
    os.environ["KAFKAESQUE_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "explorer.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from explorer.services import sharing
    from explorer.services.designs import design_create
    from explorer.services.tokens import token_create

    users = [get_user_model().objects.create_user(username=f"editor{i:02d}") for i in range(editors)]
    design = design_create(owner=users[0], document=design_document(nodes))
    for user in users[1:]:
        sharing.collaborator_invite(design=design, actor=users[0], identifier=user.username, role="editor")
    return design.pk, [token_create(user=user, name="bench")[1] for user in users]


@dataclass
class Editor:
    """One connected editor and what it saw."""

    index: int
    socket: ClientConnection
    client: str
    document: dict[str, Any]
    seq: int
    received: set[str] = field(default_factory=set)
    log: list[list[dict[str, Any]]] = field(default_factory=list)
    saved: list[int] = field(default_factory=list)
    gaps: int = 0


@dataclass
class Run:
    """Shared state of one run: when each batch was sent, and the latencies observed."""

    sent_at: dict[str, float] = field(default_factory=dict)
    sender: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)


async def receive_loop(editor: Editor, run: Run, total: int) -> None:
    """Apply every batch in seq order and record latencies until all ``total`` batches arrived."""
    while len(editor.received) < total or not editor.saved:
        message = json.loads(await asyncio.wait_for(editor.socket.recv(), 30))
        now = time.monotonic()
        if message["type"] == "saved":
            if len(editor.received) >= total and message["seq"] == editor.seq:
                editor.saved.append(message["revision"])
            continue
        if message["type"] == "error":
            raise RuntimeError(f"editor {editor.index}: {message}")
        if message["type"] != "ops" or message["seq"] <= editor.seq:
            continue
        if message["seq"] != editor.seq + 1:
            editor.gaps += 1
        editor.seq = message["seq"]
        editor.log.append(message["ops"])  # applied after the run, so the clients' work does not delay others
        batch = message["batch"]
        editor.received.add(batch)
        elapsed = (now - run.sent_at[batch]) * 1000
        (run.acks if run.sender[batch] == editor.index else run.latencies).append(elapsed)


async def send_loop(editor: Editor, run: Run, edits: int, rate: float, nodes: int, rng: random.Random) -> None:
    """Send ``edits`` batches at about ``rate`` per second."""
    own = f"kafka-{editor.index % nodes}"
    for n in range(1, edits + 1):
        await asyncio.sleep(rng.expovariate(rate))
        ops: list[dict[str, Any]] = [
            {"op": "set", "path": ["layout", own], "value": {"x": rng.uniform(0, 4000), "y": rng.uniform(0, 2000)}}
        ]
        if n % 5 == 0:
            ops.append({"op": "set", "path": ["nodes", "kafka-0", "name"], "value": f"Renamed by {editor.index}.{n}"})
        batch = f"{editor.client}:{n}"
        run.sent_at[batch] = time.monotonic()
        run.sender[batch] = editor.index
        await editor.socket.send(json.dumps({"type": "ops", "batch": batch, "ops": ops, "label": "Move"}))


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def one_run(
    url: str, design_id: int, tokens: list[str], *, edits: int, rate: float, nodes: int
) -> dict[str, Any]:
    """Connect ``len(tokens)`` editors, run the load, check and return the figures."""
    ws = url.replace("http://", "ws://") + f"/ws/designs/{design_id}/live/"
    editors: list[Editor] = []
    for index, token in enumerate(tokens):
        socket = await connect(f"{ws}?session=bench{index}", additional_headers={"Authorization": f"Token {token}"})
        welcome = json.loads(await socket.recv())
        editors.append(Editor(index, socket, f"bench{index}", welcome["document"], welcome["seq"]))
    # Joins broadcast peer lists; let them settle so they do not count against the first edits.
    await asyncio.sleep(0.5)
    run = Run()
    total = len(editors) * edits
    rng = random.Random(13)
    started = time.monotonic()
    await asyncio.gather(
        *(receive_loop(editor, run, total) for editor in editors),
        *(send_loop(editor, run, edits, rate, nodes, random.Random(rng.random())) for editor in editors),
    )
    elapsed = time.monotonic() - started
    for editor in editors:
        for ops in editor.log:
            editor.document, _ = apply_ops(editor.document, ops)
    documents = [json.dumps(editor.document, sort_keys=True) for editor in editors]
    revision = max(editor.saved[-1] for editor in editors)
    with urllib.request.urlopen(
        urllib.request.Request(
            f"{url}/api/designs/{design_id}/document/?revision={revision}",
            headers={"Authorization": f"Token {tokens[0]}"},
        ),
        timeout=10,
    ) as response:
        saved = json.dumps(json.loads(response.read()), sort_keys=True)
    for editor in editors:
        await editor.socket.close()
    return {
        "editors": len(editors),
        "batches": total,
        "seconds": elapsed,
        "deliveries": len(run.latencies),
        "p50": statistics.median(run.latencies),
        "p95": percentile(run.latencies, 0.95),
        "max": max(run.latencies),
        "ack_p50": statistics.median(run.acks),
        "all_received": all(len(editor.received) == total for editor in editors),
        "gaps": sum(editor.gaps for editor in editors),
        "same_document": len(set(documents)) == 1,
        "saved_equals": saved == documents[0],
        "revision": revision,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--baseline-editors", type=int, default=2)
    parser.add_argument("--edits", type=int, default=30, help="batches per editor")
    parser.add_argument("--rate", type=float, default=5.0, help="batches per second per editor")
    parser.add_argument("--nodes", type=int, default=200)
    args = parser.parse_args()
    # The machine may be shared: its load goes next to the figures.
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="kafkaesque-live-bench-") as tmp, live_stack(Path(tmp)) as url:
        design_id, tokens = setup_world(Path(tmp), args.editors, args.nodes)
        results = []
        for count in (args.baseline_editors, args.editors):
            results.append(
                asyncio.run(one_run(url, design_id, tokens[:count], edits=args.edits, rate=args.rate, nodes=args.nodes))
            )
    print(f"design of {args.nodes} nodes; each editor sends {args.edits} batches at ~{args.rate}/s")
    print(f"load average before / after: {load_before} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "| editors | batches | deliveries | p50 | p95 | max | own ack p50 | all received, no gap "
        "| same document | saved = it |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['editors']} | {r['batches']} | {r['deliveries']} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
            f"{r['max']:.1f} ms | {r['ack_p50']:.1f} ms | {r['all_received'] and r['gaps'] == 0} | "
            f"{r['same_document']} | {r['saved_equals']} (r{r['revision']}) |"
        )
    base, load = results
    print(f"p95 {load['editors']} editors / {base['editors']} editors: {load['p95'] / base['p95']:.2f}x")
    ok = all(r["all_received"] and r["gaps"] == 0 and r["same_document"] and r["saved_equals"] for r in results)
    met = load["p95"] <= TARGET_P95_MS
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms with {load['editors']} editors: {'met' if met else 'MISSED'}")
    print(f"nothing lost: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
