"""Words that are not names: the role a word plays when it is a legal form, a generic word
of an organisation or place name, or a title (service/matching/normalize.py gives each
word its role; scoring weighs the roles). Every entry has a source, as in rules.py
(tests/matching/test_table_provenance.py holds both to that).
"""

from __future__ import annotations

# Legal forms of organisations (single words).
LEGAL_WORDS = frozenset({
    # Source: Russian Civil Code ch. 4 and Federal Law 14-FZ / 208-FZ / 161-FZ (OOO, ZAO,
    # OAO, PAO, AO, FGUP, GUP, MUP, IP, NKO, ANO) and their usual English renderings
    "llc", "ooo", "zao", "oao", "pao", "ao", "pjsc", "ojsc", "cjsc", "jsc", "njsc",
    "fgup", "gup", "mup", "ip", "nko", "ano", "akb", "kb", "sue", "fsue",
    # Source: Ukrainian Civil and Commercial Codes (TOV, PAT, PrAT, DP, NAK, KP, VAT)
    "tov", "pat", "prat", "dp", "nak", "kp", "vat",
    # Source: English-language company law (UK Companies Act 2006, US state statutes)
    "co", "company", "companies", "corp", "corporation", "inc", "incorporated", "ltd",
    "limited", "llp", "plc", "lp", "pvt", "establishment", "est", "enterprise", "unitary",
    # Source: ISO 20275 Entity Legal Forms code list (GLEIF): German, French, Italian,
    # Spanish, Dutch, Belgian, Nordic, Hungarian, Czech/Slovak, South Slavic, Turkish forms
    "gmbh", "ag", "kg", "ohg", "mbh", "sa", "sarl", "sas", "spa", "srl", "bv", "nv", "ab",
    "as", "oy", "sprl", "asbl", "ev", "vzw", "eirl", "eurl", "ltda", "cia", "sl", "kft",
    "zrt", "sro", "doo", "ad", "ead", "ood", "firma", "sirketi",
    # Source: ISO 20275 (GLEIF): Gulf and Lebanese forms (FZE, FZCO, FZC free-zone
    # companies, SAL, WLL, PJS), Malaysian and Singaporean (Sdn Bhd, Pte)
    "fze", "fzco", "fzc", "sal", "wll", "pjs", "sdn", "bhd", "pte",
    # Source: Russian Civil Code ch. 4 and Ukrainian Civil Code, the forms written out
    # (BGN/PCGN and passport romanisation)
    "obshchestvo", "obshestvo", "tovarystvo", "tavarystva", "aktsionernoe", "aktsionernoye",
    "zakrytoe", "zakrytoye", "otkrytoe", "otkrytoye", "publichnoe", "publichnoye",
    "ogranichennoy", "ogranichennoi", "otvetstvennostyu", "otvetstvennostiu",
    # Source: as above: unitary and state enterprises (Civil Code art. 113), partnerships
    "unitarnoe", "unitarnoye", "predpriyatie", "predpriyatiye", "pidpryemstvo",
    "gosudarstvennoe", "gosudarstvennoye", "federalnoe", "federalnoye", "kompaniya",
    "kompania", "tovarishchestvo",
    # Source: Belarusian Civil Code (foreign-owned: IOOO, IUP; "inostrannoe")
    "ioo", "iooo", "inostrannoe", "inostrannoye", "zamezhnaye",
    # Belarusian and Ukrainian joint-stock and state forms. Source: Belarusian and
    # Ukrainian Civil Codes, in BGN/PCGN and passport romanisation
    "adkrytaye", "zakrytaye", "aktsyyanernaye", "aktsiyanernaye", "pryvatnae", "dzyarzhaunae",
    "unitarnae", "pradpryemstva", "vidkryte", "zakryte", "aktsionerne", "pryvatne",
    "derzhavne", "publichne",
    # their initials. Source: Belarusian Civil Code (AAT = OJSC, ZAT = CJSC, TAA = LLC,
    # ZTAA/ITAA = foreign LLC); FLLC/FUE, the English of IOOO/IUP in Belarusian registers
    "aat", "zat", "taa", "ztaa", "itaa", "fllc", "fue",
})  # fmt: skip

# Words that describe what an organisation is rather than which one: they count, but half.
# Not the words that tell armed groups apart (a "brigade" and a "battalion" of one name,
# network, movement, front, army, province): there a different word means a different group.
ORG_GENERIC_WORDS = frozenset({
    # Source: the most frequent head nouns of company and institution names (kind, sector)
    # in English registers, e.g. the UK Companies House "sensitive words" and industry
    # sector (SIC) titles
    "bank", "group", "holding", "holdings", "international", "trading", "trade", "industries",
    "industry", "industrial", "factory", "plant", "foundation", "organization",
    "organisation", "society", "association", "center", "centre", "institute", "services",
    "service", "investment", "investments", "development", "engineering", "construction",
    # Source: as above (English sector and institution words)
    "shipping", "export", "import", "general", "national", "charitable", "charity", "welfare",
    "fund", "committee", "agency", "office", "commercial", "state", "joint", "stock",
    "department", "directorate", "concern", "complex", "factories", "mines",
    "mining", "exploration", "aviation", "television", "channel", "media", "insurance",
    # Source: as above (English sector and institution words)
    "exchange", "production", "manufacturing", "research", "systems", "technology",
    "technical", "electronics", "airlines", "airline", "logistics", "transport",
    "transportation", "enterprises", "resources", "management", "university", "laboratory",
    "club", "relief", "humanitarian", "partners",
    # Source: the same words in Persian/Turkish (sanat, sanaye/sanayi "industries", ticaret
    # "trade"), Arabic (muassasa "establishment", jamiyat "society", khayriyya "charitable";
    # ALA-LC) and Russian (zavod, fond, kombinat, obedinenie, aviakompaniya, stroitelnaya;
    # BGN/PCGN): see also glossary.GLOSSES
    "sanat", "sanaye", "sanayi", "sanaie", "ticaret", "muassasat", "muassasa", "jamiyat",
    "jamiat", "khayriyya", "khayriyyah", "zavod", "fond", "kombinat", "obedinenie",
    "obedineniye", "obyedineniye", "aviakompaniya", "stroitelnaya",
})  # fmt: skip

# Titles and honorifics before a person's name: they say nothing about which person
# ("Sheikh Zayed" = "Zayed", "Hajj Amin", "Col. Nasser").
TITLES = frozenset({
    # Source: Islamic religious and honorific titles (Encyclopaedia of Islam: shaykh, hajj,
    # mawlana, mawlawi, mulla, mufti, ayatollah, hojatoleslam, sayyid) in English, French,
    # Persian and South Asian spellings
    "sheikh", "shaikh", "shaykh", "sheik", "cheikh", "cheik", "hajj", "haj", "hadj", "haji",
    "hajji", "alhaj", "alhaji", "mawlana", "maulana", "mowlana", "maulvi", "mawlawi",
    "mullah", "mulla", "mollah", "maulawi", "maulavi", "moulavi", "molvi", "mufti",
    "ayatollah", "ayatullah", "hojatoleslam", "syed", "seyed", "seyyed", "daw",
    # Source: military ranks and civil titles with their standard English abbreviations
    # (NATO STANAG 2116 rank titles; Oxford Style Manual abbreviations)
    "col", "colonel", "maj", "capt", "captain", "lt", "brig", "brigadier", "sgt", "dr",
    "doctor", "prof", "professor", "mr", "mrs", "ms", "mme", "sir", "lieutenant", "gen",
    "cmdr", "commander", "adm", "admiral", "eng",
})  # fmt: skip

# Words naming the kind of place rather than which one: administrative and settlement
# terms of many languages ("Alba County", "Changwat Krabi", "Amphoe Khon Kaen"); they
# count, but half, like ORG_GENERIC_WORDS.
PLACE_GENERIC_WORDS = frozenset({
    # Source: English, Russian/Ukrainian/Belarusian (BGN/PCGN: oblast, rayon, okrug, kray,
    # gorod, selo, posyolok, misto, horad) administrative and settlement terms
    "city", "town", "village", "district", "province", "region", "county", "municipality",
    "oblast", "rajon", "raion", "rayon", "okrug", "krai", "kray", "gorod", "selo",
    "posyolok", "poselok", "mista", "misto", "horad", "gorad",
    # Source: Thai (RTGS: changwat, amphoe, mueang/muang, tambon), Chinese (xian),
    # Romanian (statul, judetul, orasul, municipiul, comuna), Polish (gmina, powiat),
    # Scandinavian, German, French, Spanish terms (ISO 3166-2 subdivision categories)
    "changwat", "amphoe", "mueang", "muang", "tambon", "xian", "statul", "judetul",
    "orasul", "municipiul", "comuna", "gmina", "powiat", "kommune", "kommuna", "gemeinde",
    "stadt", "ville", "commune", "municipio",
    # Source: Arabic baladiya (municipality), muhafaza (governorate) in ALA-LC and in this
    # engine's romanisation of the Arabic script ("bldia"); Persian ostan, shahrestan
    "baladiyat", "bldia", "baladiyyat", "baladiya", "baladiyah", "baladiyya",
    "muhafazat", "muhafazah", "ostan", "shahrestan",
    # Source: "city" in Kazakh (qalasy, kalasy), Kyrgyz (shaary) and Kalmyk (balhsn), as
    # translit.CYRILLIC writes the Cyrillic forms GeoNames holds
    "qalasy", "kalasy", "shaary", "balhsn",
})  # fmt: skip

# Multi-word legal forms, matched as whole phrases: "limited liability company" = LLC.
LEGAL_PHRASES: tuple[tuple[str, ...], ...] = (
    # Source: Russian, Ukrainian and Belarusian Civil Codes, written out (BGN/PCGN)
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"),
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"),
    ("tovarystvo", "z", "obmezhenoyu", "vidpovidalnistyu"),
    ("tavarystva", "z", "abmezhavanay", "adkaznastsyu"),
    # Source: English names of company forms (UK Companies Act 2006; OFAC's renderings of
    # the Russian and Belarusian forms)
    ("limited", "liability", "company"),
    ("foreign", "limited", "liability", "company"),  # IOOO, a Belarusian form
    ("foreign", "unitary", "enterprise"),
    ("limited", "liability", "partnership"),
    ("closed", "joint", "stock", "company"),
    ("open", "joint", "stock", "company"),
    # Source: as above (English company forms)
    ("public", "joint", "stock", "company"),
    ("joint", "stock", "company"),
    ("limited", "liability"),
    ("private", "joint", "stock", "company"),
    ("private", "joint", "stock", "corporation"),
    ("private", "limited"),
    # Source: ISO 20275 (GLEIF) legal forms written out or as dotted initials: French,
    # Spanish, Mexican (S. de R.L. de C.V.), Italian, Gulf (B.S.C., W.L.L.), South Slavic
    ("societe", "anonyme"),
    ("sociedad", "anonima"),
    ("sociedad", "anonima", "de", "capital", "variable"),
    ("s", "a"),
    ("s", "a", "l"),
    ("s", "a", "r", "l"),
    # Source: as above (ISO 20275 forms as dotted initials)
    ("l", "l", "c"),
    ("co", "ltd"),
    ("s", "de", "r", "l", "de", "c", "v"),
    ("s", "a", "de", "c", "v"),
    ("s", "de", "r", "l"),
    ("de", "c", "v"),
    # Source: as above (ISO 20275 forms as dotted initials)
    ("s", "r", "l"),
    ("s", "p", "a"),
    ("s", "a", "s"),
    ("s", "c", "a"),
    ("b", "s", "c"),
    ("w", "l", "l"),
    # Source: as above (ISO 20275 forms as dotted initials)
    ("p", "l", "c"),
    ("j", "s", "c"),
    ("a", "s"),
    ("d", "o", "o"),
    ("b", "v"),
    ("n", "v"),
)
