"""The one error type a person running a command can act on: said in Chinese and in English."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the command's inputs (a folder, a URL, a database): the CLI prints both lines and exits 2."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en
