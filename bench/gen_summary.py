#!/usr/bin/env python3
"""Writes a synthetic per-customer summary drawn from BG/NBD (purchases) and Gamma-Gamma (spend),
for benchmarking `clv fit` and `clv predict` at scale.

    bench/gen_summary.py N [--seed S] > summary.csv

Parameters are CDNOW's (weeks): BG/NBD r=0.243, alpha=4.414, a=0.793, b=2.426; Gamma-Gamma
p=6.25, q=3.74, gamma=15.44. Customers are first seen on a day uniform over 78 weeks; times are
whole days expressed in weeks, as a summary of a daily transaction log is (many customers share
a (frequency, recency, T) row). --continuous draws T and recency as continuous times instead
(printed to 2 decimals: nearly every row distinct, the worst case for the fitters).
Deterministic for a given N and seed. Columns: customer_id,frequency,recency,T,monetary_value.
"""
import argparse
import random
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("customers", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--continuous", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    p, q, gamma = 6.25, 3.74, 15.44
    out = sys.stdout
    out.write("customer_id,frequency,recency,T,monetary_value\n")
    lines = []
    for i in range(1, args.customers + 1):
        if args.continuous:
            age = round(rng.uniform(1.0, 78.0), 2)
        else:
            age = rng.randint(1, 78 * 7) / 7.0
        rate = rng.gammavariate(r, 1.0 / alpha)
        dropout = rng.betavariate(a, b)
        # BG/NBD: purchases at rate `rate`; after each one the customer leaves with `dropout`.
        t = 0.0
        frequency = 0
        recency = 0.0
        while rate > 0.0:
            t += rng.expovariate(rate)
            if t > age:
                break
            frequency += 1
            recency = t if args.continuous else int(t * 7.0) / 7.0
            if rng.random() < dropout:
                break
        if frequency > 0:
            nu = rng.gammavariate(q, 1.0 / gamma)
            spend = sum(rng.gammavariate(p, 1.0 / nu) for _ in range(frequency)) / frequency
            lines.append(f"{i},{frequency},{min(recency, age):.4f},{age:.4f},{spend:.2f}\n")
        else:
            lines.append(f"{i},0,0,{age:.4f},0\n")
        if len(lines) >= 10000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


if __name__ == "__main__":
    main()
