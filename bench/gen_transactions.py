#!/usr/bin/env python3
"""Synthetic transaction logs for benchmarking `clv rfm` (python3 standard library only).

  bench/gen_transactions.py --customers 1000000 --rows 10000000 -o /tmp/tx10m.csv
  bench/gen_transactions.py --customers 1000 --rows 5000 --order date --format jsonl

Each customer gets a first purchase day in the first half of a three-year window and repeat
purchases after it; amounts are log-normal-ish, two decimals. Output is deterministic for a seed.
--order random (default) shuffles the rows, the hard case for the summariser; --order date sorts
them by date like a typical export. Formats: csv (header customer_id,date,amount), tsv,
whitespace (no header, YYYYMMDD dates, like CDNOW), jsonl.
"""
import argparse
import datetime
import random
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=3 * 365, help="length of the log in days")
    parser.add_argument("--start", default="2021-01-01")
    parser.add_argument("--order", choices=["random", "date"], default="random")
    parser.add_argument("--format", choices=["csv", "tsv", "whitespace", "jsonl"], default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = datetime.date.fromisoformat(args.start)
    compact = args.format == "whitespace"
    dates = [(start + datetime.timedelta(days=d)).strftime("%Y%m%d" if compact else "%Y-%m-%d")
             for d in range(args.days)]
    customers = args.customers
    rows = max(args.rows, customers)
    # Every customer buys once; the remaining rows go to customers at random (heavy buyers
    # appear by chance), each after the customer's first day.
    first_day = [rng.randrange(args.days // 2) for _ in range(customers)]
    owners = list(range(customers)) + [rng.randrange(customers) for _ in range(rows - customers)]
    days = [first_day[c] if i < customers else rng.randrange(first_day[c], args.days) for i, c in enumerate(owners)]
    if args.order == "random":
        order = list(range(rows))
        rng.shuffle(order)
    else:
        order = sorted(range(rows), key=days.__getitem__)
    amounts = [f"{rng.lognormvariate(3.0, 0.8):.2f}" for _ in range(1 << 16)]

    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="\n")
    sep = {"csv": ",", "tsv": "\t", "whitespace": " "}.get(args.format)
    if args.format in ("csv", "tsv"):
        out.write(sep.join(["customer_id", "date", "amount"]) + "\n")
    chunk = []
    mask = (1 << 16) - 1
    for n, i in enumerate(order):
        if sep is not None:
            chunk.append(f"{owners[i] + 1}{sep}{dates[days[i]]}{sep}{amounts[(i * 40503) & mask]}")
        else:
            chunk.append(f'{{"customer_id": "{owners[i] + 1}", "date": "{dates[days[i]]}", '
                         f'"amount": {amounts[(i * 40503) & mask]}}}')
        if len(chunk) == 100_000:
            out.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        out.write("\n".join(chunk) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
