"""A generated award problem for the benchmarks: N vendors x 6 language segments under the
example's Erlang C workload (600 000 contacts, the retail profile, 80/20, 30 % shrinkage,
each vendor staffed at its own AHT).

    python bench/award.py OUT_DIR [--vendors N] [--seed S]

writes OUT_DIR/criteria/award.yaml and OUT_DIR/vendors/catalogue.yaml. Vendors price per
productive hour (half of them), per FTE-month, per minute or per contact; each holds 1-4 of
the six languages with agent counts, declares capacity, and quotes FCR between 68 and 84.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

LANGS = ["en", "es", "fr", "de", "pt", "it"]
DEMAND = {"en": 45, "es": 20, "fr": 12, "de": 10, "pt": 8, "it": 5}
UNITS = [
    ("per_productive_hour", 9.0, 16.0),
    ("per_productive_hour", 9.0, 16.0),
    ("per_fte_month", 1500, 2600),
    ("per_minute", 0.25, 0.45),
    ("per_contact", 1.6, 3.2),
]

CRITERIA = """\
name: Award benchmark
evaluation_date: 2027-01-15
currency: USD
workload:
  contacts_per_year: 600000
  aht_seconds: 360
  occupancy: 80
  hours_per_fte_month: 160
  contract_years: 3
  model: erlang_c
  service_level: {percent: 80, seconds: 20}
  max_occupancy: 85
  shrinkage: 30
  aht: vendor
  interval_minutes: 30
  profile:
    timezone: America/New_York
    intraday: [0, 0, 0, 0, 0, 0, 0.5, 0.8, 1.1, 1.4, 1.5, 1.45,
               1.35, 1.3, 1.3, 1.25, 1.2, 1.1, 1.0, 1.0, 0.95, 0.8, 0.55, 0.35]
    weekday: {mon: 1.15, tue: 1.05, wed: 1.0, thu: 1.0, fri: 0.95, sat: 0.85, sun: 0.8}
    month: {nov: 1.4, dec: 1.6}
criteria:
  - {id: cost, kind: cost, weight: 40, scoring: {method: absolute, best: 500000, worst: 3000000}}
  - {id: languages, kind: languages, weight: 20, demand: %(demand)s}
  - {id: fcr, kind: numeric, field: kpis.fcr, direction: higher, weight: 40}
award:
  segments: {by: [language]}
  vendors: {min: 2, max: 6}
  share: {max: 70, min_if_used: 10}
  floors: {kpis.fcr: 76}
  objective: cost
"""


def vendor(i: int, rng: random.Random) -> str:
    unit, lo, hi = rng.choice(UNITS)
    rate = round(rng.uniform(lo, hi), 2)
    langs = ["en"] if rng.random() < 0.6 else []
    langs += rng.sample([x for x in LANGS if x not in langs], rng.randint(1, 3))
    skills = ", ".join(
        f"{{code: {code}, level: {rng.choice(['B2', 'C1', 'native'])}, agents: {rng.randint(20, 300)}}}"
        for code in langs
    )
    agents = rng.randint(40, 200)
    return (
        f"- id: v{i:03d}\n"
        f"  name: Vendor {i:03d}\n"
        f"  pricing: {{currency: USD, unit: {unit}, rate: {rate}, setup_fee: {rng.randint(0, 40) * 1000}}}\n"
        f"  languages: [{skills}]\n"
        f"  capacity: {{agents: {agents}, ramp_agents: {rng.randint(0, 150)}}}\n"
        f"  kpis: {{fcr: {rng.randint(68, 84)}, aht_seconds: {rng.randint(300, 480)}}}\n"
    )


def write_award_project(root: Path, n: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    (root / "criteria").mkdir(parents=True, exist_ok=True)
    (root / "vendors").mkdir(exist_ok=True)
    demand = "{" + ", ".join(f"{k}: {v}" for k, v in DEMAND.items()) + "}"
    (root / "criteria" / "award.yaml").write_text(CRITERIA % {"demand": demand})
    body = "vendors:\n" + "".join(vendor(i, rng) for i in range(n))
    (root / "vendors" / "catalogue.yaml").write_text(body)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--vendors", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_award_project(args.out, args.vendors, args.seed)


if __name__ == "__main__":
    main()
