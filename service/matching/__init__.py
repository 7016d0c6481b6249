"""The matching engine: normalise, key, index, score and decide; no I/O, no framework.

from service.matching import Engine
engine = Engine()
engine.upsert_entity("e1", "Vladimir Putin", "person")
engine.add_alias(1, "e1", "Владимир Путин")
engine.resolve("V. Putin").status
"""

from service.matching.engine import Candidate, Engine, Resolution

__all__ = ["Candidate", "Engine", "Resolution"]
