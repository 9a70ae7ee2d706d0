# Asks formatting for a width of a billion characters: center, ljust, rjust, zfill, f-string, str.format and %-format widths.
# expect-output: center MemoryError
# expect-output: ljust MemoryError
# expect-output: zfill MemoryError
# expect-output: fstring MemoryError
# expect-output: format MemoryError
# expect-output: percent MemoryError
n = 10 ** 9
for name, make in [
    ("center", lambda: "x".center(n)),
    ("ljust", lambda: "x".ljust(n)),
    ("zfill", lambda: "1".zfill(n)),
    ("fstring", lambda: f"{1:>{n}}"),
    ("format", lambda: "{:^1000000000}".format("x")),
    ("percent", lambda: "%1000000000s" % "x"),
]:
    try:
        make()
        print(name, "made")
    except MemoryError:
        print(name, "MemoryError")
