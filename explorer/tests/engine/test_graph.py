"""Graph algorithms: Tarjan's SCC against networkx, witness cycles, longest paths, replication naming."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.engine.graph import (
    TopicFilter,
    is_cyclic_component,
    longest_path_hops,
    prefix_chain,
    remote_name,
    strongly_connected_components,
    witness_cycle,
)

graphs = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60).map(
        lambda edges: (n, edges)
    )
)


def _adjacency(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for source, target in edges:
        adjacency[source].append(target)
    return adjacency


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_strongly_connected_components_match_networkx(graph: tuple[int, list[tuple[int, list[int]]]]) -> None:
    # given a random directed graph
    n, edges = graph
    reference = nx.DiGraph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(edges)
    # when
    ours = strongly_connected_components(_adjacency(n, edges))
    # then the same partition
    assert sorted(sorted(c) for c in ours) == sorted(sorted(c) for c in nx.strongly_connected_components(reference))


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_strongly_connected_components_come_in_reverse_topological_order(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = graph
    adjacency = _adjacency(n, edges)
    order = {v: i for i, c in enumerate(strongly_connected_components(adjacency)) for v in c}
    assert all(order[s] >= order[t] for s, t in edges)


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_witness_cycle_is_a_real_cycle_inside_its_component(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # given
    n, edges = graph
    adjacency = _adjacency(n, edges)
    for component in strongly_connected_components(adjacency):
        if not is_cyclic_component(component, adjacency):
            continue
        # when
        path = witness_cycle(adjacency, component)
        # then every step is an edge, it closes, and it stays inside the component
        assert path[0] == path[-1] == min(component)
        assert all(target in adjacency[source] for source, target in itertools.pairwise(path))
        assert set(path) <= set(component)


def test_strongly_connected_components_deep_chain_needs_no_recursion() -> None:
    # given a 200,000-vertex cycle (recursive Tarjan would overflow the stack)
    n = 200_000
    adjacency = [[(i + 1) % n] for i in range(n)]
    # when
    components = strongly_connected_components(adjacency)
    # then
    assert len(components) == 1 and len(components[0]) == n


def test_longest_path_hops_condenses_cycles() -> None:
    """
    0 -> 1 <-> 2 -> 3 -> 4      ({1, 2} is one vertex: 0 -> {1,2} -> 3 -> 4 is 3 hops)
    """
    adjacency = [[1], [2], [1, 3], [4], []]
    assert longest_path_hops(adjacency) == 3
    assert longest_path_hops([[], []]) == 0


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
