#!/usr/bin/env python3
"""A run_directory corpus input unpacked into a directory: its files (after each line
"--- PATH"); prints the command on the first line.
  fuzz/unpack_corpus.py INPUT DIR
"""
import sys, os
data = open(sys.argv[1], 'rb').read().decode('latin-1')
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
name = ''; parts = {'': []}; order=['']
for line in data.split('\n'):
    if line.startswith('--- '):
        name = line[4:]; parts[name] = []; order.append(name)
    else:
        parts[name].append(line)
for n in order:
    if not n: continue
    p = os.path.join(out, n); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write('\n'.join(parts[n]).encode('latin-1'))
print(parts[''][0] if parts[''] else '')
