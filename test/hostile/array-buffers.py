# Tries: 6 GiB held in byte arrays (outside any heap cap of the host), touched so it is really resident.
# outcome: stopped-or-note
kept = []
for i in range(6):
    b = bytearray(1024 ** 3)
    b[-1] = 1
    kept.append(b)
print(len(kept))
