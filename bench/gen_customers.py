#!/usr/bin/env python3
"""Generates synthetic customers for benchmarking clv (python3 standard library only).

  gen_customers.py formula N > customers.csv   one row per customer (formula inputs), ~10 %
                                                referred by an earlier customer
  gen_customers.py ledger N [YEARS] > led.csv   one row per customer-year; ~60 % referred by an
                                                earlier customer, so referral trees form

The output is deterministic (fixed seed).
"""
import random
import sys


def formula(count, out):
    rng = random.Random(20261124)
    out.write("id,referred_by,transactions,average_purchase,acquisition_cost,service_cost\n")
    lines = []
    for i in range(count):
        referrer = f"C{rng.randrange(i):07d}" if i > 0 and rng.random() < 0.1 else ""
        lines.append(
            f"C{i:07d},{referrer},{rng.randint(0, 40)},{rng.uniform(5, 900):.2f},"
            f"{rng.uniform(0, 500):.2f},{rng.uniform(0, 200):.2f}\n")
        if len(lines) >= 10000:
            out.write("".join(lines))
            lines = []
    out.write("".join(lines))


def ledger(count, years, out):
    rng = random.Random(20261125)
    out.write("id,referred_by,year,base_sales,new_sales,cost\n")
    lines = []
    for i in range(count):
        referrer = f"L{rng.randrange(max(0, i - 1000), i):07d}" if i > 0 and rng.random() < 0.6 else ""
        for year in range(1, years + 1):
            cost = rng.uniform(300, 900) if year == 1 else rng.uniform(0, 120)
            lines.append(f"L{i:07d},{referrer},{year},{rng.uniform(0, 900):.2f},{rng.uniform(0, 400):.2f},{cost:.2f}\n")
        if len(lines) >= 10000:
            out.write("".join(lines))
            lines = []
    out.write("".join(lines))


def main(argv):
    if len(argv) < 3 or argv[1] not in ("formula", "ledger"):
        sys.exit(__doc__)
    count = int(argv[2])
    if argv[1] == "formula":
        formula(count, sys.stdout)
    else:
        ledger(count, int(argv[3]) if len(argv) > 3 else 5, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
