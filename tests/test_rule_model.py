"""Rule kinds compare and print exactly as dataclasses with their own `__eq__` and `__repr__`.

The kinds are declared `@dataclass(eq=False, repr=False)` and share `Rule`'s generic methods
(compiling both per kind cost start-up time); a twin class that `@dataclass` builds with its
own must agree with them on every shipped rule.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from tqcheck.checks.base import Rule
from tqcheck.ruleset import load_ruleset

RULES = load_ruleset().rules
KINDS = sorted({type(rule) for rule in RULES}, key=lambda cls: cls.__name__)


def _twin_class(cls: type[Rule]) -> type[Rule]:
    """`cls` as a plain `@dataclass` subclass: its own compiled `__eq__` and `__repr__`."""
    bare = type(cls.__name__, (cls,), {"__qualname__": cls.__qualname__})
    return dataclasses.dataclass(bare)


def _as(rule: Rule, cls: type[Rule]) -> Rule:
    """A new object of class `cls` holding the very same attribute values as `rule`."""
    other = object.__new__(cls)
    other.__dict__.update(vars(rule))
    return other


def test_every_kind_uses_the_generic_methods() -> None:
    assert len(KINDS) == 6
    for cls in KINDS:
        assert "__eq__" not in vars(cls) and "__repr__" not in vars(cls), cls
        assert cls.__eq__ is Rule.__eq__ and cls.__repr__ is Rule.__repr__
        assert cls.__hash__ is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda cls: cls.__name__)
def test_rules_compare_and_print_as_their_dataclass_twins(kind: type[Rule]) -> None:
    twin_class = _twin_class(kind)
    rules = [rule for rule in RULES if type(rule) is kind]
    marker = object()
    for rule in rules:
        twin = _as(rule, twin_class)
        assert repr(rule) == repr(twin)
        assert rule == _as(rule, kind) and twin == _as(twin, twin_class)
        assert rule != twin and twin != rule  # another class: neither claims equality
        # A copy drops what __getstate__ leaves out (compiled regexes): both judge it alike.
        assert (rule == copy.copy(rule)) is (twin == _as(copy.copy(rule), twin_class))
        for f in dataclasses.fields(kind):
            changed, changed_twin = _as(rule, kind), _as(rule, twin_class)
            setattr(changed, f.name, marker)
            setattr(changed_twin, f.name, marker)
            assert (rule == changed) is (twin == changed_twin) is (not f.compare), f.name
            assert (repr(changed) == repr(changed_twin)) and (
                ("object object at" in repr(changed)) is f.repr
            ), f.name
        with pytest.raises(TypeError):
            hash(rule)
    others = [rule for rule in RULES if type(rule) is not kind]
    assert all(rule != other for rule in rules[:3] for other in others[:50])


def test_pickled_rules_compare_as_their_dataclass_twins() -> None:
    twins = {cls: _twin_class(cls) for cls in KINDS}
    clones = pickle.loads(pickle.dumps(RULES))
    for rule, clone in zip(RULES, clones, strict=True):
        twin_class = twins[type(rule)]
        assert (rule == clone) is (_as(rule, twin_class) == _as(clone, twin_class))
        assert repr(clone) == repr(_as(clone, twin_class))
    # Both outcomes occur (a rule whose compiled regex was dropped by pickling differs).
    equal = sum(rule == clone for rule, clone in zip(RULES, clones, strict=True))
    assert 0 < equal < len(RULES)
