"""Names the rule types and their tables share: scopes, match modes, token classes.

The lowest module of the package: :mod:`.base`, :mod:`.text` and :mod:`.words` all read
these, and it imports none of them.
"""

DOCUMENT, HEADINGS = "document", "headings"
LEMMA, LOWER = "lemma", "lower"
TOKEN_CLASS_NAMES = ("s-passive",)   # ``is:`` values; implemented in words.TOKEN_CLASSES
