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
    need = np.zeros(a.shape, dtype=np.int64)
    todo = a > 0
    if not todo.any():
        return need
    floor = np.maximum(np.floor(a) + 1, np.ceil(a / max_occupancy)).astype(np.int64)
    b = np.ones_like(a)
    k = 0
    while todo.any():
        k += 1
        if k > MAX_AGENTS:
            raise ValueError(f"more than {MAX_AGENTS:,} agents in one interval")
        b = a * b / (k + a * b)
        check = todo & (k >= floor)
        if check.any():
            ak = a[check]
            bk = b[check]
            wait = k * bk / (k - ak * (1.0 - bk))
            sl = 1.0 - wait * np.exp(-(k - ak) * t / aht)
            met = np.zeros_like(todo)
            met[check] = sl >= target - 1e-12
            need[met] = k
            todo &= ~met
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
    """P(reaching an agent within t | i contacts ahead), i = 0..ahead, by uniformisation of the
    backward equations (killed at rate theta by the arrival's own patience unless ``patient``)."""
    rates = n * mu + np.arange(ahead + 1) * theta  # head departures while i are ahead
    kill = 0.0 if patient else theta
    big = float(rates.max()) + kill
    mean = big * t
    if mean == 0.0:
        return np.zeros(ahead + 1)
    terms = int(mean + 12.0 * math.sqrt(mean) + 40)
    done = np.zeros(ahead + 1)  # P(answered within s uniformised steps | i ahead)
    total = np.zeros(ahead + 1)
    log_weight = -mean
    cdf = 0.0
    for s in range(terms):
        weight = math.exp(log_weight)
        total += weight * done
        cdf += weight
        down = np.concatenate(([1.0], done[:-1]))
        done = rates / big * down + (1.0 - rates / big - kill / big) * done
        log_weight += math.log(mean) - math.log(s + 1)
        if cdf > 1.0 - 1e-16 and s > mean:
            break
    return total + (1.0 - cdf) * done  # the Poisson tail beyond the last term


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


def erlang_a_agents(
    lam: float, aht: float, patience: float, target: float, t: float, max_occupancy: float = 1.0
) -> int:
    """The fewest agents that answer ``target`` of all offered contacts within ``t`` seconds
    (Erlang A) with an occupancy of at most ``max_occupancy``; 0 when no contact arrives."""
    if lam <= 0:
        return 0
    a = lam * aht
    # abandonment only helps: Erlang C's answer is an upper bound to search down from
    upper = int(erlang_c_agents(np.array([a]), aht, target, t, max_occupancy)[0])
    best = upper
    n = upper - 1
    while n >= 1:
        measures = erlang_a(lam, n, aht, patience, t)
        if measures.answered_within < target - 1e-12 or measures.occupancy > max_occupancy:
            break
        best = n
        n -= 1
    return best
