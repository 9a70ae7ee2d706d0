from .models import Job, Status
from .runner import run_all

__all__ = ["Job", "Status", "run_all"]
