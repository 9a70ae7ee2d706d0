"""Stand-ins for third-party packages that implement Loop Lens's convention for
unmodelled code, so the differential tests can run programs that import them in
real python3 (see README.md in this folder). Every attribute and call gives an
opaque value; a call's result is awaitable (a coroutine to asyncio) and
completes after the assumed latency L; `async with` takes one loop iteration to
enter and one to leave; `async for` yields once, one iteration per step; known
blocking calls sleep the thread for L; opaque values print as <label>."""
import asyncio
import collections.abc
import re
import time

L = 0.1

_VERBS = "get|post|put|patch|delete|head|options|request"
_BLOCKING = re.compile("|".join("^(?:%s)$" % p for p in [
    r"requests\.(?:api\.)?(?:%s)" % _VERBS,
    r"httpx\.(?:%s|stream)" % _VERBS,
    r"urllib\.request\.(?:urlopen|urlretrieve)",
    r"urllib3\.request",
    r"(?:requests\.(?:sessions\.)?[Ss]ession|httpx\.Client|urllib3\.PoolManager)\(\)\.(?:%s|send|stream|urlopen)" % _VERBS,
    r"subprocess\.(?:run|call|check_call|check_output|getoutput|getstatusoutput)",
    r"os\.(?:system|popen)",
]))


class Opaque:
    def __init__(self, label):
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Opaque("%s.%s" % (self._label, name))

    def __setattr__(self, name, value):
        pass

    def __call__(self, *args, **kwargs):
        called = "%s()" % self._label
        if _BLOCKING.match(self._label):
            time.sleep(L)
            return Opaque(called)
        return OpaqueCall(called)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<%s>" % self._label

    __str__ = __repr__

    async def __aenter__(self):
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc):
        await asyncio.sleep(0)
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def __aiter__(self):
        return _OpaqueAsyncIterator(self._label)

    def __iter__(self):
        return iter([Opaque("%s[0]" % self._label)])

    def __await__(self):
        yield from asyncio.sleep(0).__await__()
        return self


class _OpaqueAsyncIterator:
    def __init__(self, label):
        self.label, self.done = label, False

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0)
        if self.done:
            raise StopAsyncIteration
        self.done = True
        return Opaque("%s[0]" % self.label)


class OpaqueCall(Opaque, collections.abc.Coroutine):
    """The result of a call: awaiting it (or running it as a task) takes L."""

    def __await__(self):
        yield from asyncio.sleep(L).__await__()
        return Opaque(self._label)

    def _steps(self):
        it = self.__dict__.get("_it")
        if it is None:
            it = self.__await__()
            object.__setattr__(self, "_it", it)
        return it

    # asyncio drives a task through send/throw/close; a program calling a method of that name on an
    # opaque value (ws.send(msg), client.close()) gets another opaque call, as for any other method.
    def send(self, value=None):
        if value is not None and "_it" not in self.__dict__:
            return OpaqueCall("%s.send()" % self._label)
        return self._steps().send(value)

    def throw(self, *exc):
        if exc and isinstance(exc[0], (BaseException, type)):
            return self._steps().throw(*exc)
        return OpaqueCall("%s.throw()" % self._label)

    def close(self, *args):
        it = self.__dict__.get("_it")
        if it is None:
            return OpaqueCall("%s.close()" % self._label)
        it.close()
        return None


def module(name):
    """A module-level __getattr__ for the stub package `name`."""
    def __getattr__(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return Opaque("%s.%s" % (name, attr))
    return __getattr__
