# Tries: a huge list built by one expression (2^30 elements).
# outcome: stopped-or-note
a = [1.5] * 2 ** 30
print(len(a))
