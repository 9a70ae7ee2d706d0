# Computes enormous integers with ** and shifts (a bignum of billions of digits would exhaust the host).
# expect-output: done
x = 10 ** (10 ** 10)
y = 2 ** 100000
z = 1 << 100000
print(x > 0, y > 0, z > 0)
print("done")
