"""Fixtures for engine tests: `engine` is a small hand-built alias table, no app or database.

`engine` serves the name-case tables (test_cases.py); `table` is the raw rows behind it.
"""

from __future__ import annotations

import pytest

from service.matching import Engine

# (entity_id, canonical name, type, aliases)
TABLE: list[tuple[str, str, str, list[str]]] = [
    ("sharaa", "Ahmed al-Sharaa", "person",
     ["Ahmad al-Sharaa", "Ahmed al-Sharaa", "أحمد الشرع", "Abu Mohammad al-Julani"]),
    ("vershinin", "Sergey Vershinin", "person",
     ["Sergey Vershinin", "Sergei Vershinin", "Сергей Вершинин"]),
    ("shaibani", "Asaad al-Shaibani", "person", ["Asaad al-Shaibani", "Asaad Hassan al-Shaibani"]),
    ("bashar", "Bashar al-Assad", "person",
     ["Bashar al-Assad", "Bashar Hafez al-Assad", "بشار الأسد"]),
    ("putin", "Vladimir Putin", "person",
     ["Vladimir Putin", "Vladimir Vladimirovich Putin", "Владимир Путин"]),
    ("lukashenko", "Alexander Lukashenko", "person",
     ["Alexander Lukashenko", "Alyaksandr Lukashenka", "Аляксандр Лукашэнка"]),
    ("zelensky", "Volodymyr Zelensky", "person", ["Volodymyr Zelensky", "Володимир Зеленський"]),
    ("gaddafi", "Muammar Gaddafi", "person", ["Muammar Gaddafi", "Muammar al-Qadhafi"]),
    ("rahman", "Abd al-Rahman Mustafa", "person", ["Abd al-Rahman Mustafa"]),
    ("bin-laden", "Osama bin Laden", "person", ["Osama bin Laden", "Usama bin Ladin"]),
    ("tanf", "al-Tanf", "place", ["al-Tanf", "التنف"]),
    ("palmyra", "Palmyra", "place", ["Palmyra", "Tadmur", "تدمر"]),
    ("damascus", "Damascus", "place", ["Damascus", "Dimashq", "دمشق"]),
    ("homel", "Homel", "place", ["Gomel", "Homel", "Гомель"]),
    ("kyiv", "Kyiv", "place", ["Kyiv", "Kiev", "Київ"]),
    ("raqqa", "Raqqa", "place", ["Raqqa", "ar-Raqqah", "الرقة"]),
    ("rosneft", "Rosneft Oil Company", "organization",
     ["Rosneft Oil Company", "NK Rosneft PAO", "ПАО НК Роснефть"]),
    ("interservis", "Interservis LLC", "organization", ["Interservis LLC"]),
    ("sakhalin", "Sakhalin Energy Investment Company", "organization",
     ["Sakhalin Energy Investment Company Ltd."]),
    ("nato", "North Atlantic Treaty Organization", "organization",
     ["North Atlantic Treaty Organization"]),
    ("sipri", "SIPRI", "organization", ["SIPRI"]),
    ("severstal", "Severstal", "organization", ["Severstal PAO"]),
    ("nord-stream", "Nord Stream AG", "organization", ["Nord Stream AG"]),
    ("oubaidi", "Walid al-Oubaidi", "person", ["Walid al-Oubaidi"]),
    ("mubarak", "Gamal Mubarak", "person", ["Gamal Mubarak"]),
    ("grodno-azot", "Grodno Azot", "organization", ["Grodno Azot OAO"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def table() -> list[tuple[str, str, str, list[str]]]:
    return TABLE


@pytest.fixture(scope="module")
def engine(table: list[tuple[str, str, str, list[str]]]) -> Engine:
    built = Engine()
    key = 0
    for entity_id, name, entity_type, aliases in table:
        built.upsert_entity(entity_id, name, entity_type)
        for alias in aliases:
            key += 1
            built.add_alias(key, entity_id, alias)
    return built
