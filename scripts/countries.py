#!/usr/bin/env python3
"""Rewrites catalog/countries.tsv with the country names of the Unicode CLDR (through Babel).

The codes stay those of the file (ISO 3166-1 alpha-2); only the English and French names
change. CLDR's short forms are used where CLDR has one (Hong Kong, Macao, Palestine), as the
real portals list them; see OVERRIDES for the few names written differently. Run by hand after `pip install babel`:

    python3 scripts/countries.py
"""
from pathlib import Path

from babel import Locale

# CLDR's alt="short" names, which Babel does not expose, and the two Congos by their full names
# (CLDR's "Congo - Kinshasa" is not how a form names a country).
OVERRIDES = {
    "HK": ("Hong Kong", "Hong Kong"),
    "MO": ("Macao", "Macao"),
    "PS": ("Palestine", "Palestine"),
    "CD": ("Democratic Republic of the Congo", "République démocratique du Congo"),
    "CG": ("Republic of the Congo", "République du Congo"),
}


def english(name):
    """CLDR's English writes "&" and "St."; a government form writes them out."""
    return name.replace(" & ", " and ").replace("St. ", "Saint ")

path = Path(__file__).resolve().parent.parent / "catalog" / "countries.tsv"
codes = [line.split("\t")[0] for line in path.read_text().splitlines() if line and not line.startswith("#")]
en, fr = Locale("en"), Locale("fr")
lines = [
    "# ISO 3166-1 alpha-2 codes with English and French names from the Unicode CLDR "
    "(Unicode licence), written by scripts/countries.py."
]
for code in codes:
    names = OVERRIDES.get(code, (english(en.territories[code]), fr.territories[code]))
    lines.append(f"{code}\t{names[0]}\t{names[1]}")
path.write_text("\n".join(lines) + "\n")
print(f"{len(codes)} countries written to {path}")
