#!/usr/bin/env python3
"""Synthetic inputs for the discrete-time models, one row per customer, seeded.

  bench/gen_discrete.py bgbb N   customer_id,frequency,recency,periods (10 opportunities each,
                                 Fader, Hardie & Shang's donations parameters)
  bench/gen_discrete.py sbg N    customer_id,tenure,churned (contracts observed for 1-10
                                 periods, Fader & Hardie's "regular" cohort parameters)
"""
import random
import sys


def main():
    model, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(13)
    out = sys.stdout
    lines = []
    if model == "bgbb":
        lines.append("customer_id,frequency,recency,periods\n")
        a, b, g, d = 1.204, 0.750, 0.657, 2.783
        for i in range(count):
            p = rng.betavariate(a, b)
            theta = rng.betavariate(g, d)
            x = t_x = 0
            for t in range(1, 11):
                if rng.random() < theta:
                    break
                if rng.random() < p:
                    x += 1
                    t_x = t
            lines.append(f"c{i},{x},{t_x},10\n")
    else:
        lines.append("customer_id,tenure,churned\n")
        a, b = 0.704, 1.182
        for i in range(count):
            theta = rng.betavariate(a, b)
            observed = rng.randint(1, 10)
            t = 1
            while t <= observed and rng.random() >= theta:
                t += 1
            lines.append(f"c{i},{t},1\n" if t <= observed else f"c{i},{observed},0\n")
    out.writelines(lines)


if __name__ == "__main__":
    main()
