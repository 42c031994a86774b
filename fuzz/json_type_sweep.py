#!/usr/bin/env python3
"""Type-confusion sweep of the run_directory corpus: every JSON value of every file replaced
by each other type (or deleted), the directory given to `innate report` (or the corpus
input's own command, resume or analyze); prints each distinct input, field and message
that did not end in exit 0 or 2. What libFuzzer reaches only by chance, this tries in turn.
  fuzz/json_type_sweep.py INNATE CORPUS_FILE...   (e.g. build/innate fuzz/corpus/run_directory/*)
"""
import glob, json, os, shutil, subprocess, sys, tempfile
B = sys.argv[1]
corpus = sys.argv[2:]
HERE = os.path.dirname(os.path.abspath(__file__))
def paths(j, pre=()):
    yield pre
    if isinstance(j, dict):
        for k, v in j.items(): yield from paths(v, pre + (k,))
    elif isinstance(j, list):
        for i, v in enumerate(j[:3]): yield from paths(v, pre + (i,))
def setp(j, p, v):
    if not p: return v
    x = j
    for k in p[:-1]: x = x[k]
    if v is DEL: del x[p[-1]]
    else: x[p[-1]] = v
    return j
DEL = object()
SCRATCH = tempfile.mkdtemp(prefix='innate-sweep-')
bad = set()
for c in corpus:
    base = os.path.join(SCRATCH, 'base'); shutil.rmtree(SCRATCH, ignore_errors=True)
    cmd = subprocess.run([sys.executable, os.path.join(HERE, 'unpack_corpus.py'), c, base], capture_output=True, text=True).stdout.strip()
    if cmd not in ('resume', 'analyze'): cmd = 'report'
    for f in glob.glob(base + '/**/*.json', recursive=True):
        rel = os.path.relpath(f, base)
        try: orig = json.load(open(f))
        except Exception: continue
        for p in list(paths(orig)):
            for v in (DEL, 7, -1, "x", [], {}, None, 1e308):
                if v is DEL and not p: continue
                j = setp(json.loads(json.dumps(orig)), p, v)
                t = os.path.join(SCRATCH, 't'); shutil.rmtree(t, ignore_errors=True); shutil.copytree(base, t)
                json.dump(j, open(os.path.join(t, rel), 'w'))
                args = [B, cmd, t] + (['--quiet', '--threads', '1'] if cmd == 'resume' else [])
                try: r = subprocess.run(args, capture_output=True, text=True, timeout=30)
                except subprocess.TimeoutExpired: print('TIMEOUT', c, rel, p, v); continue
                if r.returncode not in (0, 2):
                    key = (os.path.basename(c), rel.split('/')[-1], p[-1] if p else '', r.stderr.strip()[:90])
                    if key not in bad:
                        bad.add(key); print(r.returncode, key, 'value', v if v is not DEL else 'DEL', flush=True)
