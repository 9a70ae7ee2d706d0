COUNT = 0
def tag(i):
    global COUNT
    COUNT += 1
    return f"job-{i}#{COUNT}"
print("util loaded")
