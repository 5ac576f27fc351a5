"""Messages: every sentence reportgen says to a user, looked up by key in the user's language.

The texts live in ``templates/messages/<language>.yaml`` (Swedish is the default, English the
second catalogue). Code names a key and its values, never the words::

    say("score_over_max", value=25, max=20)

The language is chosen once per process: ``--lang`` on the command line, else the
``REPORTGEN_LANG`` environment variable, else Swedish. A message missing from the chosen
catalogue falls back to the default one, so a half-translated catalogue still works.
"""

from __future__ import annotations

import os
from functools import cache

import yaml

from reportgen.resources import TEMPLATES

ENVIRONMENT_VARIABLE = "REPORTGEN_LANG"

_chosen: str | None = None


def available_message_languages() -> list[str]:
    return sorted(p.stem for p in (TEMPLATES / "messages").glob("*.yaml"))


def set_language(language: str | None) -> None:
    """Use ``language`` for every message from now on (``None``: back to the environment's choice).

    An unknown language raises ``KeyError``; the caller says so in the language in force.
    """
    global _chosen
    if language is not None and language not in available_message_languages():
        raise KeyError(language)
    _chosen = language


@cache
def default_language() -> str:
    """The language of messages where neither ``--lang`` nor the environment chooses one: ``messages``
    in the shipped ``templates/defaults.yaml`` (the catalogue every other one falls back to). Read
    here, not through the framework's settings, which may have a message of their own to say."""
    defaults = yaml.load((TEMPLATES / "defaults.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    return str(defaults["messages"])


def current_language() -> str:
    if _chosen:
        return _chosen
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    if from_environment in available_message_languages():
        return from_environment
    return default_language()


@cache
def _catalogue(language: str) -> dict[str, str]:
    path = TEMPLATES / "messages" / f"{language}.yaml"
    entries = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader) or {}
    return {str(key): str(value) for key, value in entries.items()}


def all_wordings(key: str) -> set[str]:
    """Every message language's words for ``key`` (a comma-separated list in each catalogue), casefolded:
    what a user may write in a document whatever language the messages are in."""
    return {word.strip().casefold() for language in available_message_languages()
            for word in _catalogue(language).get(key, "").split(",") if word.strip()}


def say(key: str, **values: object) -> str:
    """The message ``key`` in the current language with ``values`` filled in."""
    text = _catalogue(current_language()).get(key)
    if text is None:
        text = _catalogue(default_language())[key]
    return text.format(**values)
