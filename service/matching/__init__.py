"""The matching engine: normalise, key, index, score and decide; no I/O, no framework.

from service.matching import Engine
engine = Engine()
engine.upsert_entity("e1", "Vladimir Putin", "person")
engine.add_alias(1, "e1", "Владимир Путин")
engine.resolve("V. Putin").status
"""

from service.matching.candidates import Candidate, Resolution
from service.matching.decision import Status
from service.matching.engine import Engine
from service.matching.names import MAX_NAME_LENGTH, name_problem, stored_name_problem

__all__ = [
    "MAX_NAME_LENGTH",
    "Candidate",
    "Engine",
    "Resolution",
    "Status",
    "name_problem",
    "stored_name_problem",
]
