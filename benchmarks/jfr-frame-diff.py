#!/usr/bin/env python3
"""Where a shadow request spends request-thread CPU that a live one does not, from one JFR
recording of the benchmark application in which live and shadow POSTs alternate one at a time
(RequestCpuPairs --jfr=true): both kinds run at the same moments, so a change of the machine's
load hits both alike.

    benchmarks/jfr-frame-diff.py target/load-logs/pairs-on.jfr PAIRS [--top=40] [--period-ms=1]
    benchmarks/jfr-frame-diff.py variant-pairs-off1.jfr variant-pairs-on2.jfr PAIRS   (two applications)

With two files (VariantCpuPairs --jfr=true: the same live request to two applications, alternating),
every request-thread sample of the first is counted as the baseline's and printed in the "live"
column, every one of the second as the candidate's, in the "shadow" column.

Execution samples of the request threads (Tomcat's ...-exec-N workers) are sorted by their stack:
a sample under ShadowRequestFilter.doFilterInternal is a shadow request's (the filter passes live
requests on without entering it); one under the next filter (ServerHttpObservationFilter) but
not under it is a live request's; the others (Tomcat reading the request and writing the
response's last bytes, outside the filters) cannot be told apart and are counted as common. Each
frame is counted inclusive (every method on the stack, once per sample) and exclusive (the top
frame), times the sampling period over the pairs: microseconds per request, with a relative error
of about 1 / sqrt(samples). Prints the frames whose figure differs most between the kinds.
"""
import collections
import re
import subprocess
import sys

SHADOW = "dev.shadowtx.web.servlet.ShadowRequestFilter.doFilterInternal"
LIVE = "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal"


def samples(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                          capture_output=True, text=True, check=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        if not thread or "-exec-" not in thread.group(1):
            continue
        truncated = "..." in block.split("stackTrace = [", 1)[-1].split("]", 1)[0].splitlines()[-1]
        yield re.findall(r"^\s+([\w.$<>/]+)\(", block, re.M), truncated


def main(argv):
    options = {a.split("=")[0][2:]: a.split("=")[1] for a in argv if a.startswith("--")}
    paths = [a for a in argv if not a.startswith("--")]
    pairs = int(paths.pop())
    top = int(options.get("top", "40"))
    per_request = float(options.get("period-ms", "1")) * 1000 / pairs
    inclusive = {k: collections.Counter() for k in ("live", "shadow")}
    exclusive = {k: collections.Counter() for k in ("live", "shadow")}
    totals = collections.Counter()
    if len(paths) == 2:
        # two applications (VariantCpuPairs --jfr=true): every request-thread sample of the first
        # file counts as the baseline's ("live"), every one of the second as the candidate's ("shadow")
        for kind, path in zip(("live", "shadow"), paths):
            for frames, truncated in samples(path):
                totals[kind] += 1
                exclusive[kind][frames[0] if frames else "?"] += 1
                for name in set(frames):
                    inclusive[kind][name] += 1
        print(f"two applications, one request of each per pair: {paths[0]} as 'live', {paths[1]} as 'shadow'")
    for frames, truncated in samples(paths[0]) if len(paths) == 1 else ():
        kind = "shadow" if SHADOW in frames else "live" if LIVE in frames else "common"
        totals[kind] += 1
        if kind == "common":
            continue
        exclusive[kind][frames[0] if frames else "?"] += 1
        for name in set(frames):
            inclusive[kind][name] += 1
    print(f"request-thread samples: live {totals['live']} ({totals['live'] * per_request:.1f} µs/request), "
          f"shadow {totals['shadow']} ({totals['shadow'] * per_request:.1f} µs/request), "
          f"common {totals['common']} ({totals['common'] * per_request / 2:.1f} µs/request); {pairs} pairs")
    print(f"shadow − live: {totals['shadow'] - totals['live']:+d} samples, "
          f"{(totals['shadow'] - totals['live']) * per_request:+.2f} µs/request "
          f"(± {2 * (totals['shadow'] + totals['live']) ** 0.5 * per_request:.2f}, two standard errors)")
    for title, counts in (("inclusive", inclusive), ("exclusive (top frame)", exclusive)):
        rows = []
        for name in set(counts["live"]) | set(counts["shadow"]):
            a, b = counts["live"][name], counts["shadow"][name]
            rows.append((b - a, a, b, name))
        rows.sort(key=lambda r: -abs(r[0]))
        print(f"\n{title}: µs/request live, shadow, shadow − live (samples live, shadow)")
        for d, a, b, name in rows[:top]:
            print(f"  {a * per_request:8.2f} {b * per_request:8.2f} {d * per_request:+8.2f}  ({a:6d} {b:6d})  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
