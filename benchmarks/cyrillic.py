"""Cyrillic word lists and the romanisations lists mix: "Хрущёв" -> Khrushchev, Chruschtschow."""

import re


def _words(text: str) -> list[str]:
    return text.split()


RU_MALE = _words(
    "Александр Сергей Дмитрий Андрей Алексей Михаил Николай Владимир Юрий Иван Павел Виктор "
    "Игорь Олег Евгений Константин Борис Геннадий Анатолий Вячеслав Максим Роман Аркадий "
    "Григорий Фёдор Пётр Василий Степан Тимур Руслан Артём Денис Кирилл Леонид Валерий Вадим "
    "Эдуард Ярослав Семён Глеб"
)
RU_FEMALE = _words(
    "Ольга Наталья Елена Татьяна Ирина Светлана Юлия Анастасия Екатерина Мария Анна Людмила "
    "Галина Оксана Вера Марина Дарья Ксения Алла Валентина Надежда Лариса"
)
RU_SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв "
    "Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков "
    "Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров "
    "Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов "
    "Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов "
    "Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин "
    "Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв "
    "Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев "
    "Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов "
    "Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов "
    "Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов "
    "Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Мальцев Логинов "
    "Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Хохлов Жданов "
    "Березовский Ходорковский Чайковский Вишневский Покровский Успенский Троицкий Соколовский "
    "Заболоцкий Островский Жуковский Дзержинский Белинский Вяземский Оболенский Трубецкой "
    "Хрущёв Горбачёв Щукин Шуйский Шишкин Чичерин Жириновский Зюганов Шойгу Лавров"
)
UA_MALE = _words(
    "Володимир Олександр Андрій Микола Сергій Юрій Віталій Олексій Михайло Петро Тарас "
    "Богдан Дмитро Іван Василь Ярослав"
)
UA_FEMALE = _words("Юлія Олена Ірина Наталія Оксана Тетяна Людмила Ганна")
UA_SURNAMES = _words(
    "Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Мельник Бойко Ковальчук "
    "Тимошенко Янукович Порошенко Зеленський Кличко Гриценко Лисенко Марченко Савченко "
    "Руденко Мороз Кузьменко Шевчук Поліщук Левченко Кравчук Гнатюк Яценюк Литвиненко"
)
ORG_WORDS = _words(
    "Газ Нефть Строй Инвест Транс Пром Торг Энерго Металл Сервис Альянс Восток Сибирь Урал "
    "Север Капитал Агро Техно Снаб Лес Хим Маш Авто Мед Фарм Телеком Ресурс Стандарт Регион"
)
# Cyrillic legal form -> Latin templates seen on sanctions and registry lists.
ORG_FORMS: dict[str, tuple[str, ...]] = {
    "ООО": ('OOO "{}"', "{} LLC", "{}, OOO", "Limited Liability Company {}", "OOO {}"),
    "ЗАО": ('ZAO "{}"', "{} CJSC", "Closed Joint Stock Company {}", "ZAO {}"),
    "ОАО": ('OAO "{}"', "{} OJSC", "Open Joint Stock Company {}", "OAO {}"),
    "ПАО": ('PAO "{}"', "{} PJSC", "Public Joint Stock Company {}", "PAO {}"),
    "АО": ('AO "{}"', "{} JSC", "Joint Stock Company {}", "AO {}"),
}
PLACE_PREFIXES = ["", "Ново", "Старо", "Верхне", "Нижне", "Красно", "Бело", "Черно", "Усть-"]
PLACE_STEMS = _words(
    "алексан дон волж камен лес озер ключ сосн берез липец курган степ ял ур днепр тал бор луг "
    "мир яр"
)
PLACE_SUFFIXES = ["ск", "овка", "ино", "ово", "град", "поль", "горск"]

_VOWELS = set("аеёиоуыэюяіїє")
_BASE = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        _words(
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g"
        ),
        strict=True,
    )
)
_BASE = {k: ("" if v == "_" else v) for k, v in _BASE.items()}


def _system(
    chars: str, iotated: str, endings: str, ss: bool = False, gu: bool = False
) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]], bool, bool]:
    """ "ж=zh х=kh" overrides on the base table; iotated applies word-initially or after vowels."""
    table = dict(_BASE)
    table.update(dict(pair.split("=") for pair in chars.split()))
    table = {k: ("" if v == "_" else v) for k, v in table.items()}
    iot = dict(pair.split("=") for pair in iotated.split())
    ends = [(pair.split("=")[0], pair.split("=")[1]) for pair in endings.split()]
    return table, iot, ends, ss, gu


SYSTEMS = {
    "english": _system("ё=e", "е=ye ё=yo", "ский=sky цкий=tsky ий=y ый=y"),
    "bgn": _system("ё=yo", "е=ye ё=yo", "ский=skiy цкий=tskiy ий=iy ый=yy"),
    "icao": _system("ю=iu я=ia й=i ъ=ie ё=e", "", "ский=skii цкий=tskii ий=ii ый=yi"),
    "german": _system(
        "ж=sch х=ch ц=z ч=tsch ш=sch щ=schtsch ю=ju я=ja й=j в=w з=s ё=jo є=je ї=ji",
        "е=je",
        "ский=ski цкий=zki ий=i ый=y ов=ow ев=ew ёв=ow",
        ss=True,
    ),
    "french": _system(
        "ж=j х=kh ц=ts ч=tch ш=ch щ=chtch ю=iou я=ia й=ï у=ou ё=io",
        "е=ie",
        "ский=ski цкий=tski ий=i ый=y ов=off ев=eff",
        ss=True,
        gu=True,
    ),
    "scholarly": _system(
        "ж=ž х=ch ц=c ч=č ш=š щ=šč ю=ju я=ja й=j ь=' ё=ë є=je ї=ji", "", "ский=skij ий=ij ый=yj"
    ),
    "ukrainian": _system(
        "г=h и=y й=i ю=iu я=ia є=ie ї=i", "є=ye ї=yi й=y ю=yu я=ya", "ський=skyi ий=yi ій=ii"
    ),
}
_WORD = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]+")
_cache: dict[tuple[str, str], str] = {}


def romanise(text: str, system: str) -> str:
    """Cached: names repeat, so a million aliases need only a few thousand conversions."""
    key = (text, system)
    hit = _cache.get(key)
    if hit is None:
        hit = _cache[key] = _WORD.sub(lambda m: _word(m.group(), system), text)
    return hit


def _word(word: str, system: str) -> str:
    table, iot, endings, ss, gu = SYSTEMS[system]
    low = word.lower()
    if system != "ukrainian":
        low = low.replace("ськ", "ск")
    tail = ""
    for ending, latin in endings:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            low, tail = low[: -len(ending)], latin
            break
    out: list[str] = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch in iot and (not prev or prev in _VOWELS or prev in "ьъ"):
            out.append(iot[ch])
        elif ch == "с" and ss and prev in _VOWELS and nxt in _VOWELS:
            out.append("ss")
        elif ch == "г" and gu and nxt and nxt in "еиы":
            out.append("gu")
        else:
            out.append(table.get(ch, ch))
    latin = "".join(out) + tail
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def patronymic(given: str, female: bool, ukrainian: bool) -> str:
    """Father's name -> patronymic: "Сергей" -> "Сергеевич", female "Сергеевна"."""
    special = {"Павел": "Павлович", "Пётр": "Петрович", "Петро": "Петрович", "Лев": "Львович"}
    if given in special:
        male = special[given]
    elif ukrainian and given.endswith("о"):
        male = given[:-1] + "ович"
    elif ukrainian:
        male = given + "ович"
    elif given.endswith("ий"):
        male = given[:-2] + ("иевич" if given.endswith("трий") else "ьевич")
    elif given.endswith(("ей", "ай", "ь")):
        male = given[:-1] + "евич"
    else:
        male = given + "ович"
    if not female:
        return male
    return male[:-4] + "івна" if ukrainian else male[:-2] + "на"


def feminine_surname(surname: str) -> str:
    """ "Иванов" -> "Иванова", "Зеленський" -> "Зеленська"; -енко, -ук stay."""
    for male, female in (("ський", "ська"), ("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname
