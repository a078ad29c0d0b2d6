"""Official files under data/raw/ turned into datasets by recipes.

    recipes.py    reads and checks data/recipes/*.yml (docs/content-format.md, "Recipes")
    rawfiles.py   opens a raw file bounded: its size, gzip, its lines (limits.py)
    ocdsread.py   the releases of an OCDS file, checked, for ocdskit to compile
    procurement.py  the procurement indicators of the compiled releases
    catalogue.py  the indicators of a CKAN catalogue export
    derive.py     every recipe's table, cached by the raw file's hash and the recipe
"""
