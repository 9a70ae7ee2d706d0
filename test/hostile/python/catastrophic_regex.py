# Runs a catastrophically backtracking regular expression on a long subject.
# expect-alive
import re
m = re.match(r"(a+)+$", "a" * 5000 + "b")
print(m is None)
print(re.sub(r"(x+x+)+y", "-", "x" * 5000))
