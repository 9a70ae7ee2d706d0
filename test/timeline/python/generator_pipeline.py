def read_lines():
    for line in ["alpha 3", "beta 0", "gamma 7", "delta 1"]:
        print(f"  read {line!r}")
        yield line


def parse(lines):
    for line in lines:
        name, count = line.split()
        yield name, int(count)


def non_zero(rows):
    return (row for row in rows if row[1])


for name, count in non_zero(parse(read_lines())):
    print(f"{name:>6}: {'#' * count}")
print("pipeline done")
