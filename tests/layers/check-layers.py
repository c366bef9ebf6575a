#!/usr/bin/env python3
"""The library's layers, checked on the built objects (docs/ARCHITECTURE.md).

Usage: check-layers.py TOP_SRCDIR TOP_BUILDDIR

A file "uses" another when its object calls a function or reads data the
other's object defines (nm).  Two rules:

 1. No circles: the files of lib/ and src/ use each other without a cycle, so
    each can be read, tested and changed knowing only what is below it.
 2. Each folder of lib/ uses only the folders ARCHITECTURE.md says it may; the
    exceptions are named file by file below, with why.

Also, by #include line: the engine includes nothing of profiles, deployments,
plans or scores, and the scorer nothing of the engine.  Prints every breach and
exits 1; prints the folder graph and exits 0 when there is none.
"""
import collections
import glob
import os
import re
import subprocess
import sys

# folder -> the folders it may use (its own is always allowed).
MAY_USE = {
    "lib/base": set(),
    "lib/model/json": {"lib/base"},
    "lib/model": {"lib/base", "lib/model/json"},
    "lib/probes": {"lib/base", "lib/model"},
    "lib/result": {"lib/base", "lib/model", "lib/model/json"},
    "lib/engine": {"lib/base", "lib/model", "lib/probes", "lib/result"},
    "lib/check": {"lib/base", "lib/result"},
    "lib/score": {"lib/base", "lib/model", "lib/result"},
    "lib/report": {"lib/base", "lib/model", "lib/result", "lib/score"},
}
# Files of another folder that a folder may use beyond MAY_USE, and why.
EXCEPT = {
    # The engine knows port sets, not profiles or deployments.
    "lib/engine": {"lib/model/portset", "lib/model/portspec"},
    # The result's writer prints the per-role scores, and merge rescores the joined
    # shards: both ask the tally and the alternatives, which read a result alone.
    "lib/result": {"lib/score/score_tally", "lib/score/score_alt", "lib/score/verdict"},
}
NOT_ENGINE = {"lib/model/profile", "lib/model/deploy", "lib/score"}
# What the engine and the scorer must not include.
FORBIDDEN_INCLUDES = {
    "lib/engine": re.compile(r'"(pp_profile|pp_deploy|pp_plan|pp_score)\.h"|"(model/profile_int|score/)'),
    "lib/score": re.compile(r'"(pp_engine|pp_probe)\.h"|"(engine|probes)/'),
    # The listener check is told what a port speaks; it knows no profile.
    "lib/check": re.compile(r'"(pp_profile|pp_deploy|pp_plan|pp_score|pp_engine)\.h"|"(model|score|engine)/'),
}


def objects(builddir):
    """name (path of the source without .c) -> object file, lib/ and src/."""
    found = {}
    libobjs = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(builddir, "lib"))
               for f in fs if f.endswith(".o")]
    for o in sorted(libobjs):
        rel = os.path.relpath(o, builddir)
        if "-" in os.path.basename(rel).replace("libportproof_la-", ""):
            continue  # another program's object of a lib/ source, not the library
        d = os.path.dirname(rel).replace("/.libs", "")
        name = d + "/" + re.sub(r"^libportproof_la-", "", os.path.basename(rel)[:-2])
        if name not in found or "/.libs/" in rel:
            found[name] = o
    for o in glob.glob(os.path.join(builddir, "src", "portproof-*.o")):
        found["src/" + os.path.basename(o)[len("portproof-"):-2]] = o
    return found


def symbols(obj):
    defined, undefined = set(), set()
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBRGSC":
            defined.add(f[2])
        elif len(f) == 2 and f[0] == "U":
            undefined.add(f[1])
    return defined, undefined


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def folder(name):
    return os.path.dirname(name)


def main():
    srcdir, builddir = sys.argv[1], sys.argv[2]
    objs = objects(builddir)
    if not any(n.startswith("lib/") for n in objs):
        print("check-layers: no objects under %s/lib: build first" % builddir)
        return 1
    defs, undefs = {}, {}
    for name, o in objs.items():
        defs[name], undefs[name] = symbols(o)
    owner = {}
    for name, d in defs.items():
        for s in d:
            owner.setdefault(s, name)
    uses = collections.defaultdict(set)
    for name, u in undefs.items():
        uses[name]
        for s in u:
            if s in owner and owner[s] != name:
                uses[name].add(owner[s])
    bad = 0
    for comp in cycles(uses):
        bad += 1
        print("circle: " + " -> ".join(comp + comp[:1]))
    folders = collections.defaultdict(set)
    for a in sorted(uses):
        fa = folder(a)
        if not fa.startswith("lib/"):
            continue
        for b in sorted(uses[a]):
            fb = folder(b)
            if fb == fa:
                continue
            folders[fa].add(fb)
            allowed = fb in MAY_USE.get(fa, set()) or b in EXCEPT.get(fa, set())
            if fa == "lib/engine" and any(b.startswith(x) for x in NOT_ENGINE):
                allowed = False
            if not allowed:
                bad += 1
                print("%s uses %s: %s may not use %s (docs/ARCHITECTURE.md)" % (a, b, fa, fb))
    for fa, pattern in FORBIDDEN_INCLUDES.items():
        for path in sorted(glob.glob(os.path.join(srcdir, fa, "**", "*.[ch]"), recursive=True)):
            with open(path, encoding="utf-8") as fp:
                for lineno, line in enumerate(fp, 1):
                    if line.startswith("#include") and pattern.search(line):
                        bad += 1
                        print("%s:%d: %s" % (os.path.relpath(path, srcdir), lineno, line.strip()))
    if bad:
        print("check-layers: %d problems" % bad)
        return 1
    print("check-layers: %d files of lib/ and src/, no circles; folders use:" % len(uses))
    for fa in sorted(folders):
        print("  %-16s %s" % (fa, " ".join(sorted(folders[fa]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
