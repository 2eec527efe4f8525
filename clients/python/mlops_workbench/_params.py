"""Turning framework hyperparameters (Namespaces, dataclasses, nested dicts, tensors) into plain params."""

import numbers


def plain_value(value):
    """A value params.yaml can hold: numbers, strings, bools, None, lists and dicts of those; anything else as str."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", None) == 0:
        try:
            return plain_value(item())
        except (TypeError, ValueError):
            pass
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    return str(value)


def plain_params(params):
    """A dict of params from a dict, an argparse.Namespace, a dataclass or any object with __dict__."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        if hasattr(params, "to_dict"):
            params = params.to_dict()
        elif hasattr(params, "__dataclass_fields__"):
            import dataclasses
            params = dataclasses.asdict(params)
        else:
            params = dict(vars(params))
    return {str(k): plain_value(v) for k, v in params.items()}


def scalar(value):
    """A metric value as a float (tensors and numpy scalars included), or None when it is not a single number."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, numbers.Real):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item):
        try:
            result = item()
        except (TypeError, ValueError, RuntimeError):
            return None
        return float(result) if isinstance(result, numbers.Real) else None
    return None
