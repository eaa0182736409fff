"""Queueing formulas for staffing: Erlang C (M/M/n) and exact Erlang A (M/M/n+M).

Pure numpy, no IO. Loads are in Erlangs (arrivals per second x AHT in seconds). The service
level is the share of **all offered contacts answered within t seconds**: under Erlang A a
contact that abandons counts as not answered in time, whenever it abandons (the definition
WFM suites call "SL on offered"; ``answered_within`` also returns the two others people use:
over answered contacts only, and the virtual waiting time).

Erlang C: ``P(wait > 0) = C(n, a) = n B / (n - a (1 - B))`` with Erlang B from the stable
recursion ``B(k) = a B(k-1) / (k + a B(k-1))``, and ``SL(t) = 1 - C exp(-(n - a) t / AHT)``.

Erlang A, exactly (no approximation): the birth-death chain with arrival rate lambda, service
rate mu = 1/AHT per busy agent and abandonment rate theta = 1/patience per waiting contact has
the product-form stationary distribution ``pi_k ~ prod_{j<=k} lambda / (min(j, n) mu +
max(j - n, 0) theta)``, truncated where the tail is below 1e-18 of the mass. An arrival that
finds ``k >= n`` (PASTA) has ``m = k - n`` contacts ahead; it is answered when ``m + 1`` head
departures (rates ``n mu + i theta``, i = m..0) happen before its own patience runs out (rate
theta). ``P(answered within t | m)`` solves the backward equations of that absorbing chain,
computed by uniformisation (Poisson weights to 1e-16).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Ints = NDArray[np.int64]
TAIL = 1e-18  # truncation of the Erlang A state space, relative to the largest state
# A caller still waiting after 45 mean patiences is there with probability e^-45 < 1e-19:
# answered within t and within min(t, 45 x patience) differ by less than that, so the
# uniformisation runs to the shorter horizon (exact to double precision, and bounded work)
PATIENT_HORIZON = 45.0
MAX_AGENTS = 1_000_000  # a staffing search that needs more is refused by the caller's bounds


def erlang_b(n: Ints, a: Array) -> Array:
    """Erlang B blocking probability B(n, a), elementwise (n >= 0 integers, a >= 0)."""
    n = np.asarray(n, dtype=np.int64)
    a = np.asarray(a, dtype=np.float64)
    b = np.ones(np.broadcast(n, a).shape)
    out = np.ones_like(b)
    top = int(n.max()) if n.size else 0
    for k in range(1, top + 1):
        b = a * b / (k + a * b)
        out = np.where(n == k, b, out)
    return out


def erlang_c(n: Ints, a: Array) -> Array:
    """P(wait > 0) for n agents and load a; 1 where the queue is unstable (n <= a)."""
    b = erlang_b(n, a)
    nf = np.asarray(n, dtype=np.float64)
    a = np.asarray(a, dtype=np.float64)
    stable = nf > a
    safe = np.where(stable, nf - a * (1.0 - b), 1.0)
    return np.where(stable, nf * b / safe, 1.0)


def erlang_c_service_level(n: Ints, a: Array, aht: float, t: float) -> Array:
    """Share of contacts answered within ``t`` seconds with n agents (Erlang C)."""
    nf = np.asarray(n, dtype=np.float64)
    a = np.asarray(a, dtype=np.float64)
    wait = erlang_c(n, a)
    with np.errstate(over="ignore"):
        sl = 1.0 - wait * np.exp(-(nf - a) * t / aht)
    return np.where(nf > a, sl, 0.0)


def erlang_c_agents(
    a: Array, aht: float, target: float, t: float, max_occupancy: float = 1.0
) -> Ints:
    """The fewest agents per interval that answer ``target`` (0..1) of the contacts within
    ``t`` seconds with an occupancy ``a / n`` of at most ``max_occupancy``; 0 where a == 0.

    One Erlang B recursion over k = 1, 2, … serves every interval at once: each interval
    takes the first k that meets both conditions."""
    a = np.asarray(a, dtype=np.float64)
    if a.size > 64:  # a year repeats its loads: solve each distinct one once
        distinct, back = np.unique(a, return_inverse=True)
        if distinct.size < a.size:
            return erlang_c_agents(distinct, aht, target, t, max_occupancy)[back.reshape(a.shape)]
    need = np.zeros(a.shape, dtype=np.int64)
    flat = need.reshape(-1)
    rest = np.flatnonzero(a.reshape(-1) > 0)  # the intervals still to staff
    load = a.reshape(-1)[rest]
    floor = np.maximum(np.floor(load) + 1, np.ceil(load / max_occupancy)).astype(np.int64)
    b = np.ones_like(load)
    k = 0
    while rest.size:
        k += 1
        if k > MAX_AGENTS:
            raise ValueError(f"more than {MAX_AGENTS:,} agents in one interval")
        b = load * b / (k + load * b)
        check = k >= floor
        if check.any():
            ak = load[check]
            bk = b[check]
            wait = k * bk / (k - ak * (1.0 - bk))
            sl = 1.0 - wait * np.exp(-(k - ak) * t / aht)
            met = np.zeros_like(check)
            met[check] = sl >= target - 1e-12
            if met.any():  # staffed: they leave the recursion (the others' values unchanged)
                flat[rest[met]] = k
                keep = ~met
                rest, load, floor, b = rest[keep], load[keep], floor[keep], b[keep]
    return need


@dataclass(frozen=True)
class ErlangA:
    """One M/M/n+M queue in steady state."""

    answered_within: float  # answered within t / offered (the service level used here)
    answered_within_of_answered: float  # answered within t / answered
    virtual_within: float  # P(virtual wait <= t): the wait an infinitely patient arrival sees
    abandon: float  # share of offered contacts that abandon
    occupancy: float  # busy agents / n


def _stationary(lam: float, n: int, mu: float, theta: float) -> Array:
    logs = [0.0]
    k = 0
    while True:
        k += 1
        rate = min(k, n) * mu + max(k - n, 0) * theta
        logs.append(logs[-1] + math.log(lam / rate))
        if k > n and lam < rate and logs[-1] < max(logs) + math.log(TAIL):
            break
    values = np.array(logs)
    p = np.exp(values - values.max())
    return np.asarray(p / p.sum(), dtype=np.float64)


def _within(ahead: int, n: int, mu: float, theta: float, t: float, patient: bool) -> Array:
    """P(reaching an agent within t | i contacts ahead), i = 0..ahead, for one agent count
    (``_within_rows``)."""
    rows = _within_rows(np.array([n], dtype=np.int64), ahead, mu, theta, t, patient)
    return np.asarray(rows[0], dtype=np.float64)


def erlang_a(lam: float, n: int, aht: float, patience: float, t: float) -> ErlangA:
    """Exact steady-state measures of M/M/n+M (lam in contacts per second)."""
    mu, theta = 1.0 / aht, 1.0 / patience
    p = _stationary(lam, n, mu, theta)
    states = np.arange(p.size)
    waiting = np.maximum(states - n, 0)
    abandon = theta * float((waiting * p).sum()) / lam
    busy = float((np.minimum(states, n) * p).sum())
    immediate = float(p[:n].sum())
    ahead = p.size - 1 - n
    if ahead < 0:
        answered = virtual = immediate
    else:
        answered = immediate + float((p[n:] * _within(ahead, n, mu, theta, t, False)).sum())
        virtual = immediate + float((p[n:] * _within(ahead, n, mu, theta, t, True)).sum())
    served = 1.0 - abandon
    return ErlangA(answered, answered / served if served > 0 else 0.0, virtual, abandon, busy / n)


def _meets(
    lam: float, n: int, aht: float, patience: float, target: float, t: float, cap: float
) -> bool:
    measures = erlang_a(lam, n, aht, patience, t)
    return measures.answered_within >= target - 1e-12 and measures.occupancy <= cap


def erlang_a_agents(
    lam: float, aht: float, patience: float, target: float, t: float, max_occupancy: float = 1.0
) -> int:
    """The fewest agents that answer ``target`` of all offered contacts within ``t`` seconds
    (Erlang A) with an occupancy of at most ``max_occupancy``; 0 when no contact arrives.

    The search starts at Erlang C's answer. Abandonment usually lets fewer agents do (a
    caller who gives up shortens the queue), but not always: under the "answered within t
    of all offered" definition an abandoned caller is a miss, so with very impatient callers
    and a long answer time Erlang A can need more. Hence down from there, or up."""
    if lam <= 0:
        return 0
    a = lam * aht
    n = int(erlang_c_agents(np.array([a]), aht, target, t, max_occupancy)[0])
    if not _meets(lam, n, aht, patience, target, t, max_occupancy):
        while not _meets(lam, n, aht, patience, target, t, max_occupancy):
            n += 1
        return n
    while n > 1 and _meets(lam, n - 1, aht, patience, target, t, max_occupancy):
        n -= 1
    return n


# --- Erlang A for a whole year: the largest load each agent count can carry ------------------


def _within_rows(
    ns: Ints, ahead: int, mu: float, theta: float, t: float, patient: bool = False
) -> Array:
    """Row r: P(reaching an agent within t | m contacts ahead), m = 0..ahead, with ``ns[r]``
    agents, by uniformisation of the backward equations of the tagged caller's chain (one
    uniformisation for every row). The caller is killed at rate theta by its own patience,
    unless ``patient`` (the virtual wait of an infinitely patient arrival)."""
    rates = ns[:, None] * mu + np.arange(ahead + 1)[None, :] * theta
    kill = 0.0 if patient else theta
    if not patient:
        t = min(t, PATIENT_HORIZON / theta)
    big = float(rates.max()) + kill
    mean = big * t
    if mean == 0.0:
        return np.zeros(rates.shape)
    up = rates / big
    stay = 1.0 - up - kill / big
    terms = int(mean + 12.0 * math.sqrt(mean) + 40)
    done = np.zeros(rates.shape)
    total = np.zeros(rates.shape)
    log_weight = -mean
    cdf = 0.0
    shifted = np.empty_like(done)
    for s in range(terms):
        weight = math.exp(log_weight)
        total += weight * done
        cdf += weight
        shifted[:, 0] = 1.0
        shifted[:, 1:] = done[:, :-1]
        done = up * shifted + stay * done
        log_weight += math.log(mean) - math.log(s + 1)
        if cdf > 1.0 - 1e-16 and s > mean:
            break
    return np.asarray(total + (1.0 - cdf) * done, dtype=np.float64)


def _queue_bound(lam: Array, ns: Ints, mu: float, theta: float) -> int:
    """Waiting states enough to hold all but a negligible tail of the mass at these loads:
    the queue's mode ``(lam - n mu) / theta`` plus 12 standard deviations of the Poisson tail
    that bounds the chain beyond it, plus 50."""
    mode = np.maximum(lam - ns * mu, 0.0) / theta
    return int(np.ceil((mode + 12.0 * np.sqrt(lam / theta) + 50.0).max()))


class _Rows:
    """The parts of M/M/n+M that do not depend on the load, for rows of agent counts."""

    def __init__(self, ns: Ints, states: int, mu: float, theta: float, t: float) -> None:
        k = np.arange(states)
        waiting = np.maximum(k[None, :] - ns[:, None], 0)
        busy = np.minimum(k[None, :], ns[:, None])
        rate = busy * mu + waiting * theta
        rate[:, 0] = 1.0
        self.k = k.astype(np.float64)
        self.cumulative = np.cumsum(np.log(rate), axis=1)  # log of prod of the death rates
        self.busy = busy.astype(np.float64)
        self.ns = ns
        self.within = _within_table(ns, states, mu, theta, t)

    def measures(self, lam: Array) -> tuple[Array, Array]:
        """(answered within t / offered, occupancy) for each row's load."""
        logs = np.log(lam)[:, None] * self.k[None, :] - self.cumulative
        p = np.exp(logs - logs.max(axis=1, keepdims=True))
        total = p.sum(axis=1)
        answered = (p * self.within).sum(axis=1) / total
        busy = (p * self.busy).sum(axis=1) / total
        return answered, busy / self.ns


def erlang_a_capacity(
    n_max: int, aht: float, patience: float, target: float, t: float, max_occupancy: float
) -> Array:
    """For n = 1..n_max agents, the largest arrival rate (contacts per second) at which n
    agents still answer ``target`` of the offered contacts within ``t`` seconds with an
    occupancy of at most ``max_occupancy`` (Erlang A, exact). Both measures are monotone in
    the load, so the fewest agents for a load is the first n whose capacity reaches it.

    Bisection on the load, 64 halvings, a block of agent counts at a time (rows), so memory
    stays bounded (``ROWS`` x states) however many agents the peak needs."""
    ns = np.arange(1, n_max + 1, dtype=np.int64)
    out = np.concatenate(
        [
            _capacity_rows(ns[i : i + ROWS], aht, patience, target, t, max_occupancy)
            for i in range(0, n_max, ROWS)
        ]
    )
    return np.asarray(np.maximum.accumulate(out), dtype=np.float64)


ROWS = 64


def _capacity_rows(
    ns: Ints, aht: float, patience: float, target: float, t: float, max_occupancy: float
) -> Array:
    mu, theta = 1.0 / aht, 1.0 / patience
    low = np.zeros(ns.size)
    high = np.asarray(ns * mu, dtype=np.float64)  # a = n: grow until n agents fail there
    rows: _Rows | None = None
    for _ in range(200):
        states = int(ns.max()) + _queue_bound(high, ns, mu, theta) + 1
        if rows is None or states > rows.k.size:
            rows = _Rows(ns, states, mu, theta, t)
        answered, busy = rows.measures(high)
        fails = (answered < target - 1e-12) | (busy > max_occupancy)
        if fails.all():
            break
        low = np.where(fails, low, high)
        high = np.where(fails, high, 2.0 * high)
    assert rows is not None
    for _ in range(52):  # the bracket is at most a factor 2 wide: 2^-52 relative
        mid: Array = 0.5 * (low + high)
        answered, busy = rows.measures(mid)
        ok = (answered >= target - 1e-12) & (busy <= max_occupancy)
        low = np.where(ok, mid, low)
        high = np.where(ok, high, mid)
    return low


def _within_table(ns: Ints, states: int, mu: float, theta: float, t: float) -> Array:
    """Rows x states: 1 for the states where an agent is free, then P(answered within t | m
    ahead) for the waiting states."""
    table = np.ones((ns.size, states))
    rows = _within_rows(ns, states, mu, theta, t)
    for r, n in enumerate(ns):
        table[r, n:] = rows[r, : states - n]
    return table


def erlang_a_agents_many(
    lam: Array, aht: float, patience: float, target: float, t: float, max_occupancy: float = 1.0
) -> Ints:
    """``erlang_a_agents`` for every interval's arrival rate at once (0 where none arrive)."""
    lam = np.asarray(lam, dtype=np.float64)
    need = np.zeros(lam.shape, dtype=np.int64)
    busy = lam > 0
    if not busy.any():
        return need
    # enough agent counts for the busiest interval (Erlang A's own answer there)
    top = erlang_a_agents(float(lam.max()), aht, patience, target, t, max_occupancy)
    capacity = erlang_a_capacity(top, aht, patience, target, t, max_occupancy)
    need[busy] = np.searchsorted(capacity, lam[busy], side="left") + 1
    return need
