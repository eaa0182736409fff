"""Generate a synthetic vendor catalogue (a `vendors:` list) for benchmarks and scale tests.

    python bench/catalogue.py N OUT.yaml [--seed S]

Vendors get realistic pricing (five units, three currencies), coverage windows drawn from a
small set of real shift patterns (so schedules repeat, as they do in real catalogues),
languages, certifications, channels, capacity and KPIs. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ZONES = [
    "Asia/Manila",
    "Asia/Kolkata",
    "America/Bogota",
    "Europe/Warsaw",
    "Africa/Johannesburg",
    "America/Denver",
    "Europe/Lisbon",
    "America/Mexico_City",
]
SHIFTS = [
    ("00:00", "24:00"),
    ("07:00", "23:00"),
    ("08:00", "20:00"),
    ("13:00", "07:00"),
    ("19:00", "13:00"),
    ("06:00", "24:00"),
    ("09:00", "18:00"),
]
DAYS = ["daily", "weekdays", "[mon, tue, wed, thu, fri, sat]"]
UNITS = [
    ("per_productive_hour", 8, 35),
    ("per_fte_month", 1200, 5200),
    ("per_minute", 0.3, 0.9),
    ("per_contact", 2.0, 6.5),
    ("per_resolved_contact", 2.5, 8.0),
]
LANGS = ["en", "es", "fr", "de", "pt-BR", "es-MX", "tl", "hi", "pl"]
LEVELS = ["B1", "B2", "C1", "C2", "native"]
CERTS = ["ISO 27001", "PCI DSS", "SOC 2 Type II", "COPC", "ISO 18295-1", "ISO 9001"]
CHANNELS = ["voice", "chat", "email", "social", "messaging"]


def vendor(i: int, rng: random.Random) -> str:
    unit, lo, hi = rng.choice(UNITS)
    currency = rng.choice(["USD", "USD", "EUR", "GBP"])
    extra = ", resolution_rate: 85" if unit == "per_resolved_contact" else ""
    start, end = rng.choice(SHIFTS)
    zone = rng.choice(ZONES)
    langs = ", ".join(
        f"{{code: {code}, level: {rng.choice(LEVELS)}}}"
        for code in rng.sample(LANGS, rng.randint(1, 3))
    )
    certs = ", ".join(rng.sample(CERTS, rng.randint(1, 4)))
    channels = ", ".join(rng.sample(CHANNELS, rng.randint(1, 5)))
    return (
        f"  - id: v{i:06d}\n"
        f"    name: Vendor {i}\n"
        f"    pricing: {{currency: {currency}, unit: {unit}, rate: {rng.uniform(lo, hi):.2f}, "
        f"setup_fee: {rng.randint(0, 40) * 1000}{extra}}}\n"
        f"    coverage: [{{days: {rng.choice(DAYS)}, "
        f'start: "{start}", end: "{end}", timezone: {zone}}}]\n'
        f"    languages: [{langs}]\n"
        f"    certifications: [{certs}]\n"
        f"    channels: [{channels}]\n"
        f"    capacity: {{agents: {rng.randint(10, 900)}, ramp_agents: {rng.randint(0, 400)}}}\n"
        f"    kpis: {{fcr: {rng.randint(55, 88)}, csat: {rng.randint(70, 95)}, "
        f"attrition: {rng.randint(15, 60)}}}\n"
    )


def write_catalogue(n: int, out: Path, seed: int = 0) -> None:
    """Write ``n`` vendors to ``out``."""
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("vendors:\n")
        for i in range(n):
            fh.write(vendor(i, rng))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_catalogue(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
