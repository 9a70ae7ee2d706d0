# Prints a 30-million-character line hundreds of times (the output itself would fill the host's memory).
# expect-note: output budget
line = "x" * 30000000
for _ in range(500):
    print(line)
