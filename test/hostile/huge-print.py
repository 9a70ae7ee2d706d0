# Tries: to break the answer of the prediction process with one enormous printed line (3 million characters,
# far past what the panel's protocol accepts), then prints a normal line after it.
big = "x" * 3_000_000
print(big)
print("after")
