"""``python manage.py simulate DESIGN.json [--profile …] [--outage LOCATION] [--format json|text]``: what if.

Simulates the design's load (rates, capacity, backlog, lag, retention) over ``--duration`` seconds in steps of
``--step``, under each source's own profile or the one given, optionally with locations or nodes down.

Exit status: 0 when no finding is an error, 1 when one is (records lost to retention, an event loop), 2 when the
file cannot be read, is not a valid design document, or an option cannot be used (the reason goes to stderr).
"""

from __future__ import annotations

import json
import math
import sys
import textwrap
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from catalog import CatalogError
from catalog.load_defaults import default_load_defaults
from explorer.engine.simulate import Options, Outage, Price, Profile, SimulationError, SimulationResult, simulate
from explorer.management.design_file import EXIT_INVALID, DesignFileError, catalog_load, design_file_read

EXIT_OK = 0
EXIT_ERRORS = 1
PREFIX = "simulate: "


def _si(value: float | None, unit: str) -> str:
    if value is None:
        return "unbounded"
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}"


def _duration(value: float | None) -> str:
    if value is None or math.isinf(value):
        return "never"
    if value >= 3600:
        return f"{value / 3600:.3g} h"
    if value >= 60:
        return f"{value / 60:.3g} min"
    return f"{value:.3g} s"


def _flow_line(item: dict[str, Any]) -> str:
    line = (
        f"  {item['id']:<24} {_si(item['peak_offered_bytes_per_second']['value'], 'B/s'):>10} / "
        f"{_si(item['capacity_bytes_per_second']['value'], 'B/s'):>10}"
    )
    backlog = item.get("backlog")
    if backlog:
        line += (
            f"  backlog {_si(backlog['peak_bytes']['value'], 'B')}, lag {_duration(backlog['peak_lag_s']['value'])}"
            f", drains in {_duration(backlog['drain_s']['value'])}"
        )
        if backlog["lost_records"]["value"]:
            line += f", LOST {backlog['lost_records']['value']:.6g} records"
    return line


def render_text(result: SimulationResult, *, name: str, width: int = 100) -> str:
    """The result as a person reads it in a terminal: flows and stores, location pairs, outage, findings."""
    data = result.data
    profiles = ", ".join(Profile.parse(item).describe() for item in data["profiles"])
    lines = [f"What if: {name}  ({_duration(data['duration_s'])} in {data['step_s']:g} s steps; {profiles})", ""]
    lines.append("Flows (peak offered / capacity; backlog peak, lag, drain)")
    lines += [_flow_line(item) for item in data["flows"]]
    lines += ["", "Stores (in, peak in, storage at retention x replication)"]
    for item in data["stores"]:
        storage = item.get("storage_bytes")
        lines.append(
            f"  {item['id']:<40} {_si(item['in_bytes_per_second']['value'], 'B/s'):>10} "
            f"{_si(item['peak_in_bytes_per_second']['value'], 'B/s'):>10}"
            + (f"  {_si(storage['value'], 'B')}" if storage else "")
            + (" (growing)" if item["growing"] else "")
        )
    if data["cross_location"]:
        lines += ["", "Between locations"]
        for item in data["cross_location"]:
            cost = f", {item['usd_per_month']['value']:.2f} USD/month" if "usd_per_month" in item else ""
            lines.append(
                f"  {item['from']} -> {item['to']} ({item['scope']}): {_si(item['bytes_per_second']['value'], 'B/s')}, "
                f"{item['gb_per_month']['value']:.6g} GB/month{cost}"
            )
    outage = data.get("outage")
    if outage:
        lines += ["", f"Outage: {', '.join(outage['down_nodes']) or 'nothing'} down"]
        backed_up = [item for item in outage["flows"] if item.get("backlog")]
        if backed_up:
            lines.append("  flows that back up during the outage:")
            lines += ["  " + _flow_line(item) for item in backed_up]
        for item in outage["receivers"]:
            lines.append(
                f"  {item['node']} stops receiving {_si(item['stops_receiving_bytes_per_second']['value'], 'B/s')}"
                + (" (everything)" if item["stops_everything"] else "")
            )
        for item in outage["replication"]:
            lines.append(
                f"  {item['flow']}: recovery point {item['recovery_point_records']['value']:.6g} records "
                f"({_si(item['recovery_point_bytes']['value'], 'B')}); "
                + ("ready to fail over" if item["ready"] else "NOT ready: " + "; ".join(item["reasons"]))
            )
        for keyspace in outage["cassandra"]:
            for row in keyspace["datacenters"]:
                levels = ", ".join(
                    f"{level} {'ok' if value['writes']['during'] else 'DOWN'}" for level, value in row["levels"].items()
                )
                lines.append(f"  cassandra {keyspace['keyspace']} from {row['datacenter']}: {levels}")
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    if result.findings:
        lines += ["", f"Findings ({len(result.findings)})"]
        for finding in result.findings:
            lines.append(f"  {finding.severity}: {finding.code}  [{', '.join(finding.refs)}]")
            lines += wrap.wrap(finding.message)
            lines += wrap.wrap("fix: " + finding.fix)
    if data["assumptions"]:
        lines += ["", "Assumed (catalog defaults; set them in the design to replace)"]
        for key, item in data["assumptions"].items():
            lines.append(f"  {key} = {item['value']:g} {item['unit']}  ({item['uses']} uses)")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    """Simulate a design's load and outages and print the figures and findings."""

    help = "Simulate load, lag, capacity and outages on a kafkaesque.design/v1 file. Exit 0 ok, 1 errors, 2 invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        """``DESIGN.json``, ``--profile``, ``--duration``, ``--step``, ``--outage``, ``--down``, ``--prices``."""
        parser.add_argument("design", help="path to a design document (JSON), or - for standard input")
        parser.add_argument(
            "--profile",
            help="steady, daily or spike, or a JSON object such as "
            '\'{"shape": "spike", "factor": 10, "minutes": 10, "start_minute": 60}\' (default: each source\'s own)',
        )
        parser.add_argument("--duration", type=float, default=86_400.0, help="seconds to simulate (default 86400)")
        parser.add_argument("--step", type=float, default=60.0, help="step in seconds (default 60)")
        parser.add_argument(
            "--outage", action="append", default=[], help="a location id, provider, region or zone that is down"
        )
        parser.add_argument("--down", action="append", default=[], help="a node id that is down")
        parser.add_argument(
            "--prices", help='JSON file: {"inter-region": {"usd_per_gb": 0.02, "source": "https://..."}}'
        )
        parser.add_argument("--format", choices=["json", "text"], default="text", help="output format (default text)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, parse, simulate, print, exit with the documented status."""
        try:
            design = design_file_read(str(options["design"]), prefix=PREFIX)
            catalog = catalog_load(prefix=PREFIX)
            defaults = default_load_defaults()
            run = Options(
                duration_s=options["duration"],
                step_s=options["step"],
                profile=_profile(options["profile"]),
                outage=Outage.parse({"locations": options["outage"], "nodes": options["down"]}),
                prices=Price.table(_prices(options["prices"])),
            )
            result = simulate(design, catalog, defaults, run)
        except (DesignFileError, SimulationError, CatalogError) as exc:
            message = str(exc)
            self.stderr.write(message if message.startswith(PREFIX) else PREFIX + message)
            sys.exit(EXIT_INVALID)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_dict(), indent=2))
        else:
            self.stdout.write(render_text(result, name=design.name), ending="")
        sys.exit(EXIT_ERRORS if any(item.severity == "error" for item in result.findings) else EXIT_OK)


def _profile(text: str | None) -> Profile | None:
    if text is None:
        return None
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return Profile.parse(json.loads(stripped), "--profile")
        except json.JSONDecodeError as exc:
            raise SimulationError(f"--profile: not valid JSON ({exc.msg} at column {exc.colno})") from exc
    return Profile.parse(stripped, "--profile")


def _prices(path: str | None) -> object:
    if path is None:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SimulationError(f"--prices: cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise SimulationError(f"--prices: {path} is not valid JSON (line {exc.lineno} column {exc.colno})") from exc
