"""The German dictionary (simplemma's own data) as a memory-mapped trie, and wordfreq's frequency table.

simplemma keeps its German dictionary (1.1 M entries) front-coded and lzma-compressed; its default
factory decodes all of it into a dict on the first lookup (about 1 s and 90 MB). The same entries in
a MARISA trie (``marisa-trie``, which simplemma supports through its ``TrieDictionaryFactory``) are
built once, saved in the cache folder and memory-mapped by every later process: nothing to decode,
pages shared between worker processes. Lemmas and the known-word test go through simplemma's own
strategies, so they are the same as ``simplemma.lemmatize`` / ``simplemma.is_known``.

The cache folder is the ``cache_dir`` setting (``$DARUMGEHTS_CACHE_DIR``), else the user's cache folder
(``~/.cache/darumgehts``).
``make install`` builds it ahead of time (:func:`ensure_trie`).
When the folder cannot be written, the trie is built in memory for the process.

wordfreq's German frequency table is read straight from its data file: importing wordfreq pulls in
ftfy, langcodes and regex for its tokenizer, which the table does not need.
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import tempfile
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path

LANG = "de"
FREQUENCY_LIST = "small"  # see tokens.WORDLIST

log = logging.getLogger(__name__)


_configured: list[Path] = []  # set by use_cache_dir (the cache_dir setting)


def use_cache_dir(folder: Path | None) -> None:
    """Keep the trie in ``folder`` (the ``cache_dir`` setting); None: the default. Takes effect before the first lookup."""
    _configured[:] = [Path(folder).expanduser()] if folder else []


def cache_dir() -> Path:
    """Where the trie is kept: the ``cache_dir`` setting, ``$DARUMGEHTS_CACHE_DIR`` or the user's cache folder."""
    if _configured:
        return _configured[0]
    folder = os.environ.get("DARUMGEHTS_CACHE_DIR")
    if folder:
        return Path(folder).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("darumgehts"))


def trie_path(lang: str = LANG) -> Path:
    from simplemma import __version__ as simplemma_version

    return cache_dir() / f"simplemma-{simplemma_version}" / f"{lang}.marisa"


def build_trie(lang: str = LANG):
    """A BytesTrie of simplemma's shipped dictionary for ``lang`` (decodes it once)."""
    from marisa_trie import HUGE_CACHE, BytesTrie
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    raw = _load_dictionary_from_disk(lang)
    return BytesTrie(((k.decode(), v) for k, v in raw.items()), cache_size=HUGE_CACHE)


def ensure_trie(lang: str = LANG) -> Path | None:
    """The path of the saved trie, built and saved first when missing; None when it cannot be saved."""
    path = trie_path(lang)
    if path.exists():
        return path
    trie = build_trie(lang)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write beside it, then rename: a process reading the folder never sees half a trie
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.chmod(tmp, 0o644)
        trie.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Could not save the dictionary trie in %s (%s); it is built for this process only.", path.parent, exc)
        return None
    return path


class _TrieFactory:
    """simplemma's DictionaryFactory protocol over a memory-mapped trie (one per language)."""

    def __init__(self) -> None:
        self._dictionaries: dict[str, Mapping[str, str]] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = self._dictionaries.get(lang)
        if found is None:
            from marisa_trie import BytesTrie
            from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieWrapDict

            path = ensure_trie(lang)
            if path is None:
                trie = build_trie(lang)
            else:
                try:
                    trie = BytesTrie().mmap(str(path))
                except Exception:  # a damaged cache file: drop it, the next process saves it again
                    path.unlink(missing_ok=True)
                    trie = build_trie(lang)
            found = self._dictionaries[lang] = TrieWrapDict(trie)
        return found


@cache
def _simplemma():
    """simplemma's default lemmatizer and dictionary lookup, over the trie."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
    from simplemma.utils import normalize_token

    factory = _TrieFactory()
    # no cache of its own: tokens.lemma and referents keep the lemmas they need (a second copy cost ~10 MB per 1,000 articles)
    return Lemmatizer(cache_max_size=0, lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)), \
        DictionaryLookupStrategy(factory), normalize_token


def lemmatize(token: str) -> str:
    """simplemma.lemmatize(token, lang="de")."""
    return _simplemma()[0].lemmatize(token, LANG)


@lru_cache(maxsize=200_000)
def is_known(token: str) -> bool:
    """simplemma.is_known(token, lang="de")."""
    _, lookup, normalize = _simplemma()
    return lookup.get_lemma(normalize(token), LANG) is not None


@cache
def frequencies() -> dict[str, float]:
    """wordfreq.get_frequency_dict("de", "small"), read from wordfreq's data file without importing wordfreq."""
    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - packaging error
        from ..errors import ConfigError

        raise ConfigError("wordfreq is not installed; reinstall darumgehts.")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{FREQUENCY_LIST}_{LANG}.msgpack.gz"
    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        from ..errors import ConfigError

        raise ConfigError(f"{path} is not a wordfreq cBpack file.")
    freqs: dict[str, float] = {}
    for index, bucket in enumerate(data[1:]):
        freq = 10 ** (-index / 100)  # wordfreq.cB_to_freq(-index)
        for word in bucket:
            freqs[word] = freq
    return freqs
