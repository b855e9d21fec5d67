"""The small closed vocabularies users write (CLI flags, ``[tool.msv]``, ``modelstudio.yaml``).

One source for each: the CLI choices, settings validation, the ``modelstudio.yaml`` reader and
the pydantic schemas all read these tuples (the schemas as ``Literal[...]``), so adding a value
is one edit. Plain tuples: importing this costs nothing.
"""

from __future__ import annotations

RESIDENCIES = ("cn", "intl", "us", "eu", "jp", "hk")      # where data may be processed
PLANS = ("payg", "coding-plan", "token-plan")             # what a key is billed under
USAGES = ("backend", "interactive")                       # who calls: an application, or a person's coding tool
# words that make a file a template people copy and no client loads (``.env.example``, ``config.sample.yaml``)
TEMPLATE_WORDS = ("example", "sample", "template", "tmpl", "tpl", "dist", "default", "defaults", "skel",
                  "examples", "samples", "templates")


def has_template_word(name: str) -> bool:
    """Is a word of the lower-cased file name ``name`` (split at ``.``, ``_`` and ``-``) one of
    TEMPLATE_WORDS? The one test the dotenv reader and the rules share; plain string splits
    (an empty word between two separators is no template word either way)."""
    return any(w in TEMPLATE_WORDS for w in name.replace(".", "-").replace("_", "-").split("-"))
