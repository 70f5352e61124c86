#!/usr/bin/env python3
"""Which frames of the main thread differ between two sets of JFR recordings of the benchmark
application's start (see docs/benchmarks.md, "Startup"): for example `off` against `on`, each
started several times with execution samples every millisecond:

    java -XX:StartFlightRecording=filename=off-1.jfr,settings=startup.jfc -Dbench.startup-counts=true \\
        -cp ... dev.shadowtx.benchmarks.app.BenchApplication --server.port=0 --shadow.enabled=false
    benchmarks/jfr-startup-diff.py 'off-*.jfr' 'on-*.jfr' [--top=60] [--match=REGEX]

(startup.jfc enables jdk.ExecutionSample alone, with a period of 1 ms.) Every sample of the thread
named `main` counts once for each method on its stack (inclusive) and once for its top frame
(exclusive); the figures are samples per start, averaged over each set's files, and the frames
printed are those whose figure grew most from the first set to the second (with --match, only the
frames whose name matches). A sample is taken when the thread runs Java code at the sampler's
tick, which is not the same as CPU time: compare the samples per start with the main thread's CPU
(printed by -Dbench.startup-counts=true) before reading a difference as a cost.
"""
import collections
import glob
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w.$<>/]+)\(.*?line:", re.M)


def parse(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                          capture_output=True, text=True, check=True).stdout
    inclusive, exclusive, samples = collections.Counter(), collections.Counter(), 0
    for event in text.split("jdk.ExecutionSample {")[1:]:
        if 'sampledThread = "main"' not in event:
            continue
        frames = FRAME.findall(event)
        if frames:
            samples += 1
            exclusive[frames[0]] += 1
            inclusive.update(set(frames))
    return samples, inclusive, exclusive


def per_start(pattern):
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f"no file matches {pattern}")
    samples, inclusive, exclusive = 0, collections.Counter(), collections.Counter()
    for path in files:
        n, i, e = parse(path)
        samples += n
        inclusive.update(i)
        exclusive.update(e)
    count = len(files)
    return (count, samples / count, {k: v / count for k, v in inclusive.items()},
            {k: v / count for k, v in exclusive.items()})


def main():
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    top, match = 60, None
    for arg in sys.argv[1:]:
        if arg.startswith("--top="):
            top = int(arg.split("=", 1)[1])
        elif arg.startswith("--match="):
            match = re.compile(arg.split("=", 1)[1])
        elif arg.startswith("--"):
            sys.exit(__doc__)
    if len(paths) != 2:
        sys.exit(__doc__)
    a_files, a_samples, a_inc, a_exc = per_start(paths[0])
    b_files, b_samples, b_inc, b_exc = per_start(paths[1])
    print(f"main-thread samples per start: {a_samples:.0f} ({a_files} files) against {b_samples:.0f} "
          f"({b_files} files), {b_samples - a_samples:+.0f}")
    for title, a, b in (("inclusive", a_inc, b_inc), ("exclusive", a_exc, b_exc)):
        print(f"\n{title}, samples per start:   first  second  difference")
        names = [n for n in set(a) | set(b) if match is None or match.search(n)]
        for name in sorted(names, key=lambda n: -(b.get(n, 0) - a.get(n, 0)))[:top]:
            print(f"  {a.get(name, 0):8.1f} {b.get(name, 0):7.1f} {b.get(name, 0) - a.get(name, 0):+9.1f}  {name}")


if __name__ == "__main__":
    main()
