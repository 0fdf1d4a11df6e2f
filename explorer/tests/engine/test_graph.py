"""Graph work: cyclic components and witness cycles (own, on adjacency lists, held to networkx), longest paths on
networkx graphs, replication naming."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.engine.analysis.topology import REDUNDANT_DEPTH, _copy_path
from explorer.engine.graph import (
    TopicFilter,
    cyclic_components,
    longest_path_hops,
    prefix_chain,
    remote_name,
    witness_cycle,
)

graphs = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60).map(
        lambda edges: (n, edges)
    )
)


def _network(n: int, edges: list[tuple[int, int]]) -> nx.DiGraph[int]:
    network: nx.DiGraph[int] = nx.DiGraph()
    network.add_nodes_from(range(n))
    network.add_edges_from(edges)
    return network


def _adjacency(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    # Parallel edges stay in, as the store graph lists one edge per flow.
    out: list[list[int]] = [[] for _ in range(n)]
    for source, target in edges:
        out[source].append(target)
    return out


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_cyclic_components_hold_exactly_the_vertices_on_a_cycle(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # given a random directed graph
    n, edges = graph
    network = _network(n, edges)
    # when
    components = cyclic_components(_adjacency(n, edges))
    # then a vertex is in a component exactly when some path leads from it back to itself
    on_cycle = {v for v in range(n) if any(nx.has_path(network, t, v) for t in network.successors(v))}
    assert {v for component in components for v in component} == on_cycle
    assert [component[0] for component in components] == sorted(component[0] for component in components)
    # and the components are networkx's
    assert sorted(map(set, components), key=min) == sorted(
        (c for c in nx.strongly_connected_components(network) if len(c) > 1 or network.has_edge(min(c), min(c))),
        key=min,
    )


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_witness_cycle_is_a_shortest_cycle_inside_its_component(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # given
    n, edges = graph
    network = _network(n, edges)
    adjacency = _adjacency(n, edges)
    for component in cyclic_components(adjacency):
        # when
        path = witness_cycle(adjacency, component)
        # then every step is an edge, it closes on the smallest vertex, stays inside and is as short as any
        start = min(component)
        assert path[0] == path[-1] == start
        assert all(network.has_edge(source, target) for source, target in itertools.pairwise(path))
        assert set(path) <= set(component)
        shortest = min(
            (nx.shortest_path_length(network, start, v) + 1 for v in network.predecessors(start) if v in component),
        )
        assert len(path) - 1 == shortest


def test_cyclic_components_deep_chain_needs_no_recursion() -> None:
    # given a 200,000-vertex cycle (a recursive search would overflow the stack)
    n = 200_000
    adjacency = _adjacency(n, [(i, (i + 1) % n) for i in range(n)])
    # when
    components = cyclic_components(adjacency)
    # then
    assert len(components) == 1 and len(components[0]) == n
    assert len(witness_cycle(adjacency, components[0])) == n + 1


def test_longest_path_hops_condenses_cycles() -> None:
    """
    0 -> 1 <-> 2 -> 3 -> 4      ({1, 2} is one vertex: 0 -> {1,2} -> 3 -> 4 is 3 hops)
    """
    assert longest_path_hops(_adjacency(5, [(0, 1), (1, 2), (2, 1), (2, 3), (3, 4)])) == 3
    assert longest_path_hops(_adjacency(2, [])) == 0


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_longest_path_hops_is_networkx_on_the_condensation(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # given a random directed graph
    n, edges = graph
    # when / then
    expected = nx.dag_longest_path_length(nx.condensation(_network(n, edges)))
    assert longest_path_hops(_adjacency(n, edges)) == expected


@settings(max_examples=300, deadline=None)
@given(graphs, st.data())
def test_copy_path_is_a_shortest_path_of_at_most_three_flows(graph: tuple[int, list[tuple[int, int]]], data) -> None:
    # given a random node graph of external flows (each edge keeps its first flow) and two nodes
    n, edges = graph
    network = _network(n, edges)
    copies: dict[str, dict[str, str]] = {}
    for source, target in edges:
        copies.setdefault(str(source), {}).setdefault(str(target), f"f{source}-{target}")
    start, goal = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    # when
    path = _copy_path(copies, str(start), str(goal))  # type: ignore[arg-type]
    # then it is a chain of edges from start to goal as short as networkx's, and found exactly when that is <= 3
    # (a node is no copy of itself: start == goal finds nothing)
    shortest = nx.shortest_path_length(network, start, goal) if nx.has_path(network, start, goal) else None
    if start == goal:
        shortest = None
    if shortest is None or shortest > REDUNDANT_DEPTH:
        assert path is None
        return
    assert path is not None and len(path) == shortest
    hops = [tuple(map(int, flow[1:].split("-"))) for flow in path]
    assert hops[0][0] == start and hops[-1][1] == goal
    assert all(a[1] == b[0] for a, b in itertools.pairwise(hops))


def test_prefix_chain_reads_cluster_aliases_outermost_first() -> None:
    aliases = frozenset({"fra", "syd"})
    assert prefix_chain("fra.syd.orders", aliases) == ["fra", "syd"]
    assert prefix_chain("orders.v1", aliases) == []
    assert prefix_chain("syd", aliases) == []


def test_remote_name_follows_mirrormaker2_policies() -> None:
    aliases = frozenset({"a", "b", "c"})
    # default policy prefixes with the source
    assert remote_name("orders", source="a", target="b", renames=True, aliases=aliases) == "a.orders"
    # a topic that came from the target is skipped (MM2's cycle check)
    assert remote_name("b.orders", source="a", target="b", renames=True, aliases=aliases) is None
    # nesting through a third cluster
    assert remote_name("a.orders", source="b", target="c", renames=True, aliases=aliases) == "b.a.orders"
    # the source alias again: folded onto the shorter name (an endless copy)
    assert remote_name("a.orders", source="a", target="b", renames=True, aliases=aliases) == "a.orders"
    # same-name replicators keep the name
    assert remote_name("orders", source="a", target="b", renames=False, aliases=aliases) == "orders"


def test_topic_filter_matches_whole_names_from_a_comma_list() -> None:
    topic_filter = TopicFilter.parse("orders, pay.*")
    assert topic_filter.matches("orders") and topic_filter.matches("payments")
    assert not topic_filter.matches("orders2") and not topic_filter.matches("a.orders")
    assert topic_filter.matches("*")  # the wildcard store may hold any topic
    assert TopicFilter.parse(None).matches("anything")
    assert TopicFilter.parse(["a", "b"]).matches("b")


def test_topic_filter_reports_a_broken_pattern_and_matches_it_literally() -> None:
    topic_filter = TopicFilter.parse("orders,(broken")
    assert len(topic_filter.problems) == 1 and "(broken" in topic_filter.problems[0]
    assert topic_filter.matches("(broken")
