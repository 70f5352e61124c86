#!/usr/bin/env python3
"""Share of request-thread CPU samples spent in shadowtx's own work, from a JFR recording of the
benchmark application (see docs/benchmarks.md, "A profile of the running application").

    jfr print --events jdk.ExecutionSample --stack-depth 64 app.jfr > samples.txt
    benchmarks/jfr-shadowtx-share.py samples.txt

A sample counts as shadowtx's own work when its innermost shadowtx frame is not merely passing
the call on (the filter calling the chain, the JDBC guards forwarding to Hikari). The request's
mode is read from the line of ShadowRequestFilter's chain.doFilter call (first: live, second:
shadow); samples whose stack was cut before the filter frame are counted as "unknown".
"""
import collections
import pathlib
import re
import sys

FILTER = pathlib.Path(__file__).resolve().parent.parent / \
    "shadow-spring-boot-starter/src/main/java/dev/shadowtx/web/servlet/ShadowRequestFilter.java"
chain_lines = [str(n) for n, line in enumerate(FILTER.read_text().splitlines(), 1) if "chain.doFilter(" in line]
MODES = {chain_lines[0]: "live request", chain_lines[1]: "shadow request"}


def samples(path):
    for text in pathlib.Path(path).read_text().split("jdk.ExecutionSample {")[1:]:
        yield re.findall(r"^\s+([\w.$<>]+)\(.*?line: (\d+)", text, re.M)


def own_work(names):
    shadowtx = [i for i, n in enumerate(names) if n.startswith("dev.shadowtx.") and ".benchmarks." not in n]
    if not shadowtx:
        return None
    i = shadowtx[0]
    frame, callees = names[i], names[:i]
    if frame.endswith("ShadowRequestFilter.doFilterInternal") and any("FilterChain" in c for c in callees):
        return None
    guards = ("ShadowConnection.", "GuardedStatement.", "GuardedPreparedStatement.", "GuardedJdbcObject.invoke",
              "ShadowDataSourceGuard.invoke")
    if any(g in frame for g in guards) and any(
            c.startswith(("com.zaxxer.hikari", "org.h2")) for c in callees):
        return None
    return ".".join(frame.split(".")[-2:])


modes, own, detail = collections.Counter(), collections.Counter(), collections.Counter()
for frames in samples(sys.argv[1]):
    names = [n for n, _ in frames]
    if not any(k in n for n in names for k in ("ApplicationFilterChain", "Http11Processor", "NioEndpoint")):
        continue
    mode = "unknown (stack cut before the filter)"
    for name, line in frames:
        if name.endswith("ShadowRequestFilter.doFilterInternal"):
            mode = MODES.get(line, "in the filter, before the chain")
    modes[mode] += 1
    work = own_work(names)
    if work:
        own[mode] += 1
        detail[(mode, work)] += 1
total = sum(modes.values())
print(f"{total} samples in request threads")
for mode, n in modes.most_common():
    print(f"  {mode}: {n} samples, {own[mode]} in shadowtx's own work ({100 * own[mode] / max(total, 1):.2f} % of all)")
print("innermost shadowtx frame of those samples:")
for (mode, frame), n in detail.most_common(25):
    print(f"  {n:5d}  {mode:36s} {frame}")
