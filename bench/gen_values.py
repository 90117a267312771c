#!/usr/bin/env python3
"""Writes a CSV of per-customer values for benchmarking `clv rank`.

Columns: id,value,name,acquisition_cost,referral_income. Values follow a heavy-tailed
distribution (lognormal spend minus a cost) so that about a fifth of customers are unprofitable,
as in real portfolios; the output is the same for the same --seed.

    python3 bench/gen_values.py --customers 1000000 --seed 1 > /tmp/values.csv
"""
import argparse
import random
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write("id,value,name,acquisition_cost,referral_income\n")
    lines = []
    for i in range(args.customers):
        spend = rng.lognormvariate(6.0, 1.2)
        acquisition = round(rng.uniform(50.0, 400.0), 2)
        referral = round(rng.expovariate(1 / 80.0), 2) if rng.random() < 0.1 else ""
        value = round(spend - acquisition + (referral or 0.0), 2)
        name = f"Customer {i}" if i % 4 == 0 else ""
        lines.append(f"C{i:07d},{value},{name},{acquisition},{referral}\n")
        if len(lines) == 10000:
            out.writelines(lines)
            lines.clear()
    out.writelines(lines)


if __name__ == "__main__":
    main()
