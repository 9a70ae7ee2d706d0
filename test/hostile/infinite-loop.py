# Tries: a loop that never ends, to hold the prediction (and whoever waits for it) forever.
# outcome: stopped-or-note
n = 0
while True:
    n += 1
