"""Rules on single flows: which mechanism carries each flow, and whether it can.

Codes: ``unsupported-flow``, ``mechanism-mismatch``, ``mode-mismatch``, ``version-mismatch``,
``invalid-property``, ``default-mechanism`` and (through :mod:`explorer.engine.analysis.versions`)
``version-chosen``. A flow that passes the first three becomes a :class:`~explorer.engine.graph.FlowSpec`
in ``context.specs``. Versions are judged after every flow is resolved, once the versions of the nodes a
design leaves open are chosen.
"""

from __future__ import annotations

from catalog import Catalog, Mechanism, Pair
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.analysis.versions import ConstrainedFlow, choose_versions
from explorer.engine.document import Flow
from explorer.engine.graph import FlowSpec, TopicFilter

__all__ = ["flow_mode", "resolve_flows", "routes_between"]

#: Intermediates tried first when suggesting a two-hop route (Kafka is the usual router, then Spark).
PREFERRED_INTERMEDIATES: tuple[str, ...] = ("kafka", "spark-batch", "spark-streaming", "logstash")
#: Services that end a pipeline or only start one: never suggested as an intermediate hop.
NOT_INTERMEDIATES: frozenset[str] = frozenset({"spark-mllib", "zeppelin", "kibana", "event-source"})
STREAMING_SPARK = "spark-streaming"
BATCH_SPARK = ("spark-batch", "spark-mllib")


def _describe(mechanism: Mechanism) -> str:
    return f"{mechanism.id} ({mechanism.name})" if mechanism.name and mechanism.name != mechanism.id else mechanism.id


def routes_between(
    catalog: Catalog, source: str, sink: str, *, limit: int = 3
) -> list[tuple[str, Mechanism, Mechanism]]:
    """Two-hop routes ``source -> X -> sink`` through one intermediate service, shortest documented first.

    Returns ``(intermediate, first mechanism, second mechanism)`` using each hop's default mechanism;
    routes whose two hops are documented come before inferred ones, then preferred intermediates.
    """
    candidates: list[tuple[tuple[int, int, str], str, Mechanism, Mechanism]] = []
    for middle in sorted(catalog.services):
        if middle in (source, sink) or middle in NOT_INTERMEDIATES:
            continue
        first = catalog.mechanisms_between(source, middle)
        second = catalog.mechanisms_between(middle, sink)
        if not first or not second:
            continue
        inferred = int(first[0][1].status != "documented") + int(second[0][1].status != "documented")
        preference = PREFERRED_INTERMEDIATES.index(middle) if middle in PREFERRED_INTERMEDIATES else 99
        candidates.append(((inferred, preference, middle), middle, first[0][0], second[0][0]))
    candidates.sort(key=lambda item: item[0])
    return [(middle, first, second) for _, middle, first, second in candidates[:limit]]


def _hop(catalog: Catalog, source: str, sink: str) -> tuple[Mechanism, Pair] | None:
    options = catalog.mechanisms_between(source, sink)
    return options[0] if options else None


def three_hop_route(catalog: Catalog, source: str, sink: str) -> list[tuple[str, Mechanism, Pair]] | None:
    """The best route ``source -> X -> Y -> sink`` through two intermediates, or None.

    Each step is ``(service it reaches, mechanism, pair)``. Documented hops beat inferred ones, then
    preferred intermediates. Only asked when no two-hop route exists (a few hundred catalog look-ups).
    """
    middles = [middle for middle in sorted(catalog.services) if middle not in (source, sink)]
    middles = [middle for middle in middles if middle not in NOT_INTERMEDIATES]
    best: tuple[tuple[int, int, int, str, str], list[tuple[str, Mechanism, Pair]]] | None = None
    for first in middles:
        one = _hop(catalog, source, first)
        if one is None:
            continue
        for second in middles:
            if second == first:
                continue
            two = _hop(catalog, first, second)
            three = _hop(catalog, second, sink) if two is not None else None
            if two is None or three is None:
                continue
            hops = [(first, *one), (second, *two), (sink, *three)]
            inferred = sum(int(pair.status != "documented") for _, _, pair in hops)
            rank = tuple(
                PREFERRED_INTERMEDIATES.index(middle) if middle in PREFERRED_INTERMEDIATES else 99
                for middle in (first, second)
            )
            key = (inferred, rank[0], rank[1], first, second)
            if best is None or key < best[0]:
                best = (key, hops)
    return best[1] if best is not None else None


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def flow_mode(flow: Flow, pair: Pair, source_service: str, sink_service: str) -> tuple[str, bool]:
    """The mode a flow runs in and whether the design asked for it explicitly.

    An explicit ``mode`` property wins; a Structured Streaming job reads in streams; a pair with one mode
    runs in it; a batch Spark job (or MLlib) runs in batch; everything else is continuous.
    """
    explicit = flow.properties.get("mode")
    if explicit in ("stream", "batch"):
        return str(explicit), True
    if sink_service == STREAMING_SPARK:
        return "stream", False
    if len(pair.modes) == 1:
        return pair.modes[0], False
    if source_service in BATCH_SPARK or sink_service in BATCH_SPARK:
        return "batch", False
    return ("stream" if "stream" in pair.modes or not pair.modes else pair.modes[0]), False


def _unsupported(context: Context, flow: Flow, source: str, sink: str) -> Finding:
    catalog = context.catalog
    message = (
        f"Flow '{flow.id}' sends data from {source} {context.label(flow.source.node)} to {sink} "
        f"{context.label(flow.sink.node)}, but no documented mechanism connects {source} to {sink} in that direction."
    )
    evidence: list[str] = []
    options: list[str] = []
    reverse = catalog.mechanisms_between(sink, source)
    if reverse:
        names = ", ".join(mechanism.id for mechanism, _ in reverse)
        message += f" The reverse direction exists: {sink} -> {source} by {names}."
        evidence.extend(url for _, pair in reverse for url in pair.evidence)
    routes = routes_between(catalog, source, sink)
    for middle, first, second in routes:
        options.append(f"via {middle} ({first.id} + {second.id})")
        for mechanism, (a, b) in ((first, (source, middle)), (second, (middle, sink))):
            pair = mechanism.pair(a, b)
            if pair is not None:
                evidence.extend(pair.evidence)
    if routes:
        middle, first, second = routes[0]
        fix = (
            f"Replace flow '{flow.id}' with two flows through {_article(middle)} node: {source} -> {middle} by "
            f"{first.id}, then {middle} -> {sink} by {second.id}."
        )
        if len(options) > 1:
            fix += " Other routes: " + "; ".join(options[1:]) + "."
        message += " It can be done in two hops: " + "; ".join(options) + "."
    elif reverse:
        fix = f"Swap 'from' and 'to' of flow '{flow.id}' if the data may travel {sink} -> {source}, or remove the flow."
    else:
        # The same pair recurs across a design's flows: work out the alternative once per pair.
        hint = context.route_hints.get((source, sink))
        if hint is None:
            hint = context.route_hints[(source, sink)] = _what_exists_instead(catalog, source, sink)
        text, urls = hint
        evidence.extend(urls)
        verb, _, rest = text.partition(": ")
        fix = f"Remove flow '{flow.id}': {rest}" if verb == "Remove" else f"Replace flow '{flow.id}' with {rest}"
    return finding(
        "unsupported-flow", message, refs=[flow.id, flow.source.node, flow.sink.node], evidence=evidence, fix=fix
    )


def _what_exists_instead(catalog: Catalog, source: str, sink: str) -> tuple[str, tuple[str, ...]]:
    """For a pair with no route of one or two hops: what to do instead (after "Remove flow 'x': " or
    "Replace flow 'x' with "), and its evidence. An end point's role, else a three-hop route."""
    pairs = [pair for mechanism in catalog.mechanisms.values() for pair in mechanism.pairs]
    feeds = sorted({pair.sink for pair in pairs if pair.source == source})
    fed_by = sorted({pair.source for pair in pairs if pair.sink == sink})
    if not feeds:
        inputs = sorted({pair.source for pair in pairs if pair.sink == source})
        return (
            f"Remove: {source} is an end point that only reads (from {', '.join(inputs) or 'nothing'}); no mechanism "
            f"carries data out of it. Feed {sink} from "
            f"{', '.join(fed_by) if fed_by else 'the stores it is meant to show'} instead.",
            (),
        )
    if not fed_by:
        return (
            f"Remove: {sink} is a starting point; no mechanism carries data into it. Send the data of {source} to "
            f"{', '.join(feeds)} instead.",
            (),
        )
    hops = three_hop_route(catalog, source, sink)
    if hops is None:
        return (
            f"Remove: nothing documented joins {source} and {sink}, even through two intermediates. {sink} is fed "
            f"by {', '.join(fed_by)}.",
            (),
        )
    steps = []
    previous = source
    for reached, mechanism, _ in hops:
        steps.append(f"{previous} -> {reached} by {mechanism.id}")
        previous = reached
    return (
        f"Replace: three flows through {_article(hops[0][0])} node and {_article(hops[1][0])} node: "
        f"{', then '.join(steps)}.",
        tuple(url for _, _, pair in hops for url in pair.evidence),
    )


def _streaming_read(context: Context, flow: Flow, source: str, sink: str, named: Mechanism | None) -> Finding | None:
    """A Structured Streaming job reading what Spark can only read in batch (Cassandra, Elasticsearch, ...)."""
    if sink != STREAMING_SPARK:
        return None
    batch = [
        (mechanism, pair)
        for mechanism, pair in context.catalog.mechanisms_between(source, "spark-batch")
        if named is None or mechanism.id == named.id
    ]
    if not batch:
        return None
    mechanism, pair = batch[0]
    routes = [
        (middle, first, second)
        for middle, first, second in routes_between(context.catalog, source, sink, limit=5)
        if middle != "spark-batch"
    ]
    fix = f"Make '{flow.sink.node}' a spark-batch job (service spark-batch) that reads {source} in batch"
    if routes:
        middle, first, second = routes[0]
        fix += (
            f", or stream through {middle}: {source} -> {middle} by {first.id}, then {middle} -> {sink} by {second.id}"
        )
    return finding(
        "mode-mismatch",
        f"Flow '{flow.id}' has the Structured Streaming job {context.label(flow.sink.node)} read {source} "
        f"{context.label(flow.source.node)}, but {mechanism.id} reads {source} in batch only.",
        refs=[flow.id, flow.source.node, flow.sink.node],
        evidence=pair.evidence,
        fix=fix + ".",
    )


def _mismatch(context: Context, flow: Flow, mechanism: Mechanism, source: str, sink: str) -> Finding:
    connects = ", ".join(f"{pair.source} -> {pair.sink}" for pair in mechanism.pairs) or "nothing"
    options = context.catalog.mechanisms_between(source, sink)
    if mechanism.pair(sink, source) is not None:
        fix = f"Swap 'from' and 'to' of flow '{flow.id}': {mechanism.id} carries {sink} -> {source}."
    elif options:
        fix = f"Set the mechanism of flow '{flow.id}' to {options[0][0].id}, which connects {source} -> {sink}."
    else:
        fix = f"Remove the mechanism of flow '{flow.id}' and rework the flow: nothing connects {source} -> {sink}."
    return finding(
        "mechanism-mismatch",
        f"Flow '{flow.id}' uses {_describe(mechanism)}, which connects {connects}, not {source} -> {sink}.",
        refs=[flow.id, flow.source.node, flow.sink.node],
        evidence=[url for _, pair in options[:1] for url in pair.evidence],
        fix=fix,
    )


def _property_findings(flow: Flow, mechanism: Mechanism) -> list[Finding]:
    found: list[Finding] = []
    for spec in mechanism.properties:
        value = flow.properties.get(spec.name)
        if value is None:
            if spec.name in mechanism.required_properties and spec.default is None:
                found.append(
                    finding(
                        "invalid-property",
                        f"Flow '{flow.id}' uses {mechanism.id}, which needs the setting '{spec.name}' "
                        f"({spec.description or spec.type}).",
                        refs=[flow.id],
                        fix=f"Set '{spec.name}' in the properties of flow '{flow.id}'.",
                    )
                )
            continue
        if spec.type == "enum" and spec.choices and str(value) not in spec.choices:
            found.append(
                finding(
                    "invalid-property",
                    f"Flow '{flow.id}' sets '{spec.name}' to '{value}', which {mechanism.id} does not know.",
                    refs=[flow.id],
                    fix=f"Set '{spec.name}' of flow '{flow.id}' to one of: {', '.join(spec.choices)}.",
                )
            )
        elif spec.type == "regex-list":
            problems = TopicFilter.parse(value).problems
            if problems:
                found.append(
                    finding(
                        "invalid-property",
                        f"Flow '{flow.id}' sets '{spec.name}' to a list with broken patterns: {'; '.join(problems)}.",
                        refs=[flow.id],
                        fix=f"Correct the regular expressions in '{spec.name}' of flow '{flow.id}' "
                        "(comma separated, each matching whole names).",
                    )
                )
    return found


def _version_findings(context: Context, flow: Flow, mechanism: Mechanism, source: str, sink: str) -> list[Finding]:
    found: list[Finding] = []
    source_version = context.version(flow.source.node)
    sink_version = context.version(flow.sink.node)
    for constraint in mechanism.version_constraints:
        messages = constraint.problems(
            source_service=source,
            source_version=source_version,
            sink_service=sink,
            sink_version=sink_version,
        )
        if not messages:
            continue
        if constraint.same_version:
            fix = (
                f"Set the version of '{flow.sink.node}' to {source_version} (the version of "
                f"'{flow.source.node}'), or the other way round."
            )
        else:
            bounds = []
            if constraint.max_version is not None:
                bounds.append(f"at most {constraint.max_version}")
            if constraint.min_version is not None:
                bounds.append(f"at least {constraint.min_version}")
            alternatives = [
                candidate.id
                for candidate, _ in context.catalog.mechanisms_between(source, sink)
                if candidate.id != mechanism.id and not candidate.legacy
            ]
            fix = f"Keep the versions {' and '.join(bounds)} for {mechanism.id}"
            if alternatives:
                fix = (
                    f"Use {alternatives[0]} instead of {mechanism.id} on flow '{flow.id}', or: "
                    + fix[0].lower()
                    + fix[1:]
                )
            fix += "."
        # A constraint on both ends gives the same message twice when both ends break it alike: say it once.
        found.append(
            finding(
                "version-mismatch",
                f"Flow '{flow.id}' ({mechanism.id}): {'; '.join(dict.fromkeys(messages))}.",
                refs=[flow.id, flow.source.node, flow.sink.node],
                evidence=constraint.evidence,
                fix=fix,
            )
        )
    return found


def _renames(flow: Flow, mechanism: Mechanism) -> bool:
    policy = flow.properties.get("replication_policy")
    if policy == "identity":
        return False
    if policy == "default":
        return True
    spec = mechanism.property("replication_policy")
    if spec is not None and spec.default in ("identity", "default"):
        return spec.default == "default"
    return mechanism.renames


def resolve_flows(context: Context, *, checks: bool = True) -> list[Finding]:
    """Resolve the mechanism of every flow and check it; fill ``context.specs`` with the flows that can run.

    With ``checks`` off (the simulation, which reports no analysis findings), the flows' properties and versions
    are not checked and open versions are not chosen: ``context.specs`` is the same, the findings fewer.
    """
    catalog = context.catalog
    found: list[Finding] = []
    constrained: list[ConstrainedFlow] = []
    for flow in context.design.flows:
        if flow.id in context.broken_flows:
            continue
        source_service = context.services.get(flow.source.node)
        sink_service = context.services.get(flow.sink.node)
        if source_service is None or sink_service is None:
            continue  # unknown-service is reported on the node
        source, sink = source_service.id, sink_service.id
        mechanism: Mechanism | None
        pair: Pair | None
        if flow.mechanism is not None:
            mechanism = catalog.mechanism(flow.mechanism)
            if mechanism is None:
                options = catalog.mechanisms_between(source, sink)
                hint = (
                    f"Set it to {options[0][0].id} (the catalog's mechanism for {source} -> {sink}), or leave it "
                    "out to get the default."
                    if options
                    else "Leave it out, or pick a mechanism from the catalog."
                )
                found.append(
                    finding(
                        "mechanism-mismatch",
                        f"Flow '{flow.id}' names mechanism '{flow.mechanism}', which is not in the catalog.",
                        refs=[flow.id],
                        fix=hint,
                    )
                )
                continue
            pair = mechanism.pair(source, sink)
            if pair is None:
                mode_problem = _streaming_read(context, flow, source, sink, mechanism)
                found.append(mode_problem or _mismatch(context, flow, mechanism, source, sink))
                continue
        else:
            options = catalog.mechanisms_between(source, sink)
            if not options:
                found.append(
                    _streaming_read(context, flow, source, sink, None) or _unsupported(context, flow, source, sink)
                )
                continue
            if flow.source.node == flow.sink.node:
                # Inside one cluster a replicator cannot work; prefer a processor (Kafka Streams) when one exists.
                options = tuple(sorted(options, key=lambda option: option[0].kind == "replicator"))
            mechanism, pair = options[0]
            others = ", ".join(candidate.id for candidate, _ in options[1:])
            found.append(
                finding(
                    "default-mechanism",
                    f"Flow '{flow.id}' names no mechanism, so it uses the catalog default for {source} -> {sink}: "
                    f"{_describe(mechanism)}." + (f" Also possible: {others}." if others else ""),
                    refs=[flow.id],
                    evidence=pair.evidence,
                    fix=f"Set mechanism '{mechanism.id}' on flow '{flow.id}' to make the choice explicit.",
                )
            )
        if mechanism.kind == "replicator" and flow.source.node == flow.sink.node:
            found.append(
                finding(
                    "mechanism-mismatch",
                    f"Flow '{flow.id}' uses {mechanism.id} inside one cluster {context.label(flow.source.node)}; "
                    "replicators copy between two clusters.",
                    refs=[flow.id, flow.source.node],
                    evidence=pair.evidence,
                    fix="To turn one topic into another inside a cluster, use a processor: an application node "
                    "(Kafka Streams) or a Spark job reading one topic and writing another.",
                )
            )
            continue
        mode, explicit = flow_mode(flow, pair, source, sink)
        if pair.modes and mode not in pair.modes:
            asked = "is set to" if explicit else "has to run in"
            found.append(
                finding(
                    "mode-mismatch",
                    f"Flow '{flow.id}' {asked} {mode} mode, but {mechanism.id} carries {source} -> {sink} in "
                    f"{' and '.join(pair.modes)} mode only.",
                    refs=[flow.id, flow.source.node, flow.sink.node],
                    evidence=pair.evidence,
                    fix=f"Set mode '{pair.modes[0]}' on flow '{flow.id}'"
                    + (f", or make '{flow.sink.node}' a spark-batch job" if sink == STREAMING_SPARK else "")
                    + ".",
                )
            )
            continue
        if checks:
            found.extend(_property_findings(flow, mechanism))
        if checks and mechanism.version_constraints:
            constrained.append(ConstrainedFlow(flow, mechanism, source, sink, pair.evidence))
        topic_filter = None
        if mechanism.kind == "replicator":
            spec = mechanism.property("topics")
            default = str(spec.default) if spec is not None and spec.default is not None else ".*"
            topic_filter = TopicFilter.parse(flow.properties.get("topics"), default)
        context.specs.append(
            FlowSpec(
                flow=flow,
                mechanism=mechanism,
                continuous=mode == "stream",
                renames=_renames(flow, mechanism) if mechanism.kind == "replicator" else False,
                topic_filter=topic_filter,
            )
        )
    if not checks:
        return found
    found.extend(choose_versions(context, constrained))
    for item in constrained:
        found.extend(_version_findings(context, item.flow, item.mechanism, item.source_service, item.sink_service))
    return found
