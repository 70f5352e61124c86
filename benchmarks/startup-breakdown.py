#!/usr/bin/env python3
"""Where startup CPU goes with shadowtx on against off, from the benchmark application started side
by side (see docs/benchmarks.md, "Startup"). Needs a build (./mvnw -pl benchmarks -am package).

    benchmarks/startup-breakdown.py            # 4 pairs
    benchmarks/startup-breakdown.py --pairs=6
    benchmarks/startup-breakdown.py --pairs=4 --logs=DIR   # print again from the logs of a former run

Each pair starts `off` and `on` together with -Dbench.startup-steps (Spring's startup steps on
their thread's CPU clock) and -Xlog:class+load, and prints:
- the main thread's CPU time to a started context and the startup steps' own CPU time by step
  name, medians of the pairs, off against on;
- the configuration classes parsed and the startup steps recorded;
- the shadowtx beans with the most CPU time of their own (medians);
- the classes `on` loads and `off` does not, grouped by package, with their class-file bytes
  where a class path entry holds them.
"""
import collections
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import zipfile

BENCH = pathlib.Path(__file__).resolve().parent
VARIANTS = {"off": "--shadow.enabled=false", "on": "--shadow.enabled=true"}


def class_path():
    entries = ["target/classes"] + (BENCH / "target/benchmarks.classpath").read_text().strip().split(os.pathsep)
    # the application is a servlet one: the reactive benchmarks' libraries stay off its class path
    return os.pathsep.join(e for e in entries if not re.match(r"(netty-|reactor-core-|reactor-netty-)", os.path.basename(e)))


def start_pair(cp, work, run):
    procs = {}
    for name, argument in VARIANTS.items():
        log = work / f"{name}-{run}"
        cmd = ["java", "-Xms512m", "-Xmx512m", f"-Xlog:class+load=info:file={log}.classes",
               "-Dbench.startup-steps=60", "-cp", cp, "dev.shadowtx.benchmarks.app.BenchApplication",
               "--server.port=0", argument]
        procs[name] = subprocess.Popen(cmd, cwd=BENCH, stdout=open(f"{log}.out", "w"), stderr=subprocess.STDOUT)
    for name, proc in procs.items():
        if proc.wait() != 0:
            sys.exit(f"{name} run {run} failed, see {work}/{name}-{run}.out")


def parse_steps(text):
    main = float(re.search(r"main thread CPU ([\d.]+) ms", text).group(1))
    steps = int(re.search(r"(\d+) steps recorded", text).group(1))
    by_name = {name: float(ms) for ms, _, name in re.findall(
        r"^\s+([\d.]+) ms\s+(\d+) × (\S+)$", text.split("most CPU of their own")[0], re.M)}
    config = re.search(r"classCount=(\d+)", text)
    shadow = {}
    section = text.split("that name shadowtx", 1)[1] if "that name shadowtx" in text else ""
    for own, name, tags in re.findall(r"^\s+([\d.]+) ms own,\s+[\d.]+ ms in all\s+(\S+) \[(.*)\]$", section, re.M):
        bean = re.search(r"beanName=([^,\]]+)", tags)
        shadow[f"{name} {bean.group(1) if bean else tags}"] = float(own)
    return main, steps, int(config.group(1)) if config else -1, by_name, shadow


def loaded(path):
    names = set()
    for line in path.read_text().splitlines():
        match = re.search(r"\] (\S+) source:", line)
        if match:
            # lambdas, lambda forms and generated proxies are numbered per run: compare them by kind
            names.add(re.sub(r"(\$\$Lambda\$\d+|\$Proxy\d+|/0x[0-9a-f]+)", "", match.group(1)))
    return names


def class_bytes(cp):
    sizes = {}
    for entry in cp.split(os.pathsep):
        path = pathlib.Path(entry) if os.path.isabs(entry) else BENCH / entry
        if path.is_dir():
            for file in path.rglob("*.class"):
                sizes.setdefault(".".join(file.relative_to(path).with_suffix("").parts), file.stat().st_size)
        elif path.suffix == ".jar" and path.exists():
            with zipfile.ZipFile(path) as jar:
                for info in jar.infolist():
                    if info.filename.endswith(".class"):
                        sizes.setdefault(info.filename[:-6].replace("/", "."), info.file_size)
    return sizes


def median(values):
    return statistics.median(values) if values else 0.0


def main():
    pairs = 4
    work = None
    for arg in sys.argv[1:]:
        if arg.startswith("--pairs="):
            pairs = int(arg.split("=", 1)[1])
        elif arg.startswith("--logs="):
            work = pathlib.Path(arg.split("=", 1)[1])
        else:
            sys.exit(__doc__)
    cp = class_path()
    if work is None:
        work = pathlib.Path(tempfile.mkdtemp(prefix="startup-breakdown-"))
        for run in range(1, pairs + 1):
            start_pair(cp, work, run)
    figures = {name: [parse_steps((work / f"{name}-{run}.out").read_text()) for run in range(1, pairs + 1)]
               for name in VARIANTS}
    print(f"startup breakdown, {pairs} pairs of off and on started side by side (medians); logs in {work}")
    off, on = figures["off"], figures["on"]
    main_off, main_on = median([f[0] for f in off]), median([f[0] for f in on])
    ratios = sorted(b[0] / a[0] for a, b in zip(off, on))
    print(f"main thread CPU to a started context: off {main_off:.0f} ms, on {main_on:.0f} ms, on - off "
          f"{main_on - main_off:+.0f} ms; per-pair ratios {[round(r, 3) for r in ratios]}")
    print(f"startup steps: off {median([f[1] for f in off]):.0f}, on {median([f[1] for f in on]):.0f}; "
          f"configuration classes parsed: off {median([f[2] for f in off]):.0f}, on {median([f[2] for f in on]):.0f}")
    print("\nCPU of their own by step name (ms)       off        on    on-off")
    names = sorted({n for f in off + on for n in f[3]}, key=lambda n: -median([f[3].get(n, 0) for f in on]))
    for name in names:
        a, b = median([f[3].get(name, 0) for f in off]), median([f[3].get(name, 0) for f in on])
        if max(a, b) >= 1:
            print(f"  {name:<40} {a:8.1f}  {b:8.1f}  {b - a:+8.1f}")
    print("\nshadowtx beans and steps with the most CPU of their own (ms, median of the pairs)")
    shadow = collections.defaultdict(list)
    for f in on:
        for key, own in f[4].items():
            shadow[key].append(own)
    total = median([sum(f[4].values()) for f in on])
    print(f"  all of them: {total:.1f} ms")
    for key, values in sorted(shadow.items(), key=lambda kv: -median(kv[1]))[:20]:
        print(f"  {median(values):7.1f}  {key}")
    extra = loaded(work / "on-1.classes") - loaded(work / "off-1.classes")
    missing = loaded(work / "off-1.classes") - loaded(work / "on-1.classes")
    sizes = class_bytes(cp)
    groups = collections.defaultdict(list)
    for name in extra:
        package = name.rsplit(".", 1)[0] if "." in name else "(default)"
        owner = "shadowtx" if name.startswith("dev.shadowtx.") else ".".join(package.split(".")[:2])
        groups[owner].append(name)
    print(f"\nclasses loaded by on and not by off (first pair): {len(extra)} (and {len(missing)} the other way), "
          "by origin: classes, class-file bytes")
    for owner, names in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        size = sum(sizes.get(n, 0) for n in names)
        print(f"  {len(names):4d}  {size:8d} B  {owner}")
    ours = sorted(groups.get("shadowtx", []), key=lambda n: -sizes.get(n, 0))
    print("\nlargest shadowtx classes loaded: " + ", ".join(
        f"{n.replace('dev.shadowtx.', '')} {sizes.get(n, 0)} B" for n in ours[:15]))
    others = sorted(n for owner, names in groups.items() if owner != "shadowtx" for n in names)
    print("\nother classes: " + ", ".join(others))


if __name__ == "__main__":
    main()
