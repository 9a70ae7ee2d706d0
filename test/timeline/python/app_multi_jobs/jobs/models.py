from dataclasses import dataclass, field
from enum import Enum


class Status(Enum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    name: str
    seconds: float
    fail: bool = False
    status: Status = Status.PENDING
    log: list = field(default_factory=list)
