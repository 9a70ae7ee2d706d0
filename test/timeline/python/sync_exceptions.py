class InsufficientFunds(Exception):
    def __init__(self, needed):
        super().__init__(f"need {needed} more")
        self.needed = needed


def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds(amount - balance)
    return balance - amount


for amount in [30, 80, 120]:
    try:
        left = withdraw(100, amount)
    except InsufficientFunds as e:
        print(f"refused {amount}: {e} (needed={e.needed})")
    else:
        print(f"ok {amount}, left {left}")
    finally:
        print("-- attempt logged")

try:
    int("abc")
except ValueError as e:
    print("ValueError:", e)

try:
    [1, 2][5]
except (KeyError, IndexError) as e:
    print(type(e).__name__, e)


def nested():
    try:
        return "from try"
    finally:
        print("finally runs before the return value is used")


print(nested())
