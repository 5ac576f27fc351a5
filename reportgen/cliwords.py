"""The command-line framework's own words (usage line, help headings, usage errors) in the message language.

Typer 0.29 formats help through a vendored click whose words ("Usage:", "Error:", "No such option",
"Show this message and exit.") are plain English literals with no gettext call, so no translation
catalogue can reach them; only typer's own layer (``typer/core.py``: the headings "Arguments",
"Options", "Commands" and "[default: …]", "[required]") goes through ``gettext``. The supported hooks
that reach both are the ones used here: the command and group classes (``cls=``), their context's
formatter class, and the help and completion options those classes return. The one thing these
hooks cannot reach is typer's gettext alias, which :func:`translate_typer` points at the catalogue.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer.core
from typer._click import exceptions as click_errors
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort
from typer.models import Context

from reportgen.messages import say

# typer's gettext message ids (typer/core.py) -> our message keys
_TYPER_WORDS = {
    "Arguments": "click_arguments",
    "Options": "click_options",
    "Commands": "click_commands",
    "default: {default}": "click_default",
    "required": "click_required",
    "env var: {var}": "click_env_var",
    "(dynamic)": "click_dynamic",
    "Aborted!": "click_aborted",
    "Missing command.": "click_missing_command",
    "No such command {name!r}.": "click_no_such_command",
}


def _typer_gettext(message: str) -> str:
    """typer's ``_()``: its English message id in the current message language, placeholders kept."""
    key = _TYPER_WORDS.get(message)
    if key is None:
        return message
    # the catalogue's placeholders are named like typer's; say() would fill them, so keep them as they are
    return say(key, default="{default}", var="{var}", name="{name!r}")


def translate_typer() -> None:
    """Send typer's gettext calls to the message catalogue.

    gettext's global functions choose the language from the LANGUAGE/LANG environment only, while
    ``--lang`` and REPORTGEN_LANG must win; so typer's module alias for ``gettext.gettext`` is pointed
    at the catalogue instead. It is looked up at call time, so this works whenever it runs.
    """
    typer.core._ = _typer_gettext


class _Formatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else say("click_usage") + " ")


class _Context(Context):
    formatter_class = _Formatter


def _hint(error: click_errors.BadParameter) -> str:
    """The parameter an error is about, as click names it ("'DOKUMENT'", "'-f' / '--format'")."""
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "")


# The vendored click's usage messages that an evaluator meets, as its parser words them (English
# literals, no gettext): the option's name is filled in as click does, with !r.
_OPTION_USAGE = {
    "Option {name!r} does not take a value.": "click_option_takes_no_value",
    "Option {name!r} requires an argument.": "click_option_needs_value",
}
_EXTRA = ("Got unexpected extra argument(s) (", ")")


def _conversion_reason(error: click_errors.BadParameter) -> str | None:
    """Why typer could not convert a value, in the message language: typer 0.29 converts through
    pydantic and passes on pydantic's English sentence, whose error type and context are kept on
    the exception it raises from."""
    errors = getattr(error.__cause__, "errors", None)
    if not callable(errors):
        return None
    first = next(iter(errors()), None)
    if first is None:
        return None
    given, context = first.get("input"), first.get("ctx") or {}
    match first["type"]:
        case "int_parsing" | "int_from_float":
            return say("click_not_an_integer", input=given)
        case "greater_than_equal":
            return say("click_at_least", input=given, limit=context.get("ge"))
        case "less_than_equal":
            return say("click_at_most", input=given, limit=context.get("le"))
    return None


def usage_error_message(error: click_errors.UsageError) -> str:
    """What went wrong, in the message language (the kinds an evaluator meets; click's words otherwise)."""
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        key = "click_missing_argument" if kind == "argument" else "click_missing_option"
        return say(key, name=_hint(error))
    if isinstance(error, click_errors.BadParameter):
        hint = _hint(error)
        reason = _conversion_reason(error) or error.message
        return say("click_invalid_value", name=hint, reason=reason) if hint else error.format_message()
    if isinstance(error, click_errors.BadOptionUsage):
        for english, key in _OPTION_USAGE.items():
            if error.message == english.format(name=error.option_name):
                return say(key, option=error.option_name)
    if type(error) is click_errors.UsageError and error.message.startswith(_EXTRA[0]) and error.message.endswith(")"):
        return say("click_extra_arguments", arguments=error.message[len(_EXTRA[0]):-1])
    if isinstance(error, click_errors.NoSuchOption):
        text = say("click_no_such_option", option=error.option_name)
        if error.possibilities:
            text += " " + say("click_did_you_mean", options=", ".join(sorted(error.possibilities)))
        return text
    return error.format_message()


def show_usage_error(error: click_errors.UsageError) -> None:
    """click's usage error (usage line, help hint, the error) with our words."""
    lines = []
    ctx = error.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(say("click_try_help", command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(say("click_error", message=usage_error_message(error)))
    print("\n".join(lines), file=sys.stderr)


class _Words:
    """Shared by the command and the group: our context, help option and completion options."""

    context_class = _Context

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = say("click_help_option")
        return option

    def get_params(self, ctx: Context) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in ("install_completion", "show_completion"):
                param.help = say(f"click_{param.name}")
        return params


class Command(_Words, TyperCommand):
    """A typer command whose help is in the message language."""


class Group(_Words, TyperGroup):
    """The app's group: its help and every usage error below it in the message language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggest_commands = False  # typer appends its suggestion in English: resolve_command does it

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as error:
            matches = get_close_matches(args[0], list(self.commands)) if args else []
            if matches:
                error.message += " " + say("click_did_you_mean", options=", ".join(repr(m) for m in matches))
            raise

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        # click prints usage errors itself in standalone mode, in English: take them over, and keep
        # standalone mode's exits (an Exit comes back as its code; a normal return is 0)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:  # no arguments: the help (in our words already)
            error.show()
            sys.exit(error.exit_code)
        except click_errors.UsageError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except click_errors.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except Abort:
            print(say("click_aborted"), file=sys.stderr)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
